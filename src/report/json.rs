//! The JSON and JSON Lines formats (`docs/json-output.md`).

use serde::Serialize;

use super::{Batch, ScoredAnswer, Summary, SCHEMA_VERSION};

#[derive(Serialize)]
struct Document<'a> {
    schema: u32,
    results: &'a [ScoredAnswer],
    summary: &'a Summary,
}

/// One pretty-printed document with the schema version, results and summary.
pub fn render(batch: &Batch) -> String {
    let document = Document {
        schema: SCHEMA_VERSION,
        results: &batch.results,
        summary: &batch.summary,
    };
    let mut text =
        serde_json::to_string_pretty(&document).expect("the result model always serializes");
    text.push('\n');
    text
}

/// One compact JSON object per result, one per line.
pub fn render_lines(batch: &Batch) -> String {
    batch.results.iter().map(render_line).collect()
}

/// One result as a line of JSON Lines.
pub fn render_line(result: &ScoredAnswer) -> String {
    let mut line = serde_json::to_string(result).expect("the result model always serializes");
    line.push('\n');
    line
}
