//! The one way the integration tests start `mock`: hermetic.
//!
//! Every spawned process loses the caller's `MOCK_*` and `XDG_*` variables
//! (and the few others that change output: `NO_COLOR`, `COLUMNS`, `LINES`,
//! `VISUAL`, `EDITOR`) and gets a `HOME` inside cargo's temporary folder, so
//! `cargo test` never reads or writes a user's real history, drafts or bank,
//! whatever is exported in the shell that runs it. A test that needs one of
//! these sets it on the returned command, after the clearing.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::Command as Process;

/// Variables cleared besides every `MOCK_*` and `XDG_*` one.
const CLEARED: &[&str] = &[
    "NO_COLOR",
    "CLICOLOR",
    "CLICOLOR_FORCE",
    "COLUMNS",
    "LINES",
    "VISUAL",
    "EDITOR",
];

/// The `HOME` of every spawned process: a folder under cargo's
/// `CARGO_TARGET_TMPDIR`, never the user's.
pub fn home() -> PathBuf {
    let home = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("hermetic-home");
    std::fs::create_dir_all(&home).expect("the hermetic HOME can be created");
    home
}

/// Makes `cmd` hermetic: see the module documentation.
pub fn hermetic(cmd: &mut Process) -> &mut Process {
    for (key, _) in std::env::vars_os() {
        let name = key.to_string_lossy();
        if name.starts_with("MOCK_") || name.starts_with("XDG_") {
            cmd.env_remove(&key);
        }
    }
    for name in CLEARED {
        cmd.env_remove(name);
    }
    cmd.env("HOME", home())
}

/// The `mock` binary as a hermetic `std::process::Command`, for tests that
/// spawn it (signals, concurrency, pseudo-terminals).
pub fn process() -> Process {
    let mut cmd = Process::new(bin());
    hermetic(&mut cmd);
    cmd
}

/// The `mock` binary as a hermetic `assert_cmd::Command`.
pub fn mock() -> assert_cmd::Command {
    assert_cmd::Command::from_std(process())
}

/// The path of the `mock` binary under test.
pub fn bin() -> PathBuf {
    assert_cmd::cargo::cargo_bin("mock")
}

pub mod hostile;

/// The ten questions of the seed prep document, in bank order.
pub const SEED_IDS: [&str; 10] = [
    "adr-process",
    "microservices-wrong-choice",
    "cloud-native",
    "cncf-adoption",
    "data-consistency",
    "async-pitfalls",
    "dotnet-features",
    "engineering-metrics",
    "incident-leadership",
    "testing-strategy",
];

/// A bank folder `dir/bank` holding the built-in questions `ids` (their
/// question and rubric files), so that a test's plan, counts and means do
/// not move when the built-in bank grows. A folder bank uses the built-in
/// concept library; its order is by theme, then file name.
pub fn bank_with(dir: &std::path::Path, ids: &[&str]) -> PathBuf {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let bank = dir.join("bank");
    for id in ids {
        let theme = std::fs::read_dir(root.join("questions"))
            .unwrap()
            .map(|t| t.unwrap().path())
            .find(|t| t.join(format!("{id}.yaml")).exists())
            .unwrap_or_else(|| panic!("no built-in question {id}"));
        let question = format!(
            "questions/{}/{id}.yaml",
            theme.file_name().unwrap().to_string_lossy()
        );
        let rubric = format!("rubrics/{id}.yaml");
        for file in [question, rubric] {
            std::fs::create_dir_all(bank.join(&file).parent().unwrap()).unwrap();
            std::fs::copy(root.join(&file), bank.join(&file)).unwrap();
        }
    }
    bank
}

/// A bank of two built-in cloud questions: cloud-native, then cncf-adoption.
pub fn two_cloud_questions(dir: &std::path::Path) -> PathBuf {
    bank_with(dir, &["cloud-native", "cncf-adoption"])
}
