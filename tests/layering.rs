//! The layering rule (ADR 0009): every module imports only downward.
//!
//! The test reads the sources as text, collects each top-level module's
//! `crate::<module>` references, and fails on any cycle between modules, in
//! the application crate and in the engine crate alike. It also checks that
//! the engine depends on no command-line, database or terminal crate.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Top-level module of a source file: `src/bank/load.rs` -> `bank`.
fn module_of(root: &Path, file: &Path) -> Option<String> {
    let relative = file.strip_prefix(root).ok()?;
    let first = relative.components().next()?.as_os_str().to_str()?;
    let name = first.trim_end_matches(".rs");
    (!matches!(name, "lib" | "main")).then(|| name.to_owned())
}

/// The module graph: module -> the other modules it refers to.
fn graph(root: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for entry in walkdir::WalkDir::new(root) {
        let entry = entry.expect("readable source tree");
        let path: PathBuf = entry.path().to_owned();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let Some(module) = module_of(root, &path) else {
            continue;
        };
        let text = std::fs::read_to_string(&path).expect("UTF-8 source");
        let targets = edges.entry(module.clone()).or_default();
        for line in text.lines() {
            let code = line.split("//").next().unwrap_or("");
            let mut rest = code;
            while let Some(at) = rest.find("crate::") {
                rest = &rest[at + "crate::".len()..];
                let mut names = Vec::new();
                if let Some(group) = rest.strip_prefix('{') {
                    let inner = group.split('}').next().unwrap_or("");
                    names.extend(
                        inner
                            .split(',')
                            .map(|n| n.trim().split("::").next().unwrap_or("")),
                    );
                } else {
                    names.push(
                        rest.split(|c: char| !(c.is_alphanumeric() || c == '_'))
                            .next()
                            .unwrap_or(""),
                    );
                }
                for name in names {
                    let name = name.trim();
                    let is_module = name.chars().next().is_some_and(|c| c.is_ascii_lowercase());
                    if is_module && name != module {
                        targets.insert(name.to_owned());
                    }
                }
            }
        }
    }
    edges
}

/// A cycle in the graph, if there is one, as a path of module names.
fn find_cycle(edges: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        match state.get(node) {
            Some(2) => return None,
            Some(1) => {
                let start = stack.iter().position(|n| n == node).unwrap_or(0);
                let mut cycle = stack[start..].to_vec();
                cycle.push(node.to_owned());
                return Some(cycle);
            }
            _ => {}
        }
        state.insert(node.to_owned(), 1);
        stack.push(node.to_owned());
        for next in edges.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, edges, state, stack) {
                return Some(cycle);
            }
        }
        stack.pop();
        state.insert(node.to_owned(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for node in edges.keys() {
        if let Some(cycle) = visit(node, edges, &mut state, &mut Vec::new()) {
            return Some(cycle);
        }
    }
    None
}

fn assert_acyclic(root: &Path) {
    let edges = graph(root);
    assert!(edges.len() > 3, "found the modules of {}", root.display());
    if let Some(cycle) = find_cycle(&edges) {
        panic!(
            "import cycle in {}: {} (each module may import only the layers below it)",
            root.display(),
            cycle.join(" -> ")
        );
    }
}

#[test]
fn the_application_modules_import_only_downward() {
    assert_acyclic(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
}

#[test]
fn the_engine_modules_import_only_downward() {
    assert_acyclic(&Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/mock-engine/src"));
}

#[test]
fn the_engine_depends_on_no_cli_database_or_terminal_crate() {
    let manifest = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/mock-engine/Cargo.toml"),
    )
    .expect("engine manifest");
    for forbidden in [
        "clap",
        "rusqlite",
        "comfy-table",
        "indicatif",
        "include_dir",
        "walkdir",
    ] {
        assert!(
            !manifest
                .lines()
                .any(|l| l.trim_start().starts_with(forbidden)),
            "the engine must not depend on {forbidden}"
        );
    }
}

#[test]
fn a_cycle_is_found() {
    let mut edges = BTreeMap::new();
    edges.insert("a".to_owned(), BTreeSet::from(["b".to_owned()]));
    edges.insert("b".to_owned(), BTreeSet::from(["a".to_owned()]));
    assert_eq!(
        find_cycle(&edges),
        Some(vec!["a".into(), "b".into(), "a".into()])
    );
    edges.insert("b".to_owned(), BTreeSet::new());
    assert_eq!(find_cycle(&edges), None);
}
