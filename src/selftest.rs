//! Rubric self-tests (`mock rubric test`): every concept's `examples` must
//! earn it and its `counterexamples` must not; every red flag's `examples`
//! must fire it and its `counterexamples` must not; every misconception's
//! `examples` must state it and its `counterexamples` must not. Each sentence is scored
//! on its own against its question's rubric.

use crate::analysis::LineIndex;
use crate::bank::{Bank, Entry, Question};
use crate::explain::{explain_concept, explain_misconception, explain_red_flag};
use crate::scoring::trace::Trace;
use crate::scoring::{score_traced, Assessment};
use mock_engine::library::LibraryEntry;

/// One self-test that did not hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FailedExample {
    /// Where the rubric lives.
    pub rubric_path: String,
    /// `concept <id>` or `red flag <id>`.
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
        for (index, concept) in entry.rubric.concepts.iter().enumerate() {
            let target = Target {
                name: format!("concept {}", concept.id),
                expectations: ["example must earn it", "counterexample must not earn it"],
                holds: &|a, _| a.concepts[index].hit,
                kind: Kind::Concept,
                index,
            };
            target.check(
                entry,
                &concept.examples,
                &concept.counterexamples,
                &mut outcome,
            );
        }
        for (index, flag) in entry.rubric.red_flags.iter().enumerate() {
            let target = Target {
                name: format!("red flag {}", flag.id),
                expectations: ["example must fire it", "counterexample must not fire it"],
                holds: &|a, _| a.red_flags.iter().any(|f| f.id == flag.id),
                kind: Kind::RedFlag,
                index,
            };
            target.check(entry, &flag.examples, &flag.counterexamples, &mut outcome);
        }
        for (index, wrong) in entry.rubric.misconceptions.iter().enumerate() {
            let target = Target {
                name: format!("wrong claim {}", wrong.id),
                expectations: ["example must state it", "counterexample must not state it"],
                holds: &|a, _| a.misconceptions.iter().any(|m| m.id == wrong.id),
                kind: Kind::Misconception,
                index,
            };
            target.check(entry, &wrong.examples, &wrong.counterexamples, &mut outcome);
        }
    }
    outcome
}

/// The library concepts of the bank's own library (the built-in one for
/// the built-in bank) that no question uses, each compiled as the rubric of
/// a question `library:<full id>` of its own.
fn unused_library_concepts(bank: &Bank) -> Vec<Entry> {
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
            let mut entry = Entry::compile(question, rubric).ok()?;
            entry.rubric_path = format!("library {}", e.full_id());
            entry.set_encoder(bank.encoder().cloned());
            Some(entry)
        })
        .collect()
}

/// What is under test.
#[derive(Clone, Copy)]
enum Kind {
    Concept,
    RedFlag,
    Misconception,
}

/// A concept, red flag or misconception under test.
struct Target<'a> {
    /// `concept <id>`, `red flag <id>` or `wrong claim <id>`.
    name: String,
    /// What an example and a counterexample must do.
    expectations: [&'static str; 2],
    /// Whether a sentence earns the concept, fires the flag or states the claim.
    holds: &'a dyn Fn(&Assessment, &Trace) -> bool,
    kind: Kind,
    /// The index of the target in its rubric.
    index: usize,
}

impl Target<'_> {
    /// Checks that every example holds and no counterexample does.
    fn check(
        &self,
        entry: &Entry,
        examples: &[String],
        counterexamples: &[String],
        outcome: &mut SelfTestRun,
    ) {
        let cases = examples
            .iter()
            .map(|s| (s, true))
            .chain(counterexamples.iter().map(|s| (s, false)));
        for (sentence, should_hold) in cases {
            outcome.checks += 1;
            let (assessment, trace) = score_traced(entry, sentence);
            if (self.holds)(&assessment, &trace) != should_hold {
                let prepared = entry.matcher.prepare(sentence);
                let lines = LineIndex::new(sentence);
                let trace = match self.kind {
                    Kind::Concept => explain_concept(entry, &trace, &prepared, &lines, self.index),
                    Kind::RedFlag => explain_red_flag(entry, &trace, self.index),
                    Kind::Misconception => explain_misconception(entry, &trace, self.index),
                };
                outcome.failures.push(FailedExample {
                    rubric_path: entry.rubric_path.clone(),
                    target: self.name.clone(),
                    expectation: self.expectations[usize::from(!should_hold)],
                    sentence: sentence.clone(),
                    trace,
                });
            }
        }
    }
}
