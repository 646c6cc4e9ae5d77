//! Fuzzes scoring: arbitrary bytes (lossily decoded) scored against every
//! built-in rubric must never panic and must keep the score invariants.
//! Built on the engine alone, which needs no embedding model: the rubrics
//! are read from the repository's files, scored lexically.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use mock_engine::library::{Library, LibraryFile, RubricFile};
use mock_engine::rubric::Question;
use mock_engine::CompiledQuestion;

/// Every question of the built-in bank, from `questions/`, `rubrics/` and
/// the concept library they use (`library/`).
fn bank() -> &'static [CompiledQuestion] {
    static BANK: OnceLock<Vec<CompiledQuestion>> = OnceLock::new();
    BANK.get_or_init(|| {
        let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut library = Library::new();
        for (origin, file) in std::fs::read_dir(root.join("library")).expect("the library").enumerate() {
            let path = file.expect("a library file").path();
            let area = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_owned();
            let text = std::fs::read_to_string(&path).expect("UTF-8");
            let parsed: LibraryFile = serde_norway::from_str(&text).expect("a library file");
            library.add(parsed, &area, origin, true);
        }
        let mut questions = Vec::new();
        for theme in std::fs::read_dir(root.join("questions")).expect("the built-in questions") {
            for file in std::fs::read_dir(theme.expect("a theme").path()).expect("a theme folder") {
                let path = file.expect("a question file").path();
                let question: Question =
                    serde_norway::from_str(&std::fs::read_to_string(&path).expect("UTF-8"))
                        .expect("a question");
                let rubric_path = root.join("rubrics").join(format!("{}.yaml", question.id));
                let file: RubricFile =
                    serde_norway::from_str(&std::fs::read_to_string(rubric_path).expect("UTF-8"))
                        .expect("a rubric");
                let rubric = library.resolve(&file).expect("it resolves");
                questions.push(CompiledQuestion::compile(question, rubric).expect("it compiles"));
            }
        }
        CompiledQuestion::prune_gists(&mut questions);
        questions
    })
}

fuzz_target!(|data: &[u8]| {
    let answer = String::from_utf8_lossy(data);
    for entry in bank() {
        let a = mock_engine::score(entry, &answer);
        assert!((0.0..=100.0).contains(&a.score) && a.coverage >= a.score);
        for concept in &a.concepts {
            for e in &concept.evidence {
                assert_eq!(&answer[e.start..e.end], e.text);
            }
        }
    }
});
