//! Rubric self-tests (`mock rubric test`): every concept's `examples` must
//! earn it and its `counterexamples` must not; every red flag's `examples`
//! must fire it and its `counterexamples` must not. Each sentence is scored
//! on its own against its question's rubric.

use crate::analysis::LineIndex;
use crate::bank::{Bank, Entry};
use crate::explain::{explain_concept, explain_red_flag};
use crate::matching::Prepared;

/// One self-test that did not hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
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
pub struct Outcome {
    /// Sentences checked.
    pub checks: usize,
    /// The failures.
    pub failures: Vec<Failure>,
}

/// Runs every example and counterexample of the bank.
pub fn run(bank: &Bank) -> Outcome {
    let mut outcome = Outcome::default();
    for entry in bank.entries() {
        for (index, concept) in entry.rubric.concepts.iter().enumerate() {
            let target = Target {
                name: format!("concept {}", concept.id),
                expectations: ["example must earn it", "counterexample must not earn it"],
                holds: &|sentence| crate::scoring::score(entry, sentence).concepts[index].hit,
                explain: &explain_concept,
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
                holds: &|sentence| {
                    crate::scoring::score(entry, sentence)
                        .red_flags
                        .iter()
                        .any(|f| f.id == flag.id)
                },
                explain: &explain_red_flag,
                index,
            };
            target.check(entry, &flag.examples, &flag.counterexamples, &mut outcome);
        }
    }
    outcome
}

/// An explain function for one concept or red flag of an entry.
type Explain = dyn Fn(&Entry, &Prepared<'_>, &LineIndex<'_>, usize) -> String;

/// A concept or red flag under test.
struct Target<'a> {
    /// `concept <id>` or `red flag <id>`.
    name: String,
    /// What an example and a counterexample must do.
    expectations: [&'static str; 2],
    /// Whether a sentence earns the concept or fires the flag.
    holds: &'a dyn Fn(&str) -> bool,
    /// The trace shown for a failure.
    explain: &'a Explain,
    /// The index of the concept or red flag in its rubric.
    index: usize,
}

impl Target<'_> {
    /// Checks that every example holds and no counterexample does.
    fn check(
        &self,
        entry: &Entry,
        examples: &[String],
        counterexamples: &[String],
        outcome: &mut Outcome,
    ) {
        let cases = examples
            .iter()
            .map(|s| (s, true))
            .chain(counterexamples.iter().map(|s| (s, false)));
        for (sentence, should_hold) in cases {
            outcome.checks += 1;
            if (self.holds)(sentence) != should_hold {
                let prepared = entry.matcher.prepare(sentence);
                outcome.failures.push(Failure {
                    rubric_path: entry.rubric_path.clone(),
                    target: self.name.clone(),
                    expectation: self.expectations[usize::from(!should_hold)],
                    sentence: sentence.clone(),
                    trace: (self.explain)(entry, &prepared, &LineIndex::new(sentence), self.index),
                });
            }
        }
    }
}
