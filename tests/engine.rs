//! Engine behaviour on the built-in bank: negation, misspellings, red flags,
//! and answers of every size.

use std::sync::OnceLock;

use mock::{score, Assessment, Bank};
use proptest::prelude::*;

/// The built-in bank, loaded once: its rubrics compile (and, with the
/// semantic stage, encode their exemplars) on first use, so every proptest
/// case after the first reuses them.
fn lexical_bank() -> &'static Bank {
    static BANK: OnceLock<Bank> = OnceLock::new();
    BANK.get_or_init(|| Bank::builtin().unwrap())
}

/// The built-in bank with the semantic stage on, loaded once.
fn semantic_bank() -> &'static Bank {
    static BANK: OnceLock<Bank> = OnceLock::new();
    BANK.get_or_init(|| {
        let mut bank = Bank::builtin().unwrap();
        bank.set_encoder(Some(mock::encoder::builtin_encoder()));
        bank
    })
}

fn assess(id: &str, answer: &str) -> Assessment {
    score(lexical_bank().get(id).unwrap(), answer)
}

fn hit(assessment: &Assessment, concept: &str) -> bool {
    assessment
        .concepts
        .iter()
        .find(|c| c.id == concept)
        .unwrap()
        .hit
}

fn fired(assessment: &Assessment, flag: &str) -> bool {
    assessment.red_flags.iter().any(|f| f.id == flag)
}

#[test]
fn negated_mentions_do_not_earn_a_concept() {
    assert!(!hit(&assess("adr-process", "We never write ADRs."), "adr"));
    assert!(hit(&assess("adr-process", "We always write ADRs."), "adr"));
}

#[test]
fn rejecting_distributed_transactions_earns_the_concept_and_fires_no_red_flag() {
    let a = assess(
        "data-consistency",
        "I would never use distributed transactions.",
    );
    assert!(hit(&a, "avoid-distributed-transactions"));
    assert!(!fired(&a, "recommends-distributed-transactions"));
}

#[test]
fn recommending_distributed_transactions_fires_the_red_flag() {
    let a = assess(
        "data-consistency",
        "We use distributed transactions everywhere.",
    );
    assert!(!hit(&a, "avoid-distributed-transactions"));
    assert!(fired(&a, "recommends-distributed-transactions"));
    assert_eq!(a.score, 0.0, "the penalty is taken off the coverage");
}

#[test]
fn misspellings_of_long_terms_still_match() {
    let a = assess("data-consistency", "Consumers must be idempotant.");
    assert!(hit(&a, "idempotent-consumers"));
    let a = assess("cloud-native", "We invest in obervability from day one.");
    assert!(hit(&a, "observability"));
    let how = a
        .concepts
        .iter()
        .find(|c| c.id == "observability")
        .unwrap()
        .how;
    assert_eq!(how, Some(mock::matching::MatchKind::Fuzzy));
}

#[test]
fn short_words_are_not_fuzzily_conflated() {
    // "IC" (incident commander) must not be met by "is", "it" or "I".
    let a = assess("incident-leadership", "It is what it is, I see.");
    assert!(!hit(&a, "incident-commander"));
    // "saga" must not be met by "sage" or "sags".
    let a = assess("data-consistency", "A sage once said the roof sags.");
    assert!(!hit(&a, "sagas"));
    // "logs" must not be met by "lots" or "legs".
    let a = assess("cloud-native", "We have lots of legs.");
    assert!(!hit(&a, "observability"));
}

#[test]
fn code_patterns_match() {
    let a = assess(
        "async-pitfalls",
        "Calling task.Result or task.Wait() blocks; use ConfigureAwait(false).",
    );
    assert!(hit(&a, "blocking-on-tasks"));
    assert!(hit(&a, "configure-await"));
}

#[test]
fn evidence_quotes_the_answer_with_line_and_column() {
    let a = assess(
        "data-consistency",
        "Intro line.\nWe rely on the Transactional Outbox.",
    );
    let outbox = a
        .concepts
        .iter()
        .find(|c| c.id == "transactional-outbox")
        .unwrap();
    let evidence = &outbox.evidence[0];
    assert_eq!(
        (evidence.text.as_str(), evidence.line, evidence.column),
        ("Transactional Outbox", 2, 16)
    );
}

#[test]
fn empty_one_word_and_huge_answers_are_handled() {
    let empty = assess("cloud-native", "");
    assert_eq!(
        (empty.score, empty.flags.clone()),
        (0.0, vec!["empty".to_owned()])
    );
    let one = assess("cloud-native", "observability");
    assert!(one.flags.contains(&"too-short".to_owned()));
    let huge = "we design for failure and keep services stateless. ".repeat(20_000);
    assert!(huge.len() > 1_000_000);
    let big = assess("cloud-native", &huge);
    assert!(big.score > 0.0 && big.concepts.iter().all(|c| c.evidence.len() <= 3));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn scoring_never_panics_and_stays_in_range(answer in "\\PC{0,400}") {
        for entry in lexical_bank().entries() {
            let a = score(entry, &answer);
            prop_assert!((0.0..=100.0).contains(&a.score));
            prop_assert!(a.coverage >= a.score);
            for concept in &a.concepts {
                for e in &concept.evidence {
                    prop_assert_eq!(&answer[e.start..e.end], e.text.as_str());
                }
            }
            prop_assert_eq!(&a, &score(entry, &answer), "deterministic");
        }
    }
}

/// Sentences built from the built-in rubrics' own phrases and exemplars,
/// so that the generated answers name, explain and contradict concepts.
fn rubric_sentences() -> Vec<String> {
    let bank = lexical_bank();
    let mut out = Vec::new();
    for entry in bank.entries() {
        for concept in &entry.rubric.concepts {
            out.extend(concept.examples.iter().cloned());
            out.extend(concept.exemplars.iter().cloned());
        }
        for wrong in &entry.rubric.misconceptions {
            out.extend(wrong.examples.iter().cloned());
        }
        for flag in &entry.rubric.red_flags {
            out.extend(flag.examples.iter().cloned());
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// With the semantic stage on: the score stays in range, under the
    /// coverage, under every cap, and the deductions account for every
    /// point between coverage and score; the same answer scores the same.
    #[test]
    fn deductions_explain_every_point_below_the_coverage(picks in proptest::collection::vec(any::<proptest::sample::Index>(), 1..12)) {
        let sentences = rubric_sentences();
        let answer: String = picks.iter().map(|i| i.get(&sentences).as_str()).collect::<Vec<_>>().join(" ");
        for entry in semantic_bank().entries() {
            let a = score(entry, &answer);
            prop_assert!((0.0..=100.0).contains(&a.score));
            prop_assert!(a.coverage >= a.score);
            let taken: f64 = a.deductions.iter().map(|d| d.points).sum();
            prop_assert!((a.coverage - a.score - taken).abs() <= 0.3, "{} - {} vs {taken}", a.coverage, a.score);
            for d in &a.deductions {
                if let Some(cap) = d.cap {
                    prop_assert!(a.score <= cap + 0.05, "{} over the cap {cap} of {}", a.score, d.rule);
                }
            }
            for c in &a.concepts {
                prop_assert!((0.0..=1.0).contains(&c.credit));
                if c.contradicted_by.is_some() {
                    prop_assert_eq!(c.credit, 0.0);
                }
            }
            prop_assert_eq!(&a, &score(entry, &answer), "deterministic");
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn reading_answer_files_never_panics(bytes in proptest::collection::vec(any::<u8>(), 0..300), front in any::<bool>()) {
        let mut data = if front { b"---\nquestion: x\n".to_vec() } else { Vec::new() };
        data.extend(bytes);
        if let Ok(answer) = mock::input::parse_text("f", &data) {
            // Blanking the front matter keeps every byte offset in place.
            prop_assert_eq!(answer.text.len(), data.len() - if data.starts_with(b"\xEF\xBB\xBF") { 3 } else { 0 });
        }
    }
}
