//! Rebuild when the embedded bank changes: `include_dir!` does not tell
//! cargo which files it read, so edits to questions/, rubrics/ or library/ would
//! otherwise leave a stale bank in the binary.
//!
//! Also writes `$OUT_DIR/questions.json`: the built-in questions as one JSON
//! array, which `Bank::builtin` parses instead of 42
//! YAML files (the YAML parse was most of `mock list`'s start-up). When a
//! question file does not parse, the index is `null` and the bank is read
//! from YAML as before, so the error is reported with its line and column.
use std::path::{Path, PathBuf};

fn main() {
    for dir in ["questions", "rubrics", "library", "src/scaffold"] {
        println!("cargo:rerun-if-changed={dir}");
    }
    let mut files = Vec::new();
    collect(Path::new("questions"), &mut files);
    files.sort();
    let index: Option<Vec<serde_json::Value>> = files
        .iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).ok()?;
            serde_norway::from_str(&text).ok()
        })
        .collect();
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let json = serde_json::to_string(&index).expect("JSON values serialize");
    std::fs::write(out.join("questions.json"), json).expect("OUT_DIR is writable");
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, files);
        } else if matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml")
        ) {
            files.push(path);
        }
    }
}
