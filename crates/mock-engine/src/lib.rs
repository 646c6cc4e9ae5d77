//! `mock-engine`: the scoring engine of `mock`, the mock interviewer.
//!
//! It knows nothing of files, terminals, databases, command lines or model
//! files: it takes a question with its rubric and an answer's text, and
//! returns an [`Assessment`] with a [`Trace`] of every decision. The
//! pipeline, one module per stage, each importing only the stages before it:
//!
//! ```text
//! rubric ──▶ analysis ──▶ matching ──────────▶ semantic ─────────▶ scoring
//! types      normalize     phrases (stems)      Encoder trait,       one file per rule kind
//!            tokenize      fuzzy (one rule)     exemplar sets,       (compile, assess, explain,
//!            stem          patterns (regex)     centred cosines      lint), credit, caps,
//!                          negation scope       (calibration)        feedback
//! ```
//!
//! The semantic stage sees a sentence-embedding model only through the
//! [`semantic::Encoder`] trait, whose [`Calibration`] holds its thresholds;
//! the application supplies the built-in static model.
//!
//! Compiling a question once and scoring an answer:
//!
//! ```
//! use mock_engine::{rubric::{Question, Rubric}, CompiledQuestion};
//!
//! let question: Question = serde_json::from_str(r#"{"id": "q", "theme": "t",
//!     "title": "Outbox", "question": "How do you publish events reliably?",
//!     "probes": "reliable messaging", "time_box_minutes": 3}"#).unwrap();
//! let rubric: Rubric = serde_json::from_str(r#"{"question": "q", "concepts": [
//!     {"id": "outbox", "label": "Transactional outbox", "weight": 1,
//!      "phrases": ["transactional outbox"], "hint": "Name the outbox."}]}"#).unwrap();
//! let compiled = CompiledQuestion::compile(question, rubric).unwrap();
//! let result = mock_engine::score(&compiled, "We use a transactional outbox.");
//! assert!(result.concepts[0].hit);
//! ```
#![warn(missing_docs)]
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod analysis;
pub mod calibration;
pub mod library;
pub mod matching;
pub mod rubric;
pub mod scoring;
pub mod semantic;

pub use calibration::Calibration;
pub use scoring::kinds::{lint, CompiledRubric, Item, Kind, Lint, LintScope, Place, Severity};
pub use scoring::{score, score_traced, Assessment, CompiledQuestion, Trace};
