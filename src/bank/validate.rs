//! Validation of a parsed bank: every problem as a located [`Diagnostic`].
//!
//! What is wrong with one rubric is the engine's to say: each kind of rule
//! lints itself (`mock_engine::lint`), and this module places each problem
//! at `path:line:column`. What involves several files is checked here:
//! question ids, a rubric per question, a question per rubric.
//!
//! Errors make a bank unusable; warnings point at rubrics that probably do
//! not do what their author meant, and are only computed for
//! `mock rubric check` (`lints = true`).

use std::collections::{HashMap, HashSet};

use mock_engine::{CompiledRubric, Lint, LintScope, Place};

use super::load::Parsed;
use super::locate::{Location, Locator};
use crate::error::{Diagnostic, Severity};

/// The result of validation.
pub struct Checked {
    /// Every problem found, in file order.
    pub diagnostics: Vec<Diagnostic>,
    /// Each parsed rubric compiled (`None` when it has errors).
    pub compiled: Vec<Option<CompiledRubric>>,
}

struct Findings<'a> {
    parsed: &'a Parsed,
    diagnostics: Vec<Diagnostic>,
}

impl Findings<'_> {
    fn push(&mut self, file: usize, at: Option<Location>, severity: Severity, message: String) {
        let (line, column) = at.unwrap_or((1, 1));
        let path = self.parsed.files[file].path.clone();
        self.diagnostics.push(Diagnostic {
            path,
            line,
            column,
            severity,
            message: crate::error::shorten_quotes(&message, crate::error::MAX_QUOTE),
        });
    }
}

/// Validates a parsed bank; with `lints`, also computes the warnings.
pub fn check(parsed: &Parsed, lints: bool) -> Checked {
    let mut report = Findings {
        parsed,
        diagnostics: Vec::new(),
    };
    check_questions(&mut report);
    // Library concepts first, each on its own at its place in its library
    // file; a rubric that uses one then reports only its own problems.
    let mut library_messages: HashMap<String, HashSet<String>> = HashMap::new();
    for entry in parsed.library.entries() {
        let builtin = entry.origin == super::load::BUILTIN_ORIGIN;
        if builtin || (parsed.files[entry.origin].is_builtin() && !parsed.checks_builtin_library) {
            continue;
        }
        let before = report.diagnostics.len();
        let rubric = parsed.library.standalone(entry);
        check_rubric(
            &mut report,
            entry.origin,
            &rubric,
            lints,
            LintScope::LibraryConcept,
        );
        library_messages.insert(
            entry.full_id(),
            report.diagnostics[before..]
                .iter()
                .map(|d| d.message.clone())
                .collect(),
        );
    }
    let compiled = parsed
        .rubrics
        .iter()
        .map(|(file, rubric)| {
            let before = report.diagnostics.len();
            let compiled = check_rubric(&mut report, *file, rubric, lints, LintScope::Question);
            let reported: HashSet<&String> = rubric
                .concepts
                .iter()
                .filter_map(|c| library_messages.get(c.library.as_ref()?))
                .flatten()
                .collect();
            let mut n = 0;
            report.diagnostics.retain(|d| {
                n += 1;
                n <= before || !reported.contains(&d.message)
            });
            compiled
        })
        .collect();
    report
        .diagnostics
        .sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
    Checked {
        diagnostics: report.diagnostics,
        compiled,
    }
}

fn check_questions(report: &mut Findings<'_>) {
    let parsed = report.parsed;
    let mut seen = HashSet::new();
    for (file, question) in &parsed.questions {
        let locator = Locator::new(&parsed.files[*file].text);
        if !is_slug(&question.id) {
            let message = format!(
                "question id {:?} is not a slug: use letters, digits, '-' and '_' (at most {MAX_ID_CHARS} characters); it names files and is typed on command lines",
                question.id
            );
            report.push(*file, locator.key(None, "id"), Severity::Error, message);
        }
        if !seen.insert(question.id.as_str()) {
            let message = format!("duplicate question id {:?}", question.id);
            report.push(*file, locator.key(None, "id"), Severity::Error, message);
        }
        if question.time_box_minutes == 0 {
            let message = "time_box_minutes must be at least 1".to_owned();
            report.push(
                *file,
                locator.key(None, "time_box_minutes"),
                Severity::Error,
                message,
            );
        }
        // A rubric file of that name that failed to parse has its own error.
        let rubric_file = format!("{}.yaml", question.id);
        let unparsed = parsed
            .files
            .iter()
            .any(|f| f.kind == super::FileKind::Rubric && f.path.ends_with(&rubric_file));
        if !unparsed
            && !parsed
                .rubrics
                .iter()
                .any(|(_, r)| r.question == question.id)
        {
            let message = format!(
                "question {:?} has no rubric (rubrics/{}.yaml)",
                question.id, question.id
            );
            report.push(*file, locator.key(None, "id"), Severity::Error, message);
        }
    }
}

/// Longest question id accepted, in characters.
pub const MAX_ID_CHARS: usize = 100;

/// Whether `id` is a slug: letters, digits, `-` and `_`, at most
/// [`MAX_ID_CHARS`] characters.
pub fn is_slug(id: &str) -> bool {
    !id.is_empty()
        && id.chars().count() <= MAX_ID_CHARS
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
}

/// The checks of one rubric (a question's, or one library concept's on its
/// own): those that tie it to its question here, then the engine's lint,
/// each problem placed in the file.
fn check_rubric(
    report: &mut Findings<'_>,
    file: usize,
    rubric: &super::Rubric,
    lints: bool,
    scope: LintScope,
) -> Option<CompiledRubric> {
    let parsed = report.parsed;
    let locator = Locator::new(&parsed.files[file].text);
    if scope == LintScope::Question {
        check_question_link(report, file, &locator, rubric);
    }
    let (compiled, problems) = mock_engine::lint(rubric, lints, scope);
    for Lint {
        severity,
        place,
        message,
    } in problems
    {
        let severity = match severity {
            mock_engine::Severity::Error => Severity::Error,
            mock_engine::Severity::Warning => Severity::Warning,
            mock_engine::Severity::Note => Severity::Note,
        };
        report.push(file, locate(&locator, &place), severity, message);
    }
    compiled
}

/// The checks that tie a rubric file to its question.
fn check_question_link(
    report: &mut Findings<'_>,
    file: usize,
    locator: &Locator<'_>,
    rubric: &super::Rubric,
) {
    let parsed = report.parsed;
    let question_at = locator.key(None, "question");
    let earlier = parsed
        .rubrics
        .iter()
        .take_while(|(f, _)| *f != file)
        .filter(|(_, r)| r.question == rubric.question);
    if earlier.count() > 0 {
        let message = format!("second rubric for question {:?}", rubric.question);
        report.push(file, question_at, Severity::Error, message);
    }
    if !parsed
        .questions
        .iter()
        .any(|(_, q)| q.id == rubric.question)
    {
        let message = format!("rubric for unknown question {:?}", rubric.question);
        report.push(file, question_at, Severity::Error, message);
    }
}

/// The line and column of `place` in a rubric or library file: the value,
/// else the key, else the item, else the fallback top-level key; `None`
/// (the top of the file) when none is found. A concept is found by its
/// `id:` line, else (a used library concept has none) as the `index`-th
/// item of its list.
fn locate(locator: &Locator<'_>, place: &Place) -> Option<Location> {
    let item = place.item.as_ref().and_then(|i| {
        locator.item(i.section, &i.id, i.occurrence).or_else(|| {
            (i.section == "concepts")
                .then(|| locator.list_item(i.section, i.index))
                .flatten()
        })
    });
    let key = place.key.and_then(|key| match &place.item {
        Some(_) => item.and_then(|at| locator.key(Some(at), key)),
        None => locator.key(None, key),
    });
    let value = place.value.as_ref().and_then(|(value, lines)| {
        let from = if place.key.is_some() { key } else { item };
        from.and_then(|from| locator.value(from, value, *lines))
    });
    value
        .or(key)
        .or(item)
        .or_else(|| place.or_top_key.and_then(|k| locator.key(None, k)))
}
