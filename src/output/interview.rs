//! The text of `mock interview`: the short feedback after an answer and the
//! summary at the end, wrapped at word boundaries to the style's width.

use std::fmt::Write;

use super::style::{score_color, Color, Fit, Style};
use super::table::minutes;
use crate::interview::follow_up::made;
use crate::interview::summary::Summary;
use crate::scoring::Assessment;
use crate::terminal::plural;

/// One line after an answer: its score and how many concepts it explained,
/// named only or missed.
pub fn answer_line(label: &str, a: &Assessment, style: &Style) -> String {
    let explained = a.concepts.iter().filter(|c| made(c)).count();
    let missing = a.concepts.iter().filter(|c| !c.hit).count();
    let named = a.concepts.len() - explained - missing;
    let score = format!("{:.1}", a.score);
    let mut text = format!(
        "{label}: score {score}; of {} concepts {explained} explained, {named} named only, {missing} missing",
        a.concepts.len()
    );
    if !a.misconceptions.is_empty() {
        let _ = write!(text, "; {}", plural(a.misconceptions.len(), "wrong claim"));
    }
    if !a.red_flags.is_empty() {
        let _ = write!(text, "; {}", plural(a.red_flags.len(), "red flag"));
    }
    let painted = style.paint(&score, score_color(a.score));
    style
        .wrap(&text, "", "  ")
        .replacen(&format!("score {score}"), &format!("score {painted}"), 1)
}

/// After a follow-up answer: the score with it, and what it explained.
pub fn follow_up_line(before: &Assessment, after: &Assessment, style: &Style) -> String {
    let gained: Vec<&str> = after
        .concepts
        .iter()
        .zip(&before.concepts)
        .filter(|(now, then)| now.credit > then.credit)
        .map(|(now, _)| now.label.as_str())
        .collect();
    let text = format!(
        "With the follow-up: score {:.1} ({:+.1}); newly covered: {}",
        after.score,
        after.score - before.score,
        if gained.is_empty() {
            "nothing".to_owned()
        } else {
            gained.join("; ")
        }
    );
    style.wrap(&text, "", "  ")
}

/// The summary of a session.
pub fn interview_summary(summary: &Summary, style: &Style) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", style.paint("Interview summary", Color::Bold));
    let rows = summary
        .questions
        .iter()
        .map(|q| {
            vec![
                (q.question.clone(), None),
                (q.theme.clone(), None),
                (format!("{:.1}", q.before), None),
                (format!("{:.1}", q.after), Some(score_color(q.after))),
                (q.follow_ups.to_string(), None),
                (
                    format!("{} / {}m", minutes(q.seconds), q.time_box_minutes),
                    None,
                ),
            ]
        })
        .collect();
    let table = style.fitted_table(
        &[
            ("question", Fit::Id),
            ("theme", Fit::Id),
            ("before", Fit::Fixed),
            ("after", Fit::Fixed),
            ("follow-ups", Fit::Fixed),
            ("time", Fit::Text),
        ],
        rows,
    );
    let _ = writeln!(out, "{table}");

    for q in &summary.questions {
        let head = format!(
            "{} ({}): {:.1} before the follow-ups, {:.1} after",
            q.question, q.title, q.before, q.after
        );
        let _ = writeln!(out, "\n{}", style.wrap(&head, "", "  "));
        let lists = [
            ("explained", &q.explained),
            ("named, not explained", &q.named_only),
            ("still missing", &q.missing),
            ("wrong claims", &q.wrong),
            ("red flags", &q.red_flags),
        ];
        for (name, items) in lists {
            if !items.is_empty() {
                let text = format!("{name}: {}", items.join("; "));
                let _ = writeln!(out, "{}", style.wrap(&text, "  ", "    "));
            }
        }
    }

    if !summary.themes.is_empty() {
        let _ = writeln!(out, "\n{}", style.paint("Per theme", Color::Bold));
        for t in &summary.themes {
            let mut text = format!(
                "{}: {:.1} before the follow-ups, {:.1} after ({})",
                t.theme,
                t.before,
                t.after,
                plural(t.questions, "question")
            );
            if let Some(min) = t.min_score {
                let _ = write!(text, "; minimum {min}");
            }
            let _ = writeln!(out, "{}", style.wrap(&text, "  ", "    "));
        }
    }
    if !summary.strongest.is_empty() {
        let text = format!("Strongest: {}", summary.strongest.join("; "));
        let _ = writeln!(out, "\n{}", style.wrap(&text, "", "  "));
    }
    if !summary.weakest.is_empty() {
        let text = format!("Weakest: {}", summary.weakest.join("; "));
        let _ = writeln!(out, "{}", style.wrap(&text, "", "  "));
    }
    if !summary.study.is_empty() {
        let _ = writeln!(out, "\n{}", style.paint("Study plan", Color::Bold));
        for (n, item) in summary.study.iter().enumerate() {
            let text = format!(
                "{}. {}, then practise: {}",
                n + 1,
                item.show,
                item.concepts.join("; ")
            );
            let _ = writeln!(out, "{}", style.wrap(&text, "  ", "     "));
        }
        let _ = writeln!(
            out,
            "{}",
            style.wrap(
                "Then again: mock ask --id ID, or mock ask --due for the most due question.",
                "  ",
                "    "
            )
        );
    }
    if !summary.not_reached.is_empty() {
        let text = format!("Not reached: {}", summary.not_reached.join(", "));
        let _ = writeln!(out, "\n{}", style.wrap(&text, "", "  "));
    }
    let v = &summary.verdict;
    let (verdict, color) = if v.passed {
        ("passed", Color::Green)
    } else {
        ("FAILED", Color::Red)
    };
    let text = format!(
        "Verdict: {verdict} against the report's thresholds; mean final score {:.1} over {}",
        v.mean,
        plural(summary.questions.len(), "question")
    );
    let text = style
        .wrap(&text, "", "  ")
        .replacen(verdict, &style.paint(verdict, color), 1);
    let _ = writeln!(out, "\n{text}");
    for failure in &v.failures {
        let _ = writeln!(out, "{}", style.wrap(failure, "  x ", "    "));
    }
    out
}
