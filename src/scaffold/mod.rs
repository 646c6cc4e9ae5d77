//! `mock init`: scaffold a new bank that passes `mock rubric check --strict`
//! and `mock rubric test` out of the box.

use std::path::{Path, PathBuf};

use crate::bank::FileKind;
use crate::error::Error;
use crate::fsutil::write_atomic;

/// The files of a new bank: path inside the folder, contents.
pub const FILES: &[(&str, &str)] = &[
    (
        "questions/architecture/api-compatibility.yaml",
        include_str!("question.yaml"),
    ),
    (
        "rubrics/api-compatibility.yaml",
        include_str!("rubric.yaml"),
    ),
    (".mock.yaml", include_str!("mock.yaml")),
    ("README.md", include_str!("README.md")),
];

/// Writes a new bank into `dir`; refuses a folder that is not empty unless
/// `force`. Returns the paths written.
///
/// The bank is built in a temporary folder beside `dir` and then renamed
/// into place, so an interrupted or failed `init` leaves no half bank (into
/// a non-empty folder, with `force`, the finished files are moved in one by
/// one).
pub fn init(dir: &Path, force: bool) -> Result<Vec<PathBuf>, Error> {
    crate::fsutil::write_folder_staged(dir, force, ".mock-init.", build)
}

/// Writes the files of a new bank into `dir`; returns their relative paths.
fn build(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let mut written = Vec::new();
    let schemas = [
        (
            "schemas/question.schema.json",
            crate::bank::json_schema(FileKind::Question),
        ),
        (
            "schemas/rubric.schema.json",
            crate::bank::json_schema(FileKind::Rubric),
        ),
    ];
    let files = FILES
        .iter()
        .map(|(p, c)| (*p, c.to_string()))
        .chain(schemas.map(|(p, c)| (p, c)));
    for (relative, contents) in files {
        let path = dir.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        write_atomic(&path, contents.as_bytes())?;
        written.push(PathBuf::from(relative));
    }
    Ok(written)
}
