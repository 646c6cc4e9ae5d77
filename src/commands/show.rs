//! `mock show`: one question, and with `--rubric` its rubric.

use std::io::Write;

use super::{question, unknown_question, Context};
use crate::bank::Polarity;
use crate::cli::ShowArgs;
use crate::error::{Error, EXIT_OK};
use crate::output::style::Color;

/// Prints a question, and its rubric when asked.
pub fn run(context: &Context, args: &ShowArgs, out: &mut dyn Write) -> Result<i32, Error> {
    // Without --rubric only the question is needed: no rubric is compiled.
    let q = context
        .bank
        .question(&args.id)
        .ok_or_else(|| unknown_question(&context.bank, &args.id))?;
    let style = &context.style;
    writeln!(
        out,
        "{} ({}, {} minutes)\n",
        style.paint(&q.title, Color::Bold),
        q.theme,
        q.time_box_minutes
    )?;
    writeln!(
        out,
        "{}\n",
        style.emphasis(&style.wrap(q.question.trim(), "", ""))
    )?;
    let probes = style.wrap(&format!("What it probes: {}", q.probes.trim()), "", "");
    writeln!(
        out,
        "{}",
        probes.replacen(
            "What it probes:",
            &style.paint("What it probes:", Color::Bold),
            1
        )
    )?;
    if !args.rubric {
        writeln!(
            out,
            "\n(After you have practised: mock show {} --rubric)",
            q.id
        )?;
        return Ok(EXIT_OK);
    }
    let entry = question(&context.bank, &args.id)?;
    if entry.rubric.drafted {
        writeln!(
            out,
            "\n{}",
            style.paint(
                "Drafted rubric: written by `mock` from a model answer and not yet reviewed by an author.",
                Color::Bold
            )
        )?;
        if !entry.rubric.model_answers.is_empty() {
            writeln!(
                out,
                "With the semantic stage on, an answer whose sentences come close in meaning to the model answer's also earns part of that closeness."
            )?;
        }
    }
    writeln!(
        out,
        "\n{}",
        style.paint("Key points of a strong answer", Color::Bold)
    )?;
    for point in &q.key_points {
        writeln!(out, "{}", style.wrap(point, "  - ", "    "))?;
    }
    let mut table = style.table();
    table.set_header(vec!["concept", "weight", "counts when", "phrases"]);
    for concept in &entry.rubric.concepts {
        let polarity = match concept.polarity {
            Polarity::Affirmed => "affirmed",
            Polarity::Rejected => "rejected",
            Polarity::Any => "mentioned",
        };
        let mut phrases = concept.phrases.clone();
        phrases.extend(concept.patterns.iter().map(|p| format!("/{p}/")));
        table.add_row(vec![
            concept.label.clone(),
            concept.weight.to_string(),
            polarity.to_owned(),
            phrases.join(", "),
        ]);
    }
    writeln!(out, "\n{table}")?;
    let from_library: Vec<String> = entry
        .rubric
        .concepts
        .iter()
        .filter_map(|c| Some(format!("{} ({})", c.label, c.library.as_ref()?)))
        .collect();
    if !from_library.is_empty() {
        writeln!(
            out,
            "\n{}",
            style.paint("From the concept library (mock concepts)", Color::Bold)
        )?;
        for line in &from_library {
            writeln!(out, "{}", style.wrap(line, "  - ", "    "))?;
        }
    }
    if !entry.rubric.red_flags.is_empty() {
        writeln!(out, "\n{}", style.paint("Red flags", Color::Bold))?;
        for flag in &entry.rubric.red_flags {
            let text = format!(
                "{} (-{}): {}",
                flag.label,
                flag.penalty,
                flag.phrases.join(", ")
            );
            writeln!(out, "{}", style.wrap(&text, "  - ", "    "))?;
        }
    }
    let explained: Vec<_> = entry
        .rubric
        .concepts
        .iter()
        .filter(|c| !c.claims.is_empty())
        .collect();
    if !explained.is_empty() {
        writeln!(
            out,
            "\n{}",
            style.paint(
                "What explaining each concept means (its claims)",
                Color::Bold
            )
        )?;
        for concept in explained {
            writeln!(out, "{}", style.wrap(&concept.label, "  ", "    "))?;
            for claim in &concept.claims {
                writeln!(out, "{}", style.wrap(&claim.text, "    - ", "      "))?;
            }
        }
    }
    if !entry.rubric.misconceptions.is_empty() {
        writeln!(
            out,
            "\n{}",
            style.paint("Wrong claims that cap the score", Color::Bold)
        )?;
        for wrong in &entry.rubric.misconceptions {
            let text = format!("{}: {}", wrong.label, wrong.feedback);
            writeln!(out, "{}", style.wrap(&text, "  - ", "    "))?;
        }
    }
    if !q.follow_ups.is_empty() {
        writeln!(
            out,
            "\n{}",
            style.paint("Follow-ups an interviewer may ask", Color::Bold)
        )?;
        for follow_up in &q.follow_ups {
            writeln!(out, "{}", style.wrap(follow_up, "  - ", "    "))?;
        }
    }
    Ok(EXIT_OK)
}
