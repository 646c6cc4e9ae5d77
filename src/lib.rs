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
#![warn(missing_docs)]
#![warn(clippy::print_stdout, clippy::print_stderr)]

pub mod analysis;
pub mod bank;
pub mod cli;
pub mod commands;
pub mod error;
pub mod input;
pub mod matching;
pub mod report;
pub mod scoring;

pub use bank::{Bank, Entry};
pub use scoring::{score, Assessment};
