//! Rubric self-tests (`mock rubric test`): every rule's `examples` must
//! hold (earn the concept, fire the red flag, state the misconception) and
//! its `counterexamples` must not. Each sentence is scored on its own
//! against its question's rubric; which rules have self-tests, what holding
//! means and how a failure is explained are the engine's, kind by kind.

use mock_engine::library::LibraryEntry;
use mock_engine::scoring::kinds::SelfTest;
use mock_engine::{CompiledQuestion, Kind};

use crate::bank::{Bank, Question};
use crate::scoring::score_traced;

/// One self-test that did not hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailedExample {
    /// Where the rubric lives.
    pub rubric_path: String,
    /// `concept <id>`, `red flag <id>` or `wrong claim <id>`.
    pub target: String,
    /// What was expected of the sentence.
    pub expectation: &'static str,
    /// The sentence.
    pub sentence: String,
    /// The explain trace for the sentence.
    pub trace: String,
}

/// The result of running every self-test of a bank.
#[derive(Debug, Clone, Default)]
pub struct SelfTestRun {
    /// Sentences checked.
    pub checks: usize,
    /// The failures.
    pub failures: Vec<FailedExample>,
}

/// Runs every example and counterexample of the bank: of its questions'
/// rubrics, and of the library concepts of its own that no question uses
/// (each scored in a rubric of its own).
pub fn run(bank: &Bank) -> SelfTestRun {
    let mut outcome = SelfTestRun::default();
    let unused = unused_library_concepts(bank);
    for entry in bank.entries().iter().chain(&unused) {
        for kind in Kind::ALL {
            for test in kind.self_tests(&entry.rubric) {
                let (examples, counterexamples) = own_sentences(bank, entry, kind, &test);
                let cases = (examples.iter().map(|s| (s, true)))
                    .chain(counterexamples.iter().map(|s| (s, false)));
                for (sentence, should_hold) in cases {
                    outcome.checks += 1;
                    if let Some(failure) =
                        check(entry, kind, &test.target, test.index, sentence, should_hold)
                    {
                        outcome.failures.push(failure);
                    }
                }
            }
        }
    }
    outcome
}

/// The examples and counterexamples of `test` that this bank owns. A
/// folder bank (an import, a bank of your own) that uses a concept of the
/// built-in library checks only the sentences it adds to it: the built-in
/// library's own are checked with the built-in bank, in the questions
/// written for them (a draft's few concepts centre the similarities
/// differently, and would fail borderline counterexamples the library
/// passes where it is used as written).
fn own_sentences<'r>(
    bank: &Bank,
    entry: &CompiledQuestion,
    kind: Kind,
    test: &SelfTest<'r>,
) -> (&'r [String], &'r [String]) {
    let whole = (test.examples, test.counterexamples);
    if kind != Kind::Concept || entry.rubric_path.starts_with("<built-in>/") {
        return whole;
    }
    let Some(full_id) = entry
        .rubric
        .concepts
        .get(test.index)
        .and_then(|c| c.library.as_deref())
    else {
        return whole;
    };
    match bank.library().lookup(full_id) {
        Ok(e) if e.origin == crate::bank::load::BUILTIN_ORIGIN => (
            test.examples
                .get(e.concept.examples.len()..)
                .unwrap_or_default(),
            test.counterexamples
                .get(e.concept.counterexamples.len()..)
                .unwrap_or_default(),
        ),
        _ => whole,
    }
}

/// The library concepts of the bank's own library (the built-in one for
/// the built-in bank) that no question uses, each compiled as the rubric of
/// a question `library:<full id>` of its own.
fn unused_library_concepts(bank: &Bank) -> Vec<CompiledQuestion> {
    let library = bank.library();
    let own = |e: &&LibraryEntry| {
        let builtin = e.origin == crate::bank::load::BUILTIN_ORIGIN;
        // A folder bank checks its own library; the built-in bank, built from
        // embedded files, has every entry from them.
        !builtin
            || bank
                .entries()
                .iter()
                .all(|q| q.rubric_path.starts_with("<built-in>/"))
    };
    library
        .entries()
        .iter()
        .filter(own)
        .filter(|e| bank.questions_using(&e.full_id()).is_empty())
        .filter_map(|e| {
            let rubric = library.standalone(e);
            let question = Question {
                id: rubric.question.clone(),
                theme: "library".into(),
                title: e.concept.label.clone(),
                question: String::new(),
                probes: String::new(),
                time_box_minutes: 1,
                follow_ups: Vec::new(),
                key_points: Vec::new(),
            };
            let mut entry = CompiledQuestion::compile(question, rubric).ok()?;
            entry.rubric_path = format!("library {}", e.full_id());
            entry.set_encoder(bank.encoder().cloned());
            Some(entry)
        })
        .collect()
}

/// Scores `sentence` and checks that rule `index` of `kind` holds in it
/// exactly when it should.
fn check(
    entry: &CompiledQuestion,
    kind: Kind,
    target: &str,
    index: usize,
    sentence: &str,
    should_hold: bool,
) -> Option<FailedExample> {
    let (assessment, trace) = score_traced(entry, sentence);
    if kind.holds(&entry.rubric, &assessment, index) == should_hold {
        return None;
    }
    let explaining = entry.compiled.explaining(sentence);
    Some(FailedExample {
        rubric_path: entry.rubric_path.clone(),
        target: target.to_owned(),
        expectation: kind.expectations()[usize::from(!should_hold)],
        sentence: sentence.to_owned(),
        trace: entry.explain_rule(kind, &trace, &explaining, index),
    })
}
