//! Fuzzes the question/rubric/library loader: arbitrary bytes as a rubric
//! file, as a library file beside a rubric that uses it, and as a question
//! file must give a bank or located diagnostics, never a panic (nor a hang:
//! nesting, tags, anchors and aliases go through the YAML guard, which the
//! seeds exercise).
#![no_main]

use libfuzzer_sys::fuzz_target;
use mock::bank::{from_files, load::BankFile, FileKind};

const QUESTION: &str = "id: q\ntheme: t\ntitle: T\nquestion: Q?\nprobes: P\ntime_box_minutes: 5\n";
const USES: &str = "question: q\nversion: 2\nconcepts:\n  - use: outbox\n    weight: 2\n";

fn file(path: &str, kind: FileKind, text: &str) -> BankFile {
    BankFile { path: path.into(), kind, text: text.into() }
}

fn score_all(files: Vec<BankFile>) {
    if let Ok(bank) = from_files(files) {
        for entry in bank.entries() {
            let _ = mock::score(entry, "a short answer with a transactional outbox");
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data).into_owned();
    // The YAML guard alone, with a small expansion limit so that aliases
    // reach it (the bank loader below uses the 4 MB bank file limit).
    let _ = mock::yaml::check(&text, 4096);
    score_all(vec![
        file("questions/t/q.yaml", FileKind::Question, QUESTION),
        file("rubrics/q.yaml", FileKind::Rubric, &text),
    ]);
    score_all(vec![
        file("questions/t/q.yaml", FileKind::Question, QUESTION),
        file("rubrics/q.yaml", FileKind::Rubric, USES),
        file("library/area.yaml", FileKind::Library, &text),
    ]);
    let _ = from_files(vec![file("questions/t/q.yaml", FileKind::Question, &text)]);
});
