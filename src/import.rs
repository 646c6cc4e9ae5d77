//! `mock bank import`: an interview-prep document in Markdown to a bank.
//!
//! Accepted shape (that of the seed document): question headings, each with
//! a model answer under it, grouped under theme headings one level up.
//!
//! ```text
//! ### Theme 1: Architecture & Design Philosophy        <- theme (any level above questions)
//! #### Q1: "Walk me through ...?" {#adr-process}       <- question; {#id} is optional
//! *   **What's Really Being Asked:** ...               <- optional: becomes `probes`
//! *   **The Best Response (Framework):** ...           <- the model answer (else the whole section)
//! ```
//!
//! Question headings are the headings that start with `Q<n>` or end with a
//! question mark; their most common level is the question level. Ids come
//! from `{#id}` or a slug of the question, made unique; themes likewise from
//! a slug of the theme heading without its `Theme <n>:` prefix.

use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::{Path, PathBuf};

use regex::Regex;

use crate::bank::validate::{is_slug, MAX_ID_CHARS};
use crate::bank::{Question, RubricFile};
use crate::error::Error;
use crate::library_draft::LibraryDrafter;
use crate::rubric_draft::{slug, to_yaml, DEFAULT_CONCEPTS};

/// One imported question with its drafted rubric.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The question.
    pub question: Question,
    /// The model answer it was drafted from.
    pub model_answer: String,
    /// The drafted rubric: library concepts by reference, the rest drafted.
    pub rubric: RubricFile,
}

struct Heading {
    line: usize,
    level: usize,
    text: String,
    id: Option<String>,
}

/// Largest document `bank import` reads, in megabytes: far beyond any
/// prep document, and a device or a pipe without end is refused instead of
/// filling memory.
pub const MAX_DOCUMENT_MB: u64 = 16;

/// Reads a document to import: at most [`MAX_DOCUMENT_MB`], UTF-8 (an
/// error names the first bad byte).
pub fn read_document(path: &Path) -> Result<String, Error> {
    let shown = crate::escape::path(path);
    let limit = MAX_DOCUMENT_MB << 20;
    let mut bytes = Vec::new();
    std::fs::File::open(path)
        .and_then(|file| file.take(limit + 1).read_to_end(&mut bytes))
        .map_err(|e| Error::Usage(format!("{shown}: {e}")))?;
    if bytes.len() as u64 > limit {
        return Err(Error::Usage(format!(
            "{shown}: more than {MAX_DOCUMENT_MB} MB is too large for a document to import (limit {MAX_DOCUMENT_MB} MB)"
        )));
    }
    String::from_utf8(bytes).map_err(|e| {
        Error::Usage(format!(
            "{shown}: not valid UTF-8 text (byte {}); save the document as UTF-8",
            e.utf8_error().valid_up_to()
        ))
    })
}

/// Parses a document into questions with drafted rubrics.
pub fn parse(path: &Path, text: &str, drafter: &LibraryDrafter) -> Result<Vec<Imported>, Error> {
    parse_with_warnings(path, text, drafter).map(|(imported, _)| imported)
}

/// Like [`parse`], with a `path:line: warning: ...` for every question that
/// could not be drafted (it is left out; the rest of the file is imported).
pub fn parse_with_warnings(
    path: &Path,
    text: &str,
    drafter: &LibraryDrafter,
) -> Result<(Vec<Imported>, Vec<String>), Error> {
    let mut warnings = Vec::new();
    let name = crate::escape::path(path);
    let attribute = Regex::new(r"\s*\{#([A-Za-z0-9_-]+)\}\s*$").expect("valid");
    let numbering = Regex::new(r"^(?:Q\s*\d+|Question\s+\d+)\s*[:.)-]\s*").expect("valid");
    let theme_prefix = Regex::new(r"^(?i:theme)\s*\d*\s*[:.)-]\s*").expect("valid");
    // A byte-order mark would hide the first heading.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let lines: Vec<&str> = text.lines().collect();
    let headings: Vec<Heading> = lines
        .iter()
        .enumerate()
        .filter_map(|(i, line)| {
            let level = line.chars().take_while(|&c| c == '#').count();
            let rest = line.get(level..)?;
            (level > 0 && rest.starts_with(' ')).then(|| {
                let raw = rest.trim();
                let id = attribute.captures(raw).map(|c| c[1].to_owned());
                Heading {
                    line: i + 1,
                    level,
                    text: attribute.replace(raw, "").trim().to_owned(),
                    id,
                }
            })
        })
        .collect();
    let is_question = |h: &Heading| {
        numbering.is_match(&h.text)
            || h.text
                .trim_end_matches(['"', '\u{201d}', '*'])
                .ends_with('?')
    };
    let mut levels: Vec<usize> = headings
        .iter()
        .filter(|h| is_question(h))
        .map(|h| h.level)
        .collect();
    levels.sort_unstable();
    let Some(question_level) = levels
        .iter()
        .copied()
        .max_by_key(|l| levels.iter().filter(|x| *x == l).count())
    else {
        return Err(Error::Usage(format!(
            "{name}: no question headings found (expected headings such as `#### Q1: \"...?\"` under theme headings such as `### Theme 1: ...`)"
        )));
    };

    let mut imported: Vec<Imported> = Vec::new();
    let mut used: HashSet<String> = HashSet::new();
    let mut suffixes: HashMap<String, usize> = HashMap::new();
    let mut theme = "general".to_owned();
    for (index, heading) in headings.iter().enumerate() {
        if heading.level < question_level {
            theme = heading
                .id
                .clone()
                .unwrap_or_else(|| slug(&theme_prefix.replace(&heading.text, "")));
            continue;
        }
        if heading.level != question_level || !is_question(heading) {
            continue;
        }
        let end = headings[index + 1..]
            .iter()
            .find(|h| h.level <= question_level)
            .map_or(lines.len(), |h| h.line - 1);
        let body: Vec<&str> = lines[heading.line..end]
            .iter()
            .copied()
            .filter(|l| l.trim() != "---")
            .collect();
        let (probes, answer) = split_body(&body);
        // A one- or two-word model answer ("At the main function.") still
        // drafts a rubric; only a question with no answer at all is left out,
        // and the rest of the file is imported.
        if !answer.chars().any(char::is_alphanumeric) {
            warnings.push(format!(
                "{name}:{}: warning: question {:?} has no model answer under it; it was not imported",
                heading.line, heading.text
            ));
            continue;
        }
        let question_text = numbering
            .replace(&heading.text, "")
            .trim()
            .trim_matches(['"', '\u{201c}', '\u{201d}'])
            .to_owned();
        let mut id = heading
            .id
            .clone()
            .unwrap_or_else(|| crate::question_naming::question_id(&question_text));
        // A repeated title gets `-2`, `-3`, ...: a set of the ids in use and
        // the last suffix tried per base keep this linear (rescanning every
        // question for each suffix made 8,000 equal titles take 419 s).
        if used.contains(&id) {
            let base = id.clone();
            let n = suffixes.entry(base.clone()).or_insert(1);
            while used.contains(&id) {
                *n += 1;
                id = format!("{base}-{n}");
            }
        }
        // The loader's own rule, so that the bank written here loads.
        if !is_slug(&id) {
            return Err(Error::Usage(format!(
                "{name}:{}: question id {} is not a slug: use letters, digits, '-' and '_' (at most {MAX_ID_CHARS} characters)",
                heading.line,
                crate::escape::inline(&crate::error::shorten_quotes(&format!("{id:?}"), 40))
            )));
        }
        used.insert(id.clone());
        let title = crate::question_naming::question_title(&question_text);
        let question = Question {
            id: id.clone(),
            theme: theme.clone(),
            title,
            question: question_text,
            probes: if probes.is_empty() {
                "TODO: what the question really probes.".to_owned()
            } else {
                probes
            },
            time_box_minutes: 5,
            follow_ups: Vec::new(),
            key_points: Vec::new(),
        };
        let rubric = drafter.draft(
            &id,
            &question.question,
            &[answer.as_str()],
            DEFAULT_CONCEPTS,
        );
        imported.push(Imported {
            question,
            model_answer: answer,
            rubric,
        });
    }
    if imported.is_empty() {
        return Err(Error::Usage(format!(
            "{name}: no question with a model answer found (questions are headings such as \"Q1: ...\" with the model answer below)"
        )));
    }
    Ok((imported, warnings))
}

/// Splits a question's section into what it probes and the model answer.
fn split_body(body: &[&str]) -> (String, String) {
    let clean = |line: &str| {
        line.trim()
            .trim_start_matches(['*', '-', ' '])
            .replace("**", "")
            .trim()
            .to_owned()
    };
    let probe_at = body
        .iter()
        .position(|l| l.to_lowercase().contains("really being asked"));
    let answer_at = body.iter().position(|l| {
        l.to_lowercase().contains("best response") || l.to_lowercase().contains("model answer")
    });
    let probes = probe_at
        .map(|i| {
            clean(body[i])
                .split_once(':')
                .map_or(String::new(), |(_, rest)| rest.trim().to_owned())
        })
        .unwrap_or_default();
    let answer_lines: Vec<String> = match answer_at {
        Some(i) => {
            let first = clean(body[i])
                .split_once(':')
                .map_or(String::new(), |(_, rest)| rest.trim().to_owned());
            std::iter::once(first)
                .chain(body[i + 1..].iter().map(|l| l.trim().to_owned()))
                .collect()
        }
        None => body
            .iter()
            .enumerate()
            .filter(|(i, _)| Some(*i) != probe_at)
            .map(|(_, l)| l.trim().to_owned())
            .collect(),
    };
    (probes, answer_lines.join("\n").trim().to_owned())
}

/// Writes an imported bank into `dir`; refuses a folder that is not empty
/// unless `force`. The bank is built in a temporary folder beside `dir` and
/// moved into place, so a failure leaves no half bank. Returns the files
/// written.
pub fn write_bank(dir: &Path, imported: &[Imported], force: bool) -> Result<Vec<PathBuf>, Error> {
    crate::fsutil::write_folder_staged(dir, force, ".mock-import.", |staging| {
        write_bank_files(staging, imported)
    })
}

/// Writes the files of an imported bank into `dir`; returns their paths
/// relative to it.
fn write_bank_files(dir: &Path, imported: &[Imported]) -> Result<Vec<PathBuf>, Error> {
    let mut written = Vec::new();
    let mut files: Vec<(PathBuf, String)> = Vec::new();
    for item in imported {
        let question = serde_norway::to_string(&item.question).expect("a question serializes");
        files.push((
            dir.join("questions")
                .join(&item.question.theme)
                .join(format!("{}.yaml", item.question.id)),
            format!(
                "# yaml-language-server: $schema=../../schemas/question.schema.json\n{question}"
            ),
        ));
        files.push((
            dir.join("rubrics")
                .join(format!("{}.yaml", item.question.id)),
            to_yaml(&item.rubric),
        ));
    }
    files.push((
        dir.join(".mock.yaml"),
        "# Thresholds for `mock report` (docs/config.md).\nmin_score: 60\n".to_owned(),
    ));
    files.push((
        dir.join("schemas/question.schema.json"),
        crate::bank::json_schema(crate::bank::FileKind::Question),
    ));
    files.push((
        dir.join("schemas/rubric.schema.json"),
        crate::bank::json_schema(crate::bank::FileKind::Rubric),
    ));
    for (path, text) in files {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        crate::fsutil::write_atomic(&path, text.as_bytes())?;
        written.push(path.strip_prefix(dir).unwrap_or(&path).to_path_buf());
    }
    Ok(written)
}
