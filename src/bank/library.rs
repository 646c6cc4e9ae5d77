//! The bank's side of the concept library: placing library problems at
//! `path:line:column`, and which questions use which library concept.

use mock_engine::library::LibraryProblem;

use super::locate::Locator;
use crate::error::{Diagnostic, Severity, MAX_QUOTE};

/// A library file's problem as a located error.
pub fn locate_library_problem(path: &str, text: &str, problem: &LibraryProblem) -> Diagnostic {
    let locator = Locator::new(text);
    let concept = problem
        .concept
        .and_then(|n| locator.list_item("concepts", n));
    let item = problem
        .item
        .as_ref()
        .and_then(|id| concept.and_then(|at| locator.value(at, id, 400)));
    let (line, column) = item
        .or(concept)
        .and_then(|at| locator.key(Some(at), problem.key))
        .or(item)
        .or(concept)
        .or_else(|| locator.key(None, problem.key))
        .unwrap_or((1, 1));
    Diagnostic {
        path: path.to_owned(),
        line,
        column,
        severity: Severity::Error,
        message: crate::error::shorten_quotes(&problem.message, MAX_QUOTE),
    }
}
