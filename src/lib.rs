//! `mock`: a mock interviewer that scores written answers against rubrics.
//!
//! The library is the whole engine; the binary only parses arguments and
//! calls [`commands::run`]. The pipeline, one module per stage:
//!
//! ```text
//! bank ─────▶ analysis ─────▶ matching ─────────▶ scoring ─────▶ report
//! questions   normalize        phrases (stems)     coverage       table, json,
//! rubrics     tokenize         fuzzy (edit dist.)  red flags      jsonl, markdown
//!             stem             patterns (regex)    feedback
//!                              negation scope
//! ```
//!
//! [`input`] reads answer files (front matter, JSONL) and [`commands`] ties
//! the stages into `mock list`, `show`, `ask` and `score`.
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
pub mod draft;
pub mod error;
pub mod explain;
pub mod fsutil;
pub mod guard;
pub mod history;
pub mod import;
pub mod input;
pub mod model;
pub mod paths;
pub mod readiness;
pub mod report;
pub mod scaffold;
pub mod selftest;
pub mod terminal;
pub mod yaml;

pub use mock_engine::{analysis, matching, scoring};

pub use bank::{Bank, Entry};
pub use scoring::{score, Assessment};
