//! Reading bank files (embedded or from a folder) and validating them.

use std::collections::HashSet;
use std::path::Path;

use include_dir::{include_dir, Dir};
use serde::de::DeserializeOwned;

use super::{Bank, Entry, Question, Rubric};
use crate::error::{BankError, BankProblem};
use crate::matching::Matcher;

static QUESTIONS: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/questions");
static RUBRICS: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/rubrics");

/// A bank file: its display path, whether it is a rubric, and its text.
pub struct BankFile {
    path: String,
    is_rubric: bool,
    text: String,
}

/// The files of the built-in bank.
pub fn embedded_files() -> Vec<BankFile> {
    let mut files = Vec::new();
    collect_embedded(&QUESTIONS, "questions", false, &mut files);
    collect_embedded(&RUBRICS, "rubrics", true, &mut files);
    files
}

fn collect_embedded(dir: &Dir<'_>, root: &str, is_rubric: bool, files: &mut Vec<BankFile>) {
    for file in dir.files() {
        if is_yaml(file.path()) {
            files.push(BankFile {
                path: format!("<built-in>/{root}/{}", file.path().display()),
                is_rubric,
                text: file.contents_utf8().unwrap_or_default().to_owned(),
            });
        }
    }
    for sub in dir.dirs() {
        collect_embedded(sub, root, is_rubric, files);
    }
}

/// The files of a bank folder.
pub fn folder_files(dir: &Path) -> Result<Vec<BankFile>, BankError> {
    if !dir.is_dir() {
        return Err(BankError::Io {
            path: dir.to_owned(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "bank folder not found"),
        });
    }
    let mut files = Vec::new();
    for (sub, is_rubric) in [("questions", false), ("rubrics", true)] {
        let root = dir.join(sub);
        if !root.is_dir() {
            continue;
        }
        for item in walkdir::WalkDir::new(&root)
            .follow_links(true)
            .sort_by_file_name()
        {
            let item = item.map_err(|e| BankError::Io {
                path: e.path().unwrap_or(&root).to_owned(),
                source: e
                    .into_io_error()
                    .unwrap_or_else(|| std::io::Error::other("symlink loop")),
            })?;
            if item.file_type().is_file() && is_yaml(item.path()) {
                let text =
                    std::fs::read_to_string(item.path()).map_err(|source| BankError::Io {
                        path: item.path().to_owned(),
                        source,
                    })?;
                files.push(BankFile {
                    path: item.path().display().to_string(),
                    is_rubric,
                    text,
                });
            }
        }
    }
    Ok(files)
}

fn is_yaml(path: &Path) -> bool {
    matches!(
        path.extension().and_then(|e| e.to_str()),
        Some("yaml" | "yml")
    )
}

fn parse<T: DeserializeOwned>(file: &BankFile, problems: &mut Vec<BankProblem>) -> Option<T> {
    match serde_norway::from_str(&file.text) {
        Ok(value) => Some(value),
        Err(error) => {
            let (line, column) = error.location().map_or((1, 1), |l| (l.line(), l.column()));
            // The location is already in our prefix; drop serde's " at line X column Y".
            let message = error.to_string();
            let message = message
                .split(" at line ")
                .next()
                .unwrap_or(&message)
                .to_owned();
            problems.push(BankProblem::Yaml {
                path: file.path.clone(),
                line,
                column,
                message,
            });
            None
        }
    }
}

/// Parses and validates bank files into a bank; reports every problem found.
pub fn from_files(files: Vec<BankFile>) -> Result<Bank, BankError> {
    let mut problems = Vec::new();
    let mut questions: Vec<(String, Question)> = Vec::new();
    let mut rubrics: Vec<(String, Rubric)> = Vec::new();
    for file in &files {
        if file.is_rubric {
            if let Some(rubric) = parse::<Rubric>(file, &mut problems) {
                rubrics.push((file.path.clone(), rubric));
            }
        } else if let Some(question) = parse::<Question>(file, &mut problems) {
            questions.push((file.path.clone(), question));
        }
    }
    let invalid = |path: &str, message: String| BankProblem::Invalid {
        path: path.to_owned(),
        message,
    };

    let mut seen = HashSet::new();
    for (path, question) in &questions {
        if !seen.insert(question.id.clone()) {
            problems.push(invalid(
                path,
                format!("duplicate question id {:?}", question.id),
            ));
        }
        if question.time_box_minutes == 0 {
            problems.push(invalid(path, "time_box_minutes must be at least 1".into()));
        }
    }
    let mut seen = HashSet::new();
    for (path, rubric) in &rubrics {
        if !seen.insert(rubric.question.clone()) {
            problems.push(invalid(
                path,
                format!("second rubric for question {:?}", rubric.question),
            ));
        }
        if !questions.iter().any(|(_, q)| q.id == rubric.question) {
            problems.push(invalid(
                path,
                format!("rubric for unknown question {:?}", rubric.question),
            ));
        }
        validate_rubric(path, rubric, &mut problems);
    }
    for (path, question) in &questions {
        if !rubrics.iter().any(|(_, r)| r.question == question.id) {
            problems.push(invalid(
                path,
                format!(
                    "question {:?} has no rubric (rubrics/{}.yaml)",
                    question.id, question.id
                ),
            ));
        }
    }
    if !problems.is_empty() {
        return Err(BankError::Invalid(problems));
    }

    let mut entries = Vec::new();
    for (question_path, question) in questions {
        let Some((rubric_path, rubric)) = rubrics
            .iter()
            .find(|(_, r)| r.question == question.id)
            .cloned()
        else {
            continue;
        };
        match Matcher::compile(&rubric.concepts, &rubric.red_flags) {
            Ok(matcher) => entries.push(Entry {
                question,
                rubric,
                matcher,
                question_path,
                rubric_path,
            }),
            Err(compile_problems) => problems.extend(
                compile_problems
                    .into_iter()
                    .map(|p| invalid(&rubric_path, format!("{}: {}", p.target, p.message))),
            ),
        }
    }
    if !problems.is_empty() {
        return Err(BankError::Invalid(problems));
    }
    entries.sort_by(|a, b| {
        (&a.question.theme, &a.question.id).cmp(&(&b.question.theme, &b.question.id))
    });
    Ok(Bank { entries })
}

fn validate_rubric(path: &str, rubric: &Rubric, problems: &mut Vec<BankProblem>) {
    let invalid = |message: String| BankProblem::Invalid {
        path: path.to_owned(),
        message,
    };
    if rubric.concepts.is_empty() {
        problems.push(invalid("a rubric needs at least one concept".into()));
    }
    let mut ids = HashSet::new();
    for concept in &rubric.concepts {
        if !ids.insert(concept.id.as_str()) {
            problems.push(invalid(format!("duplicate id {:?}", concept.id)));
        }
        if !(concept.weight.is_finite() && concept.weight > 0.0) {
            problems.push(invalid(format!(
                "concept {:?}: weight must be a positive number",
                concept.id
            )));
        }
    }
    for flag in &rubric.red_flags {
        if !ids.insert(flag.id.as_str()) {
            problems.push(invalid(format!("duplicate id {:?}", flag.id)));
        }
        if !(flag.penalty.is_finite() && (0.0..=100.0).contains(&flag.penalty)) {
            problems.push(invalid(format!(
                "red flag {:?}: penalty must be between 0 and 100",
                flag.id
            )));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, is_rubric: bool, text: &str) -> BankFile {
        BankFile {
            path: path.into(),
            is_rubric,
            text: text.into(),
        }
    }

    const QUESTION: &str =
        "id: q\ntheme: t\ntitle: T\nquestion: Q?\nprobes: P\ntime_box_minutes: 5\n";
    const RUBRIC: &str = "question: q\nconcepts:\n  - id: c\n    label: C\n    weight: 1\n    phrases: [outbox]\n    hint: H\n";

    #[test]
    fn a_valid_bank_loads() {
        let bank = from_files(vec![
            file("q.yaml", false, QUESTION),
            file("r.yaml", true, RUBRIC),
        ])
        .unwrap();
        assert_eq!(bank.ids(), ["q"]);
    }

    #[test]
    fn yaml_errors_carry_path_line_and_column() {
        let broken = RUBRIC.replace("    weight: 1\n", "    weight: 1\n    phrase: [x]\n");
        let error = from_files(vec![
            file("q.yaml", false, QUESTION),
            file("r.yaml", true, &broken),
        ])
        .unwrap_err();
        let message = error.to_string();
        assert!(
            message.starts_with("r.yaml:6:5: concepts[0]: unknown field `phrase`"),
            "{message}"
        );
    }

    #[test]
    fn every_problem_is_reported() {
        let bad = RUBRIC
            .replace("weight: 1", "weight: 0")
            .replace("question: q", "question: other");
        let error = from_files(vec![
            file("q.yaml", false, QUESTION),
            file("r.yaml", true, &bad),
        ])
        .unwrap_err();
        let message = error.to_string();
        assert!(
            message.contains("rubric for unknown question \"other\""),
            "{message}"
        );
        assert!(
            message.contains("weight must be a positive number"),
            "{message}"
        );
        assert!(
            message.contains("q.yaml: question \"q\" has no rubric"),
            "{message}"
        );
    }
}
