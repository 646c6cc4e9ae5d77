//! `json`: one pretty-printed JSON document (`docs/json-output.md`): the
//! scored answers with their summary, or the readiness report.

use serde::Serialize;

use super::{Exporter, Readiness, Style};
use crate::outcome::{Batch, ScoredAnswer, Summary, SCHEMA_VERSION};

/// The `json` format.
pub struct Json;

impl Exporter for Json {
    fn scores(&self, batch: &Batch, _: &Style) -> String {
        render(batch)
    }

    fn readiness(&self, readiness: &Readiness<'_>, _: &Style) -> String {
        let mut text =
            serde_json::to_string_pretty(readiness.report).expect("the report always serializes");
        text.push('\n');
        text
    }
}

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
