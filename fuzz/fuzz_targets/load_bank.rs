//! Fuzzes the question/rubric loader: arbitrary bytes as a rubric file (and
//! as a question file) must give a bank or located diagnostics, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use mock::bank::{from_files, load::BankFile};

const QUESTION: &str = "id: q\ntheme: t\ntitle: T\nquestion: Q?\nprobes: P\ntime_box_minutes: 5\n";

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
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
