//! Rubric self-tests (`mock rubric test`): every concept's `examples` must
//! earn it and its `counterexamples` must not; every red flag's `examples`
//! must fire it and its `counterexamples` must not. Each sentence is scored
//! on its own against its question's rubric.

use crate::analysis::LineIndex;
use crate::bank::Bank;
use crate::explain::{explain_concept, explain_red_flag};

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
        let matcher = &entry.matcher;
        for (index, concept) in entry.rubric.concepts.iter().enumerate() {
            let cases = concept
                .examples
                .iter()
                .map(|s| (s, true))
                .chain(concept.counterexamples.iter().map(|s| (s, false)));
            for (sentence, should_hit) in cases {
                outcome.checks += 1;
                let hit = crate::scoring::score(entry, sentence).concepts[index].hit;
                if hit != should_hit {
                    let prepared = matcher.prepare(sentence);
                    outcome.failures.push(Failure {
                        rubric_path: entry.rubric_path.clone(),
                        target: format!("concept {}", concept.id),
                        expectation: if should_hit {
                            "example must earn it"
                        } else {
                            "counterexample must not earn it"
                        },
                        sentence: sentence.clone(),
                        trace: explain_concept(entry, &prepared, &LineIndex::new(sentence), index),
                    });
                }
            }
        }
        for (index, flag) in entry.rubric.red_flags.iter().enumerate() {
            let cases = flag
                .examples
                .iter()
                .map(|s| (s, true))
                .chain(flag.counterexamples.iter().map(|s| (s, false)));
            for (sentence, should_fire) in cases {
                outcome.checks += 1;
                let fired = crate::scoring::score(entry, sentence)
                    .red_flags
                    .iter()
                    .any(|f| f.id == flag.id);
                if fired != should_fire {
                    let prepared = matcher.prepare(sentence);
                    outcome.failures.push(Failure {
                        rubric_path: entry.rubric_path.clone(),
                        target: format!("red flag {}", flag.id),
                        expectation: if should_fire {
                            "example must fire it"
                        } else {
                            "counterexample must not fire it"
                        },
                        sentence: sentence.clone(),
                        trace: explain_red_flag(entry, &prepared, &LineIndex::new(sentence), index),
                    });
                }
            }
        }
    }
    outcome
}
