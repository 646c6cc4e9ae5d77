//! The question bank: questions, their rubrics, and the compiled matchers.
//!
//! A bank is a folder with this layout (the built-in bank is embedded in the
//! binary with the same layout, so `mock` works from any directory):
//!
//! ```text
//! questions/<theme>/<id>.yaml   one question each (see `Question`)
//! rubrics/<id>.yaml             the rubric of question <id> (see `Rubric`)
//! ```
//!
//! Loading parses every file, reports *every* problem it finds (YAML errors
//! with `path:line:column`), and compiles each rubric once.

pub mod load;
mod locate;
mod model;
pub mod validate;

use std::path::Path;

pub use model::{Concept, Depth, Polarity, Question, RedFlag, Rubric, Sequence};

use crate::error::{AnswerError, BankError};
use crate::matching::gist::Gist;
use crate::matching::Matcher;

/// The JSON Schema of question or rubric files, pretty-printed, generated
/// from the Rust types so it cannot drift from what the loader accepts.
pub fn json_schema(kind: crate::cli::SchemaKind) -> String {
    let schema = match kind {
        crate::cli::SchemaKind::Question => schemars::schema_for!(Question),
        crate::cli::SchemaKind::Rubric => schemars::schema_for!(Rubric),
    };
    let mut text = serde_json::to_string_pretty(&schema).expect("schemas serialize");
    text.push('\n');
    text
}

/// A question with its rubric, compiled for matching.
#[derive(Debug, Clone)]
pub struct Entry {
    /// The question.
    pub question: Question,
    /// Its rubric.
    pub rubric: Rubric,
    /// The rubric compiled for matching.
    pub matcher: Matcher,
    /// Per concept, its gist for recognising paraphrases.
    pub gists: Vec<Gist>,
    /// Where the question came from, for messages.
    pub question_path: String,
    /// Where the rubric came from, for messages.
    pub rubric_path: String,
}

/// A loaded, validated question bank.
#[derive(Debug, Clone)]
pub struct Bank {
    entries: Vec<Entry>,
}

impl Bank {
    /// The built-in bank embedded in the binary.
    pub fn builtin() -> Result<Bank, BankError> {
        load::from_files(load::embedded_files())
    }

    /// Loads a bank from a folder laid out like the built-in one.
    pub fn load(dir: &Path) -> Result<Bank, BankError> {
        load::from_files(load::folder_files(dir)?).and_then(|bank| {
            if bank.entries.is_empty() {
                Err(BankError::Empty(dir.to_owned()))
            } else {
                Ok(bank)
            }
        })
    }

    /// All entries, ordered by theme and then id.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The entry of question `id`, if the bank has it.
    pub fn get(&self, id: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.question.id == id)
    }

    /// The entry of question `id`, or an error naming the valid ids.
    pub fn lookup(&self, source: &str, id: &str) -> Result<&Entry, AnswerError> {
        self.get(id).ok_or_else(|| AnswerError::UnknownQuestion {
            path: source.to_owned(),
            id: id.to_owned(),
            valid: self.ids().join(", "),
        })
    }

    /// The question ids, in bank order.
    pub fn ids(&self) -> Vec<&str> {
        self.entries
            .iter()
            .map(|e| e.question.id.as_str())
            .collect()
    }

    /// The themes, in bank order, without duplicates.
    pub fn themes(&self) -> Vec<&str> {
        let mut themes: Vec<&str> = Vec::new();
        for entry in &self.entries {
            if !themes.contains(&entry.question.theme.as_str()) {
                themes.push(&entry.question.theme);
            }
        }
        themes
    }

    /// The entries of one theme (all entries when `theme` is `None`).
    pub fn in_theme(&self, theme: Option<&str>) -> Vec<&Entry> {
        self.entries
            .iter()
            .filter(|e| theme.is_none_or(|t| e.question.theme == t))
            .collect()
    }
}
