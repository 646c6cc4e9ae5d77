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
/// folder the finished files are moved in one by one, never through a link
/// planted in it. `dir` may be a link to a folder: the folder it names is
/// written. Two runs writing the same folder take turns, so the folder
/// ends up with the files of one of them, not a mix. Returns the paths
/// written.
pub fn write_folder_staged(
    dir: &Path,
    force: bool,
    prefix: &str,
    build: impl FnOnce(&Path) -> Result<Vec<PathBuf>, crate::error::Error>,
) -> Result<Vec<PathBuf>, crate::error::Error> {
    ensure_empty(dir, force)?;
    let target = if dir.is_symlink() && dir.is_dir() {
        dir.canonicalize().map_err(|e| at(dir, e))?
    } else {
        dir.to_owned()
    };
    let parent = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(|e| at(parent, e))?;
    remove_abandoned_staging(parent, prefix);
    let mut builder = tempfile::Builder::new();
    // The pid in the name tells a folder left by a killed run (removed by
    // the next run) from one being built now.
    let staging_prefix = format!("{prefix}{}.", std::process::id());
    builder.prefix(&staging_prefix);
    // The folder becomes the result: as open as `create_dir` makes folders.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o777));
    let staging = builder.tempdir_in(parent).map_err(|e| at(parent, e))?;
    let built = build(staging.path())?;
    let _turn = FolderLock::take(&target)?;
    // Another run may have written the folder in the meantime.
    ensure_empty(&target, force)?;
    let empty = !target.exists()
        || std::fs::read_dir(&target)
            .map_err(|e| at(&target, e))?
            .next()
            .is_none();
    if empty {
        if target.exists() {
            std::fs::remove_dir(&target).map_err(|e| at(&target, e))?;
        }
        std::fs::rename(staging.path(), &target).map_err(|e| at(&target, e))?;
    } else {
        for relative in &built {
            refuse_links(&target, relative)?;
            let path = target.join(relative);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(|e| at(parent, e))?;
            }
            std::fs::rename(staging.path().join(relative), &path).map_err(|e| at(&path, e))?;
        }
    }
    Ok(built.iter().map(|relative| dir.join(relative)).collect())
}

/// An I/O error about `path`, as a message that names it.
fn at(path: &Path, error: std::io::Error) -> crate::error::Error {
    crate::error::Error::Usage(format!("{}: {error}", crate::escape::path(path)))
}

/// Refuses to write `relative` into `dir` when a folder on the way is a
/// link (planted to send the file elsewhere).
fn refuse_links(dir: &Path, relative: &Path) -> Result<(), crate::error::Error> {
    let mut path = dir.to_owned();
    for part in relative.parent().into_iter().flat_map(Path::components) {
        path.push(part);
        if path.is_symlink() {
            return Err(crate::error::Error::Usage(format!(
                "{}: a link; refusing to write through it (remove it, or choose a new folder)",
                crate::escape::path(&path)
            )));
        }
    }
    Ok(())
}

/// Removes staging folders (`<prefix><pid>.<random>`) beside the target
/// that a run killed before it could clean up left behind: those whose
/// process is gone. Only where `/proc` tells which processes run.
fn remove_abandoned_staging(parent: &Path, prefix: &str) {
    let proc = Path::new("/proc");
    if !proc.join("self").exists() {
        return;
    }
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name
            .to_str()
            .and_then(|n| n.strip_prefix(prefix))
            .and_then(|rest| rest.split('.').next())
            .and_then(|pid| pid.parse::<u32>().ok())
        else {
            continue;
        };
        let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
        if is_dir && !proc.join(pid.to_string()).exists() {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// A turn at writing a folder: a lock folder beside it, created atomically,
/// removed when dropped. A lock older than [`STALE_LOCK`] was left by a run
/// that was killed, and is taken over.
struct FolderLock(PathBuf);

/// How long a lock is held at most by a live run (moving the files of a
/// bank into place takes milliseconds).
const STALE_LOCK: std::time::Duration = std::time::Duration::from_secs(60);

impl FolderLock {
    fn take(dir: &Path) -> Result<FolderLock, crate::error::Error> {
        let name = dir.file_name().and_then(|n| n.to_str()).unwrap_or("folder");
        let lock = dir.with_file_name(format!(".{name}.mock-lock"));
        let started = std::time::Instant::now();
        loop {
            match std::fs::create_dir(&lock) {
                Ok(()) => return Ok(FolderLock(lock)),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
                    let stale = std::fs::metadata(&lock)
                        .and_then(|m| m.modified())
                        .ok()
                        .and_then(|t| t.elapsed().ok())
                        .is_some_and(|age| age > STALE_LOCK);
                    if stale {
                        let _ = std::fs::remove_dir(&lock);
                    } else if started.elapsed() > STALE_LOCK {
                        return Err(crate::error::Error::Usage(format!(
                            "{}: another mock is writing this folder (remove the lock if none is)",
                            crate::escape::path(&lock)
                        )));
                    }
                    std::thread::sleep(std::time::Duration::from_millis(20));
                }
                Err(e) => return Err(at(&lock, e)),
            }
        }
    }
}

impl Drop for FolderLock {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir(&self.0);
    }
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
