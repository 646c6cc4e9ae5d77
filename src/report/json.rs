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

/// The document of [`render`], written one result at a time: the same
/// bytes, without holding the results.
#[derive(Debug, Default)]
pub struct JsonWriter {
    results: usize,
}

impl JsonWriter {
    /// Writes one result (and the document's head before the first).
    pub fn add(
        &mut self,
        result: &ScoredAnswer,
        out: &mut dyn std::io::Write,
    ) -> std::io::Result<()> {
        out.write_all(if self.results == 0 {
            b"{\n  \"schema\": "
        } else {
            b",\n"
        })?;
        if self.results == 0 {
            write!(out, "{SCHEMA_VERSION},\n  \"results\": [\n")?;
        }
        self.results += 1;
        let text =
            serde_json::to_string_pretty(result).expect("the result model always serializes");
        // Nested two levels deep: four more spaces on every line.
        for (i, line) in text.lines().enumerate() {
            if i > 0 {
                out.write_all(b"\n")?;
            }
            out.write_all(b"    ")?;
            out.write_all(line.as_bytes())?;
        }
        Ok(())
    }

    /// Writes the end of the results and the summary.
    pub fn finish(self, summary: &Summary, out: &mut dyn std::io::Write) -> std::io::Result<()> {
        if self.results == 0 {
            let empty = Batch {
                results: Vec::new(),
                summary: summary.clone(),
            };
            return out.write_all(render(&empty).as_bytes());
        }
        let text = serde_json::to_string_pretty(summary).expect("the summary always serializes");
        write!(out, "\n  ],\n  \"summary\": ")?;
        for (i, line) in text.lines().enumerate() {
            if i > 0 {
                out.write_all(b"\n  ")?;
            }
            out.write_all(line.as_bytes())?;
        }
        out.write_all(b"\n}\n")
    }
}
