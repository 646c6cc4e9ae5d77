//! `.mock.yaml`: the thresholds of `mock report`, found like linters find
//! their configuration (the answers folder, then each parent), documented in
//! `docs/config.md`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use schemars::JsonSchema;
use serde::Deserialize;

use crate::bank::Bank;
use crate::error::{Diagnostic, Error, Severity};

/// The name of the configuration file.
pub const FILE_NAME: &str = ".mock.yaml";

/// Largest configuration file read, in bytes (as a bank file): a link to a
/// device or a huge file is refused, not read whole.
pub const MAX_CONFIG_BYTES: u64 = crate::bank::load::MAX_BANK_FILE_MB << 20;

/// Thresholds for `mock report`. Every field is optional; an empty file is
/// the defaults.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    /// Minimum score of every answered question (default 60).
    pub min_score: f64,
    /// Minimum overall readiness: the mean best score over the bank's
    /// questions, unanswered ones counting 0 (default: none).
    pub min_readiness: Option<f64>,
    /// Minimum mean score per theme, over its answered questions.
    pub themes: BTreeMap<String, f64>,
    /// Minimum score per question, replacing `min_score` for it.
    pub questions: BTreeMap<String, f64>,
    /// Concepts that must be covered, per question id.
    pub required_concepts: BTreeMap<String, Vec<String>>,
    /// Whether a red flag fails its question (default true).
    pub fail_on_red_flags: bool,
    /// Whether a question of the bank without an answer fails the run
    /// (default false: unanswered questions are listed only).
    pub fail_on_unanswered: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            min_score: 60.0,
            min_readiness: None,
            themes: BTreeMap::new(),
            questions: BTreeMap::new(),
            required_concepts: BTreeMap::new(),
            fail_on_red_flags: true,
            fail_on_unanswered: false,
        }
    }
}

impl Config {
    /// Parses a configuration file's text; an empty or comment-only file is
    /// the defaults.
    pub fn parse(path: &str, text: &str) -> Result<Config, Diagnostic> {
        if text
            .lines()
            .all(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
        {
            return Ok(Config::default());
        }
        let config: Config =
            crate::yaml::from_str(text, MAX_CONFIG_BYTES).map_err(|error| match error {
                crate::yaml::Error::Refused(refusal) => Diagnostic {
                    path: path.to_owned(),
                    line: refusal.line,
                    column: refusal.column,
                    severity: Severity::Error,
                    message: refusal.message,
                },
                crate::yaml::Error::Yaml(error) => {
                    let (line, column) =
                        error.location().map_or((1, 1), |l| (l.line(), l.column()));
                    let message = error.to_string();
                    Diagnostic {
                        path: path.to_owned(),
                        line,
                        column,
                        severity: Severity::Error,
                        message: message
                            .split(" at line ")
                            .next()
                            .unwrap_or(&message)
                            .to_owned(),
                    }
                }
            })?;
        let percentages = std::iter::once(("min_score", config.min_score))
            .chain(config.min_readiness.map(|v| ("min_readiness", v)))
            .chain(config.themes.values().map(|&v| ("themes", v)))
            .chain(config.questions.values().map(|&v| ("questions", v)));
        for (key, value) in percentages {
            if !(0.0..=100.0).contains(&value) {
                let line = text
                    .lines()
                    .position(|l| l.trim_start().starts_with(&format!("{key}:")))
                    .map_or(1, |i| i + 1);
                return Err(Diagnostic {
                    path: path.to_owned(),
                    line,
                    column: 1,
                    severity: Severity::Error,
                    message: format!("{key}: {value} is outside 0..=100"),
                });
            }
        }
        Ok(config)
    }

    /// The minimum score of question `id`.
    pub fn min_score_for(&self, id: &str) -> f64 {
        self.questions.get(id).copied().unwrap_or(self.min_score)
    }
}

/// Finds `.mock.yaml` in `dir` or the nearest parent that has one, up to
/// the repository root (the folder holding `.git`) or the home folder.
pub fn discover(dir: &Path) -> Option<PathBuf> {
    let start = dir.canonicalize().unwrap_or_else(|_| dir.to_owned());
    let home = std::env::var_os("HOME").filter(|h| !h.is_empty()).map(|h| {
        PathBuf::from(&h)
            .canonicalize()
            .unwrap_or_else(|_| h.into())
    });
    for folder in start.ancestors() {
        let candidate = folder.join(FILE_NAME);
        if candidate.is_file() {
            return Some(candidate);
        }
        // A configuration above the repository or the home folder belongs
        // to someone else's project.
        if folder.join(".git").exists() || home.as_deref() == Some(folder) {
            return None;
        }
    }
    None
}

impl Config {
    /// Reads and parses the configuration file at `path`.
    pub fn load(path: &Path) -> Result<Config, Error> {
        let cannot = |e: &dyn std::fmt::Display| {
            Error::Usage(format!(
                "{}: cannot read the configuration: {e}",
                crate::escape::path(path)
            ))
        };
        let mut bytes = Vec::new();
        std::fs::File::open(path)
            .and_then(|file| {
                std::io::Read::read_to_end(
                    &mut std::io::Read::take(file, MAX_CONFIG_BYTES + 1),
                    &mut bytes,
                )
            })
            .map_err(|e| cannot(&e))?;
        if bytes.len() as u64 > MAX_CONFIG_BYTES {
            return Err(cannot(&format!(
                "larger than the limit of {} MB",
                MAX_CONFIG_BYTES >> 20
            )));
        }
        let text = String::from_utf8(bytes).map_err(|e| {
            cannot(&format!(
                "not valid UTF-8 text (byte {})",
                e.utf8_error().valid_up_to()
            ))
        })?;
        Config::parse(&crate::escape::path(path), &text).map_err(|d| Error::Usage(d.to_string()))
    }

    /// Question ids, themes and required concepts of the configuration must
    /// exist in the bank; the first that does not is named, with the valid
    /// ones.
    pub fn check_against(&self, bank: &Bank) -> Result<(), String> {
        let ids = self.questions.keys().chain(self.required_concepts.keys());
        if let Some(id) = ids.into_iter().find(|id| bank.get(id).is_none()) {
            return Err(format!(
                "unknown question {id:?}; {}",
                bank.valid_ids_for(id)
            ));
        }
        if let Some(theme) = self
            .themes
            .keys()
            .find(|t| !bank.themes().contains(&t.as_str()))
        {
            return Err(format!(
                "unknown theme {theme:?}; valid themes: {}",
                bank.themes().join(", ")
            ));
        }
        for (id, concepts) in &self.required_concepts {
            let Some(entry) = bank.get(id) else {
                continue;
            };
            if let Some(concept) = concepts
                .iter()
                .find(|c| !entry.rubric.concepts.iter().any(|k| &k.id == *c))
            {
                let valid: Vec<&str> = entry
                    .rubric
                    .concepts
                    .iter()
                    .map(|c| c.id.as_str())
                    .collect();
                return Err(format!(
                    "question {id:?} has no concept {concept:?}; its concepts: {}",
                    valid.join(", ")
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_and_comment_only_files_are_the_defaults() {
        assert_eq!(Config::parse("c", "").unwrap(), Config::default());
        assert_eq!(
            Config::parse("c", "# nothing yet\n").unwrap(),
            Config::default()
        );
    }

    #[test]
    fn fields_parse_and_unknown_fields_are_located_errors() {
        let config = Config::parse(
            "c",
            "min_score: 70\nthemes:\n  cloud: 80\nfail_on_unanswered: true\n",
        )
        .unwrap();
        assert_eq!(
            (
                config.min_score,
                config.themes["cloud"],
                config.fail_on_unanswered
            ),
            (70.0, 80.0, true)
        );
        let error = Config::parse(".mock.yaml", "min_score: 70\nmin_scor: 5\n").unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with(".mock.yaml:2:1: error: unknown field `min_scor`"),
            "{error}"
        );
        let error = Config::parse(".mock.yaml", "min_score: 170\n").unwrap_err();
        assert_eq!(
            error.to_string(),
            ".mock.yaml:1:1: error: min_score: 170 is outside 0..=100"
        );
    }

    #[test]
    fn discovery_walks_up_to_the_nearest_file() {
        let root = tempfile::tempdir().unwrap();
        let nested = root.path().join("a/b");
        std::fs::create_dir_all(&nested).unwrap();
        assert_eq!(
            discover(&nested).filter(|p| p.starts_with(root.path())),
            None
        );
        std::fs::write(root.path().join(FILE_NAME), "min_score: 50\n").unwrap();
        assert_eq!(
            discover(&nested).unwrap(),
            root.path().canonicalize().unwrap().join(FILE_NAME)
        );
    }
}
