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

mod library;
pub mod load;
mod locate;
pub mod validate;

use std::path::Path;
use std::sync::Arc;

use mock_engine::semantic::Encoder;
use mock_engine::CompiledQuestion;

pub use mock_engine::library::{ConceptEntry, Library, LibraryFile, RubricFile};
pub use mock_engine::rubric::{
    Claim, Concept, Depth, Polarity, Question, RedFlag, Rubric, Sequence,
};

use crate::error::{AnswerError, BankError, Diagnostic, Severity};
use load::BankFile;

/// How many ids an unknown-question error suggests in a large bank.
pub const SUGGESTED_IDS: usize = 5;

/// The kinds of bank file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// `questions/<theme>/<id>.yaml`.
    Question,
    /// `rubrics/<id>.yaml`.
    Rubric,
    /// `library/<area>.yaml`: concepts that rubrics use by reference.
    Library,
}

/// The JSON Schema of question, rubric or library files, pretty-printed,
/// generated from the Rust types so it cannot drift from what the loader
/// accepts.
pub fn json_schema(kind: FileKind) -> String {
    let schema = match kind {
        FileKind::Question => schemars::schema_for!(Question),
        FileKind::Rubric => schemars::schema_for!(RubricFile),
        FileKind::Library => schemars::schema_for!(LibraryFile),
    };
    let mut text = serde_json::to_string_pretty(&schema).expect("schemas serialize");
    text.push('\n');
    text
}

/// A loaded, validated question bank.
///
/// The built-in bank is validated by the test suite and CI
/// (`mock rubric check --strict`), so it parses only its questions at
/// start-up and compiles the rubrics on first use: `mock list` stays as quick
/// as `mock --version`. A bank from a folder is validated in full on load.
#[derive(Debug)]
pub struct Bank {
    /// Questions ordered by theme and then id, available at once.
    questions: Vec<Question>,
    /// The full entries, built on first use.
    entries: std::sync::OnceLock<Vec<CompiledQuestion>>,
    /// The encoder of the semantic stage, handed to every entry.
    encoder: Option<Arc<dyn Encoder>>,
    /// The concept library the rubrics were resolved against, built on
    /// first use for the built-in bank.
    library: std::sync::OnceLock<Library>,
}

impl Clone for Bank {
    fn clone(&self) -> Self {
        let entries = std::sync::OnceLock::new();
        if let Some(built) = self.entries.get() {
            let _ = entries.set(built.clone());
        }
        let library = std::sync::OnceLock::new();
        if let Some(built) = self.library.get() {
            let _ = library.set(built.clone());
        }
        Bank {
            questions: self.questions.clone(),
            entries,
            encoder: self.encoder.clone(),
            library,
        }
    }
}

impl Bank {
    /// The built-in bank embedded in the binary.
    pub fn builtin() -> Result<Bank, BankError> {
        let mut questions = match load::embedded_questions_index() {
            Some(questions) => questions,
            None => {
                let parsed = load::parse_all(load::embedded_question_files());
                if let Some(first) = parsed.diagnostics.first() {
                    return Err(BankError::Invalid(vec![first.clone()]));
                }
                parsed.questions.into_iter().map(|(_, q)| q).collect()
            }
        };
        questions.sort_by(|a, b| (&a.theme, &a.id).cmp(&(&b.theme, &b.id)));
        Ok(Bank {
            questions,
            entries: std::sync::OnceLock::new(),
            encoder: None,
            library: std::sync::OnceLock::new(),
        })
    }

    /// Builds a bank from validated entries and the library they were
    /// resolved against.
    pub(crate) fn from_entries(entries: Vec<CompiledQuestion>, library: Library) -> Bank {
        let questions = entries.iter().map(|e| e.question.clone()).collect();
        let built = std::sync::OnceLock::new();
        let _ = built.set(entries);
        Bank {
            questions,
            entries: built,
            encoder: None,
            library: std::sync::OnceLock::from(library),
        }
    }

    /// The concept library this bank's rubrics draw on: the built-in
    /// library, and the bank's own `library/` files.
    pub fn library(&self) -> &Library {
        self.library.get_or_init(|| load::builtin_library().clone())
    }

    /// The ids of the questions whose rubric uses the library concept
    /// `full_id` (`mock/transactional-outbox`), in bank order.
    pub fn questions_using(&self, full_id: &str) -> Vec<&str> {
        self.entries()
            .iter()
            .filter(|e| {
                e.rubric
                    .concepts
                    .iter()
                    .any(|c| c.library.as_deref() == Some(full_id))
            })
            .map(|e| e.question.id.as_str())
            .collect()
    }

    /// The encoder of the semantic stage, if it is on.
    pub fn encoder(&self) -> Option<&Arc<dyn Encoder>> {
        self.encoder.as_ref()
    }

    /// Turns the semantic stage on for every question (`None`: off). The
    /// model is touched only when a question is first scored.
    pub fn set_encoder(&mut self, encoder: Option<Arc<dyn Encoder>>) {
        if let Some(entries) = self.entries.get_mut() {
            for entry in entries {
                entry.set_encoder(encoder.clone());
            }
        }
        self.encoder = encoder;
    }

    /// Loads a bank from a folder laid out like the built-in one.
    pub fn load(dir: &Path) -> Result<Bank, BankError> {
        from_files(load::folder_files(dir)?).and_then(|bank| {
            if bank.questions.is_empty() {
                Err(BankError::Empty(dir.to_owned()))
            } else {
                Ok(bank)
            }
        })
    }

    /// Turns the semantic stage on for every question of a bank built from
    /// files, centred on `centroid` (for drafted rubrics: see
    /// `SemanticIndex::build_centred`).
    pub fn set_encoder_centred(&mut self, encoder: Arc<dyn Encoder>, centroid: &[f32]) {
        if let Some(entries) = self.entries.get_mut() {
            for entry in entries {
                entry.set_encoder_centred(Arc::clone(&encoder), centroid.to_vec());
            }
        }
        self.encoder = Some(encoder);
    }

    /// The fingerprint of the semantic stage's model, when it is on.
    pub fn model_fingerprint(&self) -> Option<String> {
        self.encoder.as_ref().map(|e| e.fingerprint())
    }

    /// All entries, ordered by theme and then id.
    pub fn entries(&self) -> &[CompiledQuestion] {
        self.entries.get_or_init(|| {
            // Only the built-in bank gets here unbuilt; tests and CI keep it valid.
            let mut entries = from_files(load::embedded_files())
                .expect(
                    "the built-in bank is valid (checked by `mock rubric check --strict` in CI)",
                )
                .entries
                .into_inner()
                .unwrap_or_default();
            for entry in &mut entries {
                entry.set_encoder(self.encoder.clone());
            }
            entries
        })
    }

    /// The questions, ordered by theme and then id, without compiling any rubric.
    pub fn questions(&self, theme: Option<&str>) -> Vec<&Question> {
        self.questions
            .iter()
            .filter(|q| theme.is_none_or(|t| q.theme == t))
            .collect()
    }

    /// Question `id`, without compiling any rubric.
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }

    /// The entry of question `id`, if the bank has it.
    pub fn get(&self, id: &str) -> Option<&CompiledQuestion> {
        if !self.questions.iter().any(|q| q.id == id) {
            return None;
        }
        self.entries().iter().find(|e| e.question.id == id)
    }

    /// The entry of question `id`, or an error naming the valid ids.
    pub fn lookup(&self, source: &str, id: &str) -> Result<&CompiledQuestion, AnswerError> {
        self.get(id).ok_or_else(|| AnswerError::UnknownQuestion {
            path: source.to_owned(),
            id: id.to_owned(),
            valid: self.valid_ids_for(id),
        })
    }

    /// The question ids, in bank order.
    pub fn ids(&self) -> Vec<&str> {
        self.questions.iter().map(|q| q.id.as_str()).collect()
    }

    /// What an error about the unknown question id `wrong` says after "unknown
    /// question": every valid id in a small bank; in a large one the
    /// [`SUGGESTED_IDS`] closest to `wrong` and where the rest are.
    pub fn valid_ids_for(&self, wrong: &str) -> String {
        let ids = self.ids();
        if ids.len() <= SUGGESTED_IDS * 2 {
            return format!("valid ids: {}", ids.join(", "));
        }
        let mut ranked: Vec<(f64, &str)> = ids
            .iter()
            .map(|id| (strsim::normalized_damerau_levenshtein(wrong, id), *id))
            .collect();
        // Most similar first; ties in bank order (the sort is stable).
        ranked.sort_by(|a, b| b.0.total_cmp(&a.0));
        let closest: Vec<&str> = ranked
            .iter()
            .take(SUGGESTED_IDS)
            .map(|(_, id)| *id)
            .collect();
        format!(
            "closest valid ids: {} (mock list shows all {})",
            closest.join(", "),
            ids.len()
        )
    }

    /// The themes, in bank order, without duplicates.
    pub fn themes(&self) -> Vec<&str> {
        let mut themes: Vec<&str> = Vec::new();
        for question in &self.questions {
            if !themes.contains(&question.theme.as_str()) {
                themes.push(&question.theme);
            }
        }
        themes
    }

    /// The entries of one theme (all entries when `theme` is `None`).
    pub fn in_theme(&self, theme: Option<&str>) -> Vec<&CompiledQuestion> {
        self.entries()
            .iter()
            .filter(|e| theme.is_none_or(|t| e.question.theme == t))
            .collect()
    }
}

/// Parses and validates bank files into a bank; reports every error found.
pub fn from_files(files: Vec<BankFile>) -> Result<Bank, BankError> {
    let parsed = load::parse_all(files);
    let checked = validate::check(&parsed, false);
    let errors: Vec<Diagnostic> = parsed
        .diagnostics
        .iter()
        .chain(&checked.diagnostics)
        .filter(|d| d.severity == Severity::Error)
        .cloned()
        .collect();
    if !errors.is_empty() {
        return Err(BankError::Invalid(errors));
    }
    let mut compiled = checked.compiled;
    let mut entries = Vec::new();
    for (question_file, question) in parsed.questions {
        let Some(position) = parsed
            .rubrics
            .iter()
            .position(|(_, r)| r.question == question.id)
        else {
            continue;
        };
        let (rubric_file, rubric) = parsed.rubrics[position].clone();
        let Some(rubric_compiled) = compiled[position].take() else {
            continue;
        };
        let mut entry = CompiledQuestion::with_compiled(question, rubric, rubric_compiled);
        entry.question_path = parsed.files[question_file].path.clone();
        entry.rubric_path = parsed.files[rubric_file].path.clone();
        entries.push(entry);
    }
    CompiledQuestion::prune_gists(&mut entries);
    entries.sort_by(|a, b| {
        (&a.question.theme, &a.question.id).cmp(&(&b.question.theme, &b.question.id))
    });
    Ok(Bank::from_entries(entries, parsed.library))
}
