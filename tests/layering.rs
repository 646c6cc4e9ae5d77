//! The layering rule (ADR 0009): every module imports only downward, in
//! every folder.
//!
//! The test reads the sources as text and builds each crate's module tree
//! from its files (`bank/load.rs` is `bank::load`, `bank/mod.rs` is `bank`).
//! Every path that names a module (`crate::a::b`, `super::x`, `self::y`,
//! `use super::{x, y}` groups over several lines, and the crate root's
//! re-exports such as `crate::Bank`) is an edge from the file that writes it
//! to the deepest module it names. Then, in every folder, each of its files
//! and subfolders is one node, and an edge between anything inside two of
//! them links those two: the graph of every folder must be acyclic, the
//! crate's own folder (the top-level modules) and `bank/` alike. A folder's
//! `mod.rs` is its front: it may use its children and they may use it.
//!
//! It also checks that the engine depends on no command-line, database or
//! terminal crate, and not on the embedding model.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A module path: `["bank", "load"]`; the crate root is empty.
type ModulePath = Vec<String>;

/// The module of a source file, relative to the crate's source folder.
fn module_of(relative: &Path) -> ModulePath {
    let mut parts: Vec<String> = relative
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().unwrap_or_default();
    let stem = last.trim_end_matches(".rs");
    if !matches!(stem, "mod" | "lib" | "main") {
        parts.push(stem.to_owned());
    }
    parts
}

/// The source of one crate: its modules and the text of each.
struct Crate {
    files: BTreeMap<ModulePath, String>,
}

impl Crate {
    fn read(root: &Path) -> Crate {
        let mut files = BTreeMap::new();
        for entry in walkdir::WalkDir::new(root) {
            let entry = entry.expect("readable source tree");
            let path: PathBuf = entry.path().to_owned();
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let relative = path.strip_prefix(root).expect("under the root");
            let text = std::fs::read_to_string(&path).expect("UTF-8 source");
            files.insert(module_of(relative), text);
        }
        Crate { files }
    }

    fn from_sources(sources: &[(&str, &str)]) -> Crate {
        Crate {
            files: sources
                .iter()
                .map(|(path, text)| (module_of(Path::new(path)), (*text).to_owned()))
                .collect(),
        }
    }

    /// The deepest module that `segments` (an absolute path) names, if it
    /// names one below the root. A root re-export (`crate::Bank`, from
    /// `pub use bank::Bank;` in lib.rs) is followed to its module.
    fn resolve(&self, segments: &[String]) -> Option<ModulePath> {
        let deepest = (1..=segments.len())
            .rev()
            .map(|n| segments[..n].to_vec())
            .find(|prefix| self.files.contains_key(prefix));
        if deepest.is_some() {
            return deepest;
        }
        let name = segments.first()?;
        self.root_reexports().get(name).cloned()
    }

    /// Items the crate root re-exports from its modules: name -> module.
    fn root_reexports(&self) -> BTreeMap<String, ModulePath> {
        let mut found = BTreeMap::new();
        let Some(root) = self.files.get(&Vec::new()) else {
            return found;
        };
        for line in root.lines().map(code) {
            let Some(rest) = line.trim().strip_prefix("pub use ") else {
                continue;
            };
            for path in paths_in(rest.trim_end_matches(';')) {
                let module = path[..path.len() - 1].to_vec();
                if path.len() > 1 && self.files.contains_key(&module) {
                    found.insert(path[path.len() - 1].clone(), module);
                }
            }
        }
        found
    }

    /// Every module each module refers to.
    fn edges(&self) -> BTreeMap<ModulePath, BTreeSet<ModulePath>> {
        let mut edges: BTreeMap<ModulePath, BTreeSet<ModulePath>> = BTreeMap::new();
        for (module, text) in &self.files {
            let targets = edges.entry(module.clone()).or_default();
            // Inline modules (`mod tests { use super::*; }`) stand at the
            // end of a file: there `super` is the file's own module.
            let mut joined = String::new();
            for line in text.lines() {
                let trimmed = line.trim_start();
                if (trimmed.starts_with("mod ") || trimmed.starts_with("pub mod "))
                    && trimmed.trim_end().ends_with('{')
                    && !joined.contains('\u{0}')
                {
                    joined.push('\u{0}');
                }
                joined.push_str(code(line));
                joined.push('\n');
            }
            let (outer, inner) = joined.split_once('\u{0}').unwrap_or((&joined, ""));
            for (part, depth) in [(outer, 0), (inner, 1)] {
                for path in references(part) {
                    let Some(absolute) = absolute(module, &path, depth) else {
                        continue;
                    };
                    if let Some(target) = self.resolve(&absolute) {
                        targets.insert(target);
                    }
                }
            }
        }
        edges
    }
}

/// A line without its `//` comment.
fn code(line: &str) -> &str {
    match line.find("//") {
        Some(at) if !line[..at].contains('"') => &line[..at],
        _ => line,
    }
}

/// Every path starting at `crate::`, `super::` or `self::` in `text`, with
/// `{...}` groups expanded (over lines, nested): `super::{a, b::c}` gives
/// `super::a` and `super::b::c`.
fn references(text: &str) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    let bytes = text.as_bytes();
    let mut at = 0;
    while at < text.len() {
        let starts = ["crate::", "super::", "self::"]
            .iter()
            .find(|p| text[at..].starts_with(**p));
        let boundary = at == 0 || !(bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_');
        match starts {
            Some(prefix) if boundary => {
                let end = path_end(text, at);
                found.extend(paths_in(&text[at..end]));
                at = end.max(at + prefix.len());
            }
            _ => at += text[at..].chars().next().map_or(1, char::len_utf8),
        }
    }
    found
}

/// Where the path starting at `start` ends (after its closing group brace).
fn path_end(text: &str, start: usize) -> usize {
    let mut depth = 0usize;
    for (i, c) in text[start..].char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth > 0 => {
                depth -= 1;
                if depth == 0 {
                    return start + i + 1;
                }
            }
            c if depth == 0 && !(c.is_alphanumeric() || c == '_' || c == ':') => {
                return start + i;
            }
            _ => {}
        }
    }
    text.len()
}

/// The paths of one use tree: `a::{b, c::{d, e}}` gives `a::b`, `a::c::d`, `a::c::e`.
fn paths_in(tree: &str) -> Vec<Vec<String>> {
    let tree = tree.trim();
    let (head, group) = match tree.find('{') {
        Some(open) => {
            let close = tree.rfind('}').unwrap_or(tree.len());
            (&tree[..open], Some(&tree[open + 1..close.max(open + 1)]))
        }
        None => (tree, None),
    };
    let prefix: Vec<String> = head
        .split("::")
        .map(|s| {
            s.trim()
                .split(" as ")
                .next()
                .unwrap_or("")
                .trim()
                .to_owned()
        })
        .filter(|s| !s.is_empty())
        .collect();
    let Some(group) = group else {
        return vec![prefix];
    };
    // Split the group on top-level commas.
    let mut items = Vec::new();
    let (mut depth, mut from) = (0, 0);
    for (i, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                items.push(&group[from..i]);
                from = i + 1;
            }
            _ => {}
        }
    }
    items.push(&group[from..]);
    let mut paths = Vec::new();
    for item in items.into_iter().filter(|i| !i.trim().is_empty()) {
        for tail in paths_in(item) {
            let mut path = prefix.clone();
            path.extend(tail.into_iter().filter(|s| s != "self"));
            paths.push(path);
        }
    }
    paths
}

/// `path` (starting with `crate`, `super` or `self`) as an absolute module
/// path, seen from `module`; `depth` is 1 inside an inline module.
fn absolute(module: &[String], path: &[String], depth: usize) -> Option<Vec<String>> {
    let mut base: Vec<String> = module.to_vec();
    let mut rest = path;
    match rest.first().map(String::as_str) {
        Some("crate") => {
            base.clear();
            rest = &rest[1..];
        }
        Some("self") => rest = &rest[1..],
        Some("super") => {
            let mut ups = 0;
            while rest.first().map(String::as_str) == Some("super") {
                ups += 1;
                rest = &rest[1..];
            }
            for _ in depth..ups {
                base.pop()?;
            }
        }
        _ => return None,
    }
    base.extend(rest.iter().cloned());
    Some(base)
}

/// In the folder `folder`, the child (file or subfolder) holding `module`.
fn child_of(folder: &[String], module: &[String]) -> Option<String> {
    (module.len() > folder.len() && module.starts_with(folder))
        .then(|| module[folder.len()].clone())
}

/// Per folder, the graph of its children.
fn folder_graphs(krate: &Crate) -> BTreeMap<ModulePath, BTreeMap<String, BTreeSet<String>>> {
    let edges = krate.edges();
    let mut folders: BTreeMap<ModulePath, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for module in krate.files.keys() {
        for n in 0..module.len() {
            let folder = module[..n].to_vec();
            folders
                .entry(folder)
                .or_default()
                .entry(module[n].clone())
                .or_default();
        }
    }
    for (from, targets) in &edges {
        for to in targets {
            for (folder, graph) in folders.iter_mut() {
                if let (Some(a), Some(b)) = (child_of(folder, from), child_of(folder, to)) {
                    if a != b {
                        graph.entry(a).or_default().insert(b);
                    }
                }
            }
        }
    }
    folders
}

/// A cycle in the graph, if there is one, as a path of node names.
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

/// The first cycle in any folder of `krate`, as `folder: a -> b -> a`.
fn first_cycle(krate: &Crate) -> Option<String> {
    folder_graphs(krate)
        .into_iter()
        .find_map(|(folder, graph)| {
            find_cycle(&graph).map(|cycle| {
                let folder = if folder.is_empty() {
                    "the crate root".to_owned()
                } else {
                    folder.join("/") + "/"
                };
                format!("{folder}: {}", cycle.join(" -> "))
            })
        })
}

fn assert_acyclic(root: &Path) {
    let krate = Crate::read(root);
    assert!(
        krate.files.len() > 3,
        "found the modules of {}",
        root.display()
    );
    if let Some(cycle) = first_cycle(&krate) {
        panic!(
            "import cycle in {}, in {cycle} (each module may import only the layers below it)",
            root.display(),
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
fn the_engine_depends_on_no_cli_database_terminal_or_model_crate() {
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
        // The engine sees the model only through its `Encoder` trait, so
        // that it, its benches and fuzz targets build without the weights.
        "mock-embed",
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

#[test]
fn a_cycle_inside_a_folder_is_found_and_a_front_is_no_cycle() {
    // bank/load.rs and bank/validate.rs importing each other, one of them
    // through a group written over two lines.
    let cyclic = Crate::from_sources(&[
        ("lib.rs", "pub mod bank;\npub use bank::Bank;\n"),
        (
            "bank/mod.rs",
            "mod load;\nmod validate;\npub use load::from_files;\npub struct Bank;\n",
        ),
        ("bank/load.rs", "use super::validate;\nuse super::Bank;\n"),
        (
            "bank/validate.rs",
            "use super::{\n    load::Parsed,\n    Bank,\n};\n",
        ),
        ("error.rs", "use crate::Bank;\n"),
    ]);
    assert_eq!(
        first_cycle(&cyclic).as_deref(),
        Some("bank/: load -> validate -> load")
    );
    // The same with the cycle broken: the folder's front (mod.rs) using its
    // children and being used by them is no cycle.
    let layered = Crate::from_sources(&[
        ("lib.rs", "pub mod bank;\npub use bank::Bank;\n"),
        (
            "bank/mod.rs",
            "mod load;\nmod validate;\npub use load::from_files;\npub struct Bank;\n",
        ),
        ("bank/load.rs", "use super::validate;\nuse super::Bank;\n"),
        (
            "bank/validate.rs",
            "use super::Bank;\nmod tests {\n    use super::check;\n}\n",
        ),
        ("error.rs", "use crate::Bank;\n"),
    ]);
    assert_eq!(first_cycle(&layered), None);
    // Across folders: error.rs reaches bank through the root's re-export.
    let across = Crate::from_sources(&[
        (
            "lib.rs",
            "pub mod bank;\npub mod error;\npub use bank::Bank;\n",
        ),
        ("bank/mod.rs", "pub struct Bank(crate::error::Error);\n"),
        ("error.rs", "pub struct Error;\nfn f(_: crate::Bank) {}\n"),
    ]);
    assert_eq!(
        first_cycle(&across).as_deref(),
        Some("the crate root: bank -> error -> bank")
    );
}
