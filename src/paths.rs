//! Where `mock` keeps its files.

use std::path::PathBuf;

/// The data directory: `MOCK_DATA_DIR`, else the platform data directory
/// (`$XDG_DATA_HOME/mock` or `~/.local/share/mock` on Linux), else a folder
/// in the temporary directory.
pub fn data_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("MOCK_DATA_DIR").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    directories::ProjectDirs::from("", "", "mock")
        .map(|dirs| dirs.data_dir().to_owned())
        .unwrap_or_else(|| std::env::temp_dir().join("mock"))
}

/// Unfinished answers: written line by line while typing.
pub fn drafts_dir() -> PathBuf {
    data_dir().join("drafts")
}

/// Finished answers of `mock ask`, kept as answer files.
pub fn answers_dir() -> PathBuf {
    data_dir().join("answers")
}

/// Interview sessions: saved after every line, for `mock interview --resume`.
pub fn interviews_dir() -> PathBuf {
    data_dir().join("interviews")
}
