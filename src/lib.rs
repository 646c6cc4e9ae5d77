//! `mock`: a mock interviewer that scores written answers against rubrics.
//!
//! This crate is the application: bank folders, answer files, the command
//! line, the practice history and every output format. The scoring engine
//! is the `mock-engine` crate (re-exported here as [`analysis`],
//! [`matching`] and [`scoring`]), and the sentence-embedding model of its
//! semantic stage is the `mock-embed` crate:
//!
//! ```text
//! mock (this crate) ──▶ mock-engine ──▶ mock-embed
//! bank, input, cli,     rubric model,     WordPiece tokenizer,
//! commands, outcome,    analysis,         int8 static embeddings
//! output, readiness,    matching, semantic,
//! history               scoring + trace
//! ```
//!
//! Commands are thin: settings -> engine -> outcome -> output. Arguments are
//! resolved once into a [`commands::Context`] (the bank, with the model
//! chosen by [`encoder::choose`]), the engine scores, the result becomes part
//! of the outcome model ([`outcome`]: scored answers, their summary, the
//! readiness verdict of [`readiness`]) and one [`output::Format`] renders
//! it. [`explain`] and [`selftest`] render the engine's trace and re-derive
//! no scoring rule.
//!
//! The modules:
//!
//! | module | what it holds |
//! |---|---|
//! | [`cli`], [`commands`] | the arguments; one file per command |
//! | [`bank`], [`encoder`] | loading and validating bank folders; the sentence encoder of the semantic stage and its calibration |
//! | [`input`], [`batch`] | answer files, front matter, JSONL, stdin; parallel streaming scoring |
//! | [`outcome`] | the outcome model: scored answers, summary, readiness report |
//! | [`output`] | one `Format`, one `Exporter` trait, one file per format, the charts (`svg`) |
//! | [`readiness`] | `.mock.yaml` thresholds checked into a readiness verdict |
//! | [`history`] | the SQLite practice history, scheduling (FSRS), statistics, export/import |
//! | [`interview`] | `mock interview`: the plan, the follow-ups, the session state, the summary |
//! | [`explain`], [`selftest`] | the scoring trace; rubric examples and counterexamples |
//! | [`rubric_draft`], [`import`], [`scaffold`] | drafting rubrics, importing prep documents, `mock init` |
//! | [`escape`], [`terminal`] | escaping for Markdown and workflow commands; safe terminal output |
//! | [`error`], [`guard`], [`fsutil`], [`paths`], [`yaml`] | typed errors and exit codes, panic containment, atomic writes, file locations, guarded YAML |
//!
//! The commands: `list`, `show`, `ask`, `interview`, `score`, `explain`, `report`,
//! `history`, `stats`, `due`, `export`, `import`, `rubric check|test|schema|draft`,
//! `bank import`, `init`, `completions`, `man`.
//!
//! Scoring an answer with the built-in bank:
//!
//! ```
//! let bank = mock::Bank::builtin().unwrap();
//! let entry = bank.get("data-consistency").unwrap();
//! let result = mock::score(entry, "I would never use distributed transactions; \
//!     the transactional outbox and idempotent consumers keep services consistent.");
//! let outbox = result.concepts.iter().find(|c| c.id == "transactional-outbox").unwrap();
//! assert!(outbox.hit);
//! assert_eq!(outbox.evidence[0].text, "transactional outbox");
//! assert!(result.red_flags.is_empty(), "rejecting 2PC fires no red flag");
//! ```
#![warn(missing_docs)]
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod bank;
pub mod batch;
pub mod cli;
pub mod commands;
pub mod encoder;
pub mod error;
pub mod escape;
pub mod explain;
pub mod fsutil;
pub mod guard;
pub mod history;
pub mod import;
pub mod input;
pub mod interview;
pub mod library_draft;
pub mod outcome;
pub mod output;
pub mod paths;
pub mod question_naming;
pub mod readiness;
pub mod rubric_draft;
pub mod scaffold;
pub mod selftest;
pub mod terminal;
pub mod yaml;

pub use mock_engine::{analysis, matching, scoring};

pub use bank::Bank;
pub use mock_engine::CompiledQuestion;
pub use scoring::{score, Assessment};
