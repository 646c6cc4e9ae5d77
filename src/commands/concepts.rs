//! `mock concepts`: the concept library, and which questions use each concept.

use std::io::Write;

use serde::Serialize;

use super::Context;
use crate::cli::{ConceptsArgs, ListFormat};
use crate::error::{Error, EXIT_OK};

/// One library concept as `mock concepts --format json` prints it (a stable
/// contract, documented in docs/json-output.md).
#[derive(Debug, Serialize)]
struct ConceptRow<'a> {
    /// `<library>/<id>`: what a rubric writes after `use:`.
    id: String,
    library: &'a str,
    area: &'a str,
    label: &'a str,
    /// `affirmed`, `rejected` or `any`.
    polarity: &'a mock_engine::rubric::Polarity,
    /// The propositions that explaining the concept means.
    claims: Vec<&'a str>,
    /// Ids of the wrong claims that contradict it.
    misconceptions: Vec<&'a str>,
    /// Ids of the harmful practices that come with it.
    red_flags: Vec<&'a str>,
    /// The questions whose rubrics use it, in bank order.
    questions: Vec<&'a str>,
}

/// Lists the library's concepts, by area, with the questions that use them.
pub fn run(context: &Context, args: &ConceptsArgs, out: &mut dyn Write) -> Result<i32, Error> {
    let bank = &context.bank;
    let library = bank.library();
    let areas: Vec<&str> = {
        let mut areas: Vec<&str> = library.entries().iter().map(|e| e.area.as_str()).collect();
        areas.sort_unstable();
        areas.dedup();
        areas
    };
    if let Some(area) = &args.area {
        if !areas.contains(&area.as_str()) {
            return Err(Error::Usage(format!(
                "no library area {area:?}; areas: {}",
                areas.join(", ")
            )));
        }
    }
    let mut rows: Vec<ConceptRow<'_>> = library
        .entries()
        .iter()
        .filter(|e| args.area.as_ref().is_none_or(|a| &e.area == a))
        .map(|e| ConceptRow {
            id: e.full_id(),
            library: &e.library,
            area: &e.area,
            label: &e.concept.label,
            polarity: &e.concept.polarity,
            claims: e.concept.claims.iter().map(|c| c.text.as_str()).collect(),
            misconceptions: e
                .concept
                .misconceptions
                .iter()
                .map(|m| m.id.as_str())
                .collect(),
            red_flags: e.concept.red_flags.iter().map(|f| f.id.as_str()).collect(),
            questions: Vec::new(),
        })
        .collect();
    for row in &mut rows {
        row.questions = bank.questions_using(&row.id);
    }
    rows.sort_by(|a, b| (a.area, &a.id).cmp(&(b.area, &b.id)));
    if args.format == ListFormat::Json {
        let json = serde_json::to_string_pretty(&rows).expect("serializable");
        writeln!(out, "{json}")?;
        return Ok(EXIT_OK);
    }
    let style = &context.style;
    let mut table = style.table();
    table.set_header(vec!["concept", "area", "label", "claims", "used by"]);
    for row in &rows {
        table.add_row(vec![
            row.id.clone(),
            row.area.to_owned(),
            row.label.to_owned(),
            row.claims.len().to_string(),
            if row.questions.is_empty() {
                "-".to_owned()
            } else {
                row.questions.join(", ")
            },
        ]);
    }
    writeln!(out, "{table}")?;
    let unused = rows.iter().filter(|r| r.questions.is_empty()).count();
    writeln!(
        out,
        "{} concepts in {} areas; {unused} used by no question",
        rows.len(),
        areas.len()
    )?;
    Ok(EXIT_OK)
}
