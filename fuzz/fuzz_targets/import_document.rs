//! Fuzzes `mock bank import`'s reader and the drafting behind it: arbitrary
//! bytes as a Markdown interview document must give imported questions or a
//! located error, never a panic; every drafted rubric must load, and scoring
//! an answer against it (with the semantic stage, as `mock score` does) must
//! not panic either.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use mock::bank::{from_files, load::BankFile};
use mock::bank::FileKind;
use mock::library_draft::LibraryDrafter;

/// The built-in library, compiled once for every run.
fn drafter() -> &'static LibraryDrafter {
    static DRAFTER: std::sync::OnceLock<LibraryDrafter> = std::sync::OnceLock::new();
    DRAFTER.get_or_init(|| {
        let bank = mock::Bank::builtin().expect("the built-in bank");
        LibraryDrafter::new(bank.library(), Some(mock::encoder::builtin_encoder()))
    })
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    // The input is also scored as an answer against what it drafts: the
    // closeness stage sees arbitrary sentences, negations and list numbers.
    let answer = text.clone();
    let drafter = drafter();
    let Ok(imported) = mock::import::parse(Path::new("doc.md"), &text, drafter) else {
        return;
    };
    for item in imported.iter().take(3) {
        let rubric = mock::rubric_draft::to_yaml(&item.rubric);
        let question = serde_norway::to_string(&item.question).expect("a question serializes");
        let files = vec![
            BankFile { path: "questions/t/q.yaml".into(), kind: FileKind::Question, text: question },
            BankFile { path: "rubrics/q.yaml".into(), kind: FileKind::Rubric, text: rubric },
        ];
        let mut bank = from_files(files).expect("a drafted rubric loads");
        bank.set_encoder(Some(mock::encoder::builtin_encoder()));
        for entry in bank.entries() {
            let _ = mock::score(entry, &item.model_answer);
            let _ = mock::score(entry, "Not that. It is never connected; a short answer.");
            let _ = mock::score(entry, &answer);
        }
    }
});
