//! Writing files safely: a temporary file in the same folder, renamed over
//! the target, so a crash never leaves a half-written file where a good one
//! was.

use std::io::Write;
use std::path::Path;

/// Writes `bytes` to `path` atomically (temporary file + rename).
pub fn write_atomic(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let temporary = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temporary, path)
    })();
    if result.is_err() {
        std::fs::remove_file(&temporary).ok();
    }
    result
}

/// Refuses to write into a folder that exists and is not empty, unless
/// `force`; a path that exists and is not a folder is refused always.
pub fn ensure_empty(dir: &Path, force: bool) -> Result<(), crate::error::Error> {
    if dir.exists() && !dir.is_dir() {
        return Err(crate::error::Error::Usage(format!(
            "{} exists and is not a folder",
            dir.display()
        )));
    }
    let non_empty = dir.is_dir() && std::fs::read_dir(dir)?.next().is_some();
    if non_empty && !force {
        return Err(crate::error::Error::Usage(format!(
            "{} is not empty; choose a new folder or pass --force to write into it",
            dir.display()
        )));
    }
    Ok(())
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
