//! Reading bank files (embedded or from a folder) and parsing them; syntax
//! and type errors become diagnostics. [`super::from_files`] validates and
//! assembles the parsed files into a bank.

use std::path::Path;

use include_dir::{include_dir, Dir};
use serde::de::DeserializeOwned;

use mock_engine::library::{Library, LibraryFile, RubricFile};

use super::locate::Locator;
use super::{FileKind, Question, Rubric};
use crate::error::{BankError, Diagnostic, Severity};

static QUESTIONS: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/questions");
static RUBRICS: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/rubrics");
static LIBRARY: Dir<'_> = include_dir!("$CARGO_MANIFEST_DIR/library");

/// Where the built-in bank's files seem to be, in messages.
pub const BUILTIN_PREFIX: &str = "<built-in>/";

/// Largest question or rubric file accepted, in megabytes.
pub const MAX_BANK_FILE_MB: u64 = 4;

pub use crate::error::MAX_QUOTE;

/// A bank file: its display path, its kind, and its text.
#[derive(Debug, Clone)]
pub struct BankFile {
    /// The path shown in messages (`<built-in>/rubrics/x.yaml` for the built-in bank).
    pub path: String,
    /// A question, a rubric or a library file.
    pub kind: FileKind,
    /// The file's text.
    pub text: String,
}

impl BankFile {
    /// Whether the file is part of the built-in bank.
    pub fn is_builtin(&self) -> bool {
        self.path.starts_with(BUILTIN_PREFIX)
    }

    /// A library file's area: its name without the extension (`data`).
    pub fn area(&self) -> &str {
        let name = self.path.rsplit(['/', '\\']).next().unwrap_or(&self.path);
        name.rsplit_once('.').map_or(name, |(stem, _)| stem)
    }
}

/// The parsed files of a bank, before validation.
#[derive(Debug, Clone)]
pub struct Parsed {
    /// Every file read.
    pub files: Vec<BankFile>,
    /// Questions that parsed, with the index of their file.
    pub questions: Vec<(usize, Question)>,
    /// Rubrics that parsed and resolved against the library, with the
    /// index of their file.
    pub rubrics: Vec<(usize, Rubric)>,
    /// Every library concept the bank can use: its own library files and
    /// the built-in library (entries' `origin` is the index of their file
    /// in `files`, or `None`-like `usize::MAX` for the built-in library of
    /// a bank that does not carry it).
    pub library: Library,
    /// Whether the bank's own files include the built-in library (the
    /// built-in bank itself), so that checks cover it.
    pub checks_builtin_library: bool,
    /// YAML syntax and type errors, and references the library cannot resolve.
    pub diagnostics: Vec<Diagnostic>,
}

/// The origin of library entries that come from the built-in library when
/// the bank being loaded is not the built-in one.
pub const BUILTIN_ORIGIN: usize = usize::MAX;

/// The files of the built-in bank.
pub fn embedded_files() -> Vec<BankFile> {
    let mut files = Vec::new();
    collect_embedded(&QUESTIONS, "questions", FileKind::Question, &mut files);
    collect_embedded(&RUBRICS, "rubrics", FileKind::Rubric, &mut files);
    files.extend(embedded_library_files());
    files
}

/// The question files of the built-in bank (all that `mock list` and `show`
/// need: copying the rubrics and the library too was most of their start-up).
pub fn embedded_question_files() -> Vec<BankFile> {
    let mut files = Vec::new();
    collect_embedded(&QUESTIONS, "questions", FileKind::Question, &mut files);
    files
}

/// The built-in questions from the JSON index build.rs writes (parsing it
/// costs a fraction of the YAML), `None` when a question file did not parse
/// at build time: the YAML files are then read, and their errors located.
pub fn embedded_questions_index() -> Option<Vec<Question>> {
    static INDEX: &str = include_str!(concat!(env!("OUT_DIR"), "/questions.json"));
    serde_json::from_str::<Option<Vec<Question>>>(INDEX).ok()?
}

/// The files of the built-in concept library.
pub fn embedded_library_files() -> Vec<BankFile> {
    let mut files = Vec::new();
    collect_embedded(&LIBRARY, "library", FileKind::Library, &mut files);
    files
}

fn collect_embedded(dir: &Dir<'_>, root: &str, kind: FileKind, files: &mut Vec<BankFile>) {
    for file in dir.files() {
        if is_yaml(file.path()) {
            files.push(BankFile {
                path: format!("{BUILTIN_PREFIX}{root}/{}", file.path().display()),
                kind,
                text: file.contents_utf8().unwrap_or_default().to_owned(),
            });
        }
    }
    for sub in dir.dirs() {
        collect_embedded(sub, root, kind, files);
    }
}

/// The built-in library, parsed once per process (it is valid: CI checks it
/// with `mock rubric check --strict`).
pub(super) fn builtin_library() -> &'static Library {
    static BUILTIN: std::sync::OnceLock<Library> = std::sync::OnceLock::new();
    BUILTIN.get_or_init(|| {
        let mut library = Library::new();
        for file in embedded_library_files() {
            if let Ok(parsed) = serde_norway::from_str::<LibraryFile>(&file.text) {
                library.add(parsed, file.area(), BUILTIN_ORIGIN, true);
            }
        }
        library
    })
}

/// The files of a bank folder.
pub fn folder_files(dir: &Path) -> Result<Vec<BankFile>, BankError> {
    if !dir.is_dir() {
        return Err(BankError::Io {
            path: dir.to_owned(),
            source: std::io::Error::new(std::io::ErrorKind::NotFound, "bank folder not found"),
        });
    }
    // Bank files must lie in the bank folder: a link out of it (to a key or
    // a credentials file) would have its content quoted in errors.
    let real_dir = dir.canonicalize().map_err(|source| BankError::Io {
        path: dir.to_owned(),
        source,
    })?;
    let mut files = Vec::new();
    for (sub, kind) in [
        ("questions", FileKind::Question),
        ("rubrics", FileKind::Rubric),
        ("library", FileKind::Library),
    ] {
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
                let inside = item
                    .path()
                    .canonicalize()
                    .is_ok_and(|real| real.starts_with(&real_dir));
                if !inside {
                    return Err(BankError::Invalid(vec![Diagnostic {
                        path: item.path().display().to_string(),
                        line: 1,
                        column: 1,
                        severity: Severity::Error,
                        message: "links to a file outside the bank folder; refusing to read it (copy the file into the bank instead)".into(),
                    }]));
                }
                let size = item.metadata().map_or(0, |m| m.len());
                if size > MAX_BANK_FILE_MB << 20 {
                    return Err(BankError::Invalid(vec![Diagnostic {
                        path: item.path().display().to_string(),
                        line: 1,
                        column: 1,
                        severity: Severity::Error,
                        message: format!(
                            "{} is too large for a bank file (limit {MAX_BANK_FILE_MB} MB)",
                            crate::error::over_limit(
                                Some(size as f64 / f64::from(1 << 20)),
                                MAX_BANK_FILE_MB
                            )
                        ),
                    }]));
                }
                let bytes = std::fs::read(item.path()).map_err(|source| BankError::Io {
                    path: item.path().to_owned(),
                    source,
                })?;
                let text = String::from_utf8(bytes).map_err(|error| {
                    let offset = error.utf8_error().valid_up_to();
                    let valid = std::str::from_utf8(&error.as_bytes()[..offset])
                        .expect("valid up to the offset");
                    let line_start = valid.rfind('\n').map_or(0, |i| i + 1);
                    BankError::Invalid(vec![Diagnostic {
                        path: item.path().display().to_string(),
                        line: valid.matches('\n').count() + 1,
                        column: valid[line_start..].chars().count() + 1,
                        severity: Severity::Error,
                        message: format!(
                            "not valid UTF-8 text (byte {offset}); save the file as UTF-8"
                        ),
                    }])
                })?;
                files.push(BankFile {
                    path: item.path().display().to_string(),
                    kind,
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

fn parse<T: DeserializeOwned>(file: &BankFile, diagnostics: &mut Vec<Diagnostic>) -> Option<T> {
    // The built-in bank's files are part of the binary, checked by CI: the
    // guard against hostile YAML would only scan them a second time.
    let result = if file.is_builtin() {
        serde_norway::from_str(&file.text).map_err(crate::yaml::Error::Yaml)
    } else {
        crate::yaml::from_str(&file.text, MAX_BANK_FILE_MB << 20)
    };
    let (line, column, message) = match result {
        Ok(value) => return Some(value),
        Err(crate::yaml::Error::Refused(refusal)) => {
            (refusal.line, refusal.column, refusal.message)
        }
        Err(crate::yaml::Error::Yaml(error)) => {
            let (line, column) = error.location().map_or((1, 1), |l| (l.line(), l.column()));
            // The location is already in our prefix; drop serde's " at line X column Y".
            let message = error.to_string();
            let message = message.split(" at line ").next().unwrap_or(&message);
            // Never the whole of a scalar: a few words locate the problem.
            (
                line,
                column,
                crate::error::shorten_quotes(message, MAX_QUOTE),
            )
        }
    };
    diagnostics.push(Diagnostic {
        path: file.path.clone(),
        line,
        column,
        severity: Severity::Error,
        message,
    });
    None
}

/// Parses every file and resolves every rubric against the library (the
/// bank's own library files and, for any other bank than the built-in one,
/// the built-in library); syntax and type errors and references that do not
/// resolve become diagnostics.
pub fn parse_all(files: Vec<BankFile>) -> Parsed {
    let checks_builtin_library = files
        .iter()
        .any(|f| f.kind == FileKind::Library && f.is_builtin());
    // Questions alone (`mock list`, `show`) refer to no concept: parsing the
    // built-in library for them cost 60 ms of start-up on the 42-question
    // bank.
    let needs_library = files.iter().any(|f| f.kind != FileKind::Question);
    let mut parsed = Parsed {
        files,
        questions: Vec::new(),
        rubrics: Vec::new(),
        library: if checks_builtin_library || !needs_library {
            Library::new()
        } else {
            builtin_library().clone()
        },
        checks_builtin_library,
        diagnostics: Vec::new(),
    };
    let mut rubric_files = Vec::new();
    for (index, file) in parsed.files.iter().enumerate() {
        match file.kind {
            FileKind::Rubric => {
                if let Some(rubric) = parse::<RubricFile>(file, &mut parsed.diagnostics) {
                    rubric_files.push((index, rubric));
                }
            }
            FileKind::Question => {
                if let Some(question) = parse::<Question>(file, &mut parsed.diagnostics) {
                    parsed.questions.push((index, question));
                }
            }
            FileKind::Library => {
                if let Some(library) = parse::<LibraryFile>(file, &mut parsed.diagnostics) {
                    let problems =
                        parsed
                            .library
                            .add(library, file.area(), index, file.is_builtin());
                    for problem in problems {
                        let diagnostic = super::library::locate_library_problem(
                            &file.path, &file.text, &problem,
                        );
                        parsed.diagnostics.push(diagnostic);
                    }
                }
            }
        }
    }
    for (index, file) in rubric_files {
        match parsed.library.resolve(&file) {
            Ok(rubric) => parsed.rubrics.push((index, rubric)),
            Err(problems) => {
                let text = &parsed.files[index];
                let locator = Locator::new(&text.text);
                for problem in problems {
                    let at = locator.list_item("concepts", problem.concept);
                    let (line, column) = at
                        .and_then(|at| locator.key(Some(at), problem.key))
                        .or(at)
                        .unwrap_or((1, 1));
                    parsed.diagnostics.push(Diagnostic {
                        path: text.path.clone(),
                        line,
                        column,
                        severity: Severity::Error,
                        message: crate::error::shorten_quotes(&problem.message, MAX_QUOTE),
                    });
                }
            }
        }
    }
    parsed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bank::from_files;

    fn file(path: &str, is_rubric: bool, text: &str) -> BankFile {
        BankFile {
            path: path.into(),
            kind: if is_rubric {
                FileKind::Rubric
            } else {
                FileKind::Question
            },
            text: text.into(),
        }
    }

    #[test]
    fn the_json_index_holds_the_built_in_questions_as_their_yaml_says() {
        let index = embedded_questions_index().expect("build.rs wrote the index");
        let parsed = parse_all(embedded_question_files());
        assert!(parsed.diagnostics.is_empty());
        let mut from_yaml: Vec<Question> = parsed.questions.into_iter().map(|(_, q)| q).collect();
        let mut index = index;
        for questions in [&mut from_yaml, &mut index] {
            questions.sort_by(|a, b| a.id.cmp(&b.id));
        }
        assert_eq!(index.len(), from_yaml.len());
        assert_eq!(index, from_yaml);
    }

    const QUESTION: &str =
        "id: q\ntheme: t\ntitle: T\nquestion: Q?\nprobes: P\ntime_box_minutes: 5\n";
    const RUBRIC: &str =
        "question: q\nconcepts:\n  - id: c\n    label: C\n    weight: 1\n    phrases: [outbox]\n    hint: H\n";

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
            message.starts_with("r.yaml:6:5: error: concepts[0]: unknown field `phrase`"),
            "{message}"
        );
    }

    #[test]
    fn every_problem_is_reported_with_its_location() {
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
            message.contains("r.yaml:1:11: error: rubric for unknown question \"other\""),
            "{message}"
        );
        assert!(
            message.contains("r.yaml:5:13: error: concept \"c\": weight must be a positive number"),
            "{message}"
        );
        assert!(
            message.contains("q.yaml:1:5: error: question \"q\" has no rubric"),
            "{message}"
        );
    }
}
