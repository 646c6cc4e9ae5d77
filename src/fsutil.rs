//! Writing files safely: a temporary file in the same folder, renamed over
//! the target, so a crash never leaves a half-written file where a good one
//! was.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `bytes` to `path` atomically: a temporary file with a random name,
/// created exclusively (`O_EXCL`, so a planted file or symlink is never
/// followed), synced, then renamed over `path`.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let prefix = format!(".{name}.");
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    // Like `File::create`: readable by others as the umask allows (tempfile
    // alone would make it private to the owner).
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut file = builder.tempfile_in(dir)?;
    file.write_all(bytes)?;
    file.as_file().sync_all()?;
    // On failure the temporary file is removed when dropped.
    file.persist(path).map_err(|e| e.error)?;
    Ok(())
}

/// Refuses to write into a folder that exists and is not empty, unless
/// `force`; a path that exists and is not a folder is refused always.
pub fn ensure_empty(dir: &Path, force: bool) -> Result<(), crate::error::Error> {
    if dir.exists() && !dir.is_dir() {
        return Err(crate::error::Error::Usage(format!(
            "{} exists and is not a folder",
            crate::escape::path(dir)
        )));
    }
    let non_empty = dir.is_dir() && std::fs::read_dir(dir)?.next().is_some();
    if non_empty && !force {
        return Err(crate::error::Error::Usage(format!(
            "{} is not empty; choose a new folder or pass --force to write into it",
            crate::escape::path(dir)
        )));
    }
    Ok(())
}

/// Builds a folder's files with `build` (which returns their paths relative
/// to the folder it is given) in a temporary folder beside `dir`, then moves
/// them into place: a failed or interrupted build leaves no half-written
/// folder. `dir` must be empty or missing unless `force`; into a non-empty
/// folder the finished files are moved in one by one. Returns the paths
/// written.
pub fn write_folder_staged(
    dir: &Path,
    force: bool,
    prefix: &str,
    build: impl FnOnce(&Path) -> Result<Vec<PathBuf>, crate::error::Error>,
) -> Result<Vec<PathBuf>, crate::error::Error> {
    ensure_empty(dir, force)?;
    let parent = dir
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)?;
    let mut builder = tempfile::Builder::new();
    builder.prefix(prefix);
    // The folder becomes the result: as open as `create_dir` makes folders.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o777));
    let staging = builder.tempdir_in(parent)?;
    let built = build(staging.path())?;
    let empty = !dir.exists() || std::fs::read_dir(dir)?.next().is_none();
    if empty {
        if dir.exists() {
            std::fs::remove_dir(dir)?;
        }
        std::fs::rename(staging.path(), dir)?;
    } else {
        for relative in &built {
            let target = dir.join(relative);
            if let Some(parent) = target.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::rename(staging.path().join(relative), &target)?;
        }
    }
    Ok(built.iter().map(|relative| dir.join(relative)).collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_the_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.txt");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "two");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }
}
