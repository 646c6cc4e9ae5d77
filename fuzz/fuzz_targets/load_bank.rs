//! Fuzzes the question/rubric loader: arbitrary bytes as a rubric file (and
//! as a question file) must give a bank or located diagnostics, never a panic
//! (nor a hang: nesting, tags, anchors and aliases go through the YAML
//! guard, which the seeds exercise).
#![no_main]

use libfuzzer_sys::fuzz_target;
use mock::bank::load::{from_files, BankFile};

const QUESTION: &str = "id: q\ntheme: t\ntitle: T\nquestion: Q?\nprobes: P\ntime_box_minutes: 5\n";

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    // The YAML guard alone, with a small expansion limit so that aliases
    // reach it (the bank loader below uses the 4 MB bank file limit).
    let _ = mock::yaml::check(&text, 4096);
    let files = vec![
        BankFile { path: "questions/t/q.yaml".into(), is_rubric: false, text: QUESTION.into() },
        BankFile { path: "rubrics/q.yaml".into(), is_rubric: true, text: text.clone() },
    ];
    if let Ok(bank) = from_files(files) {
        for entry in bank.entries() {
            let _ = mock::score(entry, "a short answer with a transactional outbox");
        }
    }
    let _ = from_files(vec![BankFile { path: "questions/t/q.yaml".into(), is_rubric: false, text }]);
});
