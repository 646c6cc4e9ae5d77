//! The test harness is hermetic: a `MOCK_DB`, `MOCK_DATA_DIR` or
//! `XDG_DATA_HOME` exported in the shell that runs `cargo test` never reaches
//! the binary under test, so the suite cannot touch a user's real history.
//! (A test binary of its own: it changes this process's environment.)

mod common;

use std::time::SystemTime;

#[test]
fn exported_mock_and_xdg_variables_never_reach_the_binary() {
    let outside = tempfile::tempdir().unwrap();
    let db = outside.path().join("real-history.db");
    std::fs::write(&db, b"the user's real history").unwrap();
    let data = outside.path().join("real-data");
    let xdg = outside.path().join("xdg-data");
    let stamp = |p: &std::path::Path| std::fs::metadata(p).unwrap().modified().unwrap();
    let before: SystemTime = stamp(&db);
    std::env::set_var("MOCK_DB", &db);
    std::env::set_var("MOCK_DATA_DIR", &data);
    std::env::set_var("XDG_DATA_HOME", &xdg);
    std::env::set_var("MOCK_BANK", outside.path().join("no-such-bank"));

    // An interview and a recorded batch: both write to the history.
    common::mock()
        .args(["ask", "--id", "cloud-native", "--no-follow-up"])
        .write_stdin("Stateless services, designed for failure, with health checks.\n")
        .assert()
        .success();
    common::mock()
        .args([
            "score",
            "--record",
            concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/examples/answers/cloud-native/strong.md"
            ),
        ])
        .assert()
        .success();
    let history = common::mock()
        .args(["history", "--format", "json"])
        .assert()
        .success();

    assert_eq!(std::fs::read(&db).unwrap(), b"the user's real history");
    assert_eq!(stamp(&db), before, "MOCK_DB was written to");
    assert!(!data.exists(), "MOCK_DATA_DIR was used");
    assert!(!xdg.exists(), "XDG_DATA_HOME was used");
    // The attempts went to the hermetic HOME instead.
    let attempts: serde_json::Value = serde_json::from_slice(&history.get_output().stdout).unwrap();
    assert!(!attempts.as_array().unwrap().is_empty());
    assert!(common::home().join(".local/share/mock").exists());
}
