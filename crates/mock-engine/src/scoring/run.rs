//! One scoring run: the order of the rule kinds and the caps. Everything a
//! kind decides is in its file ([`super::kinds`]); the answer they all read
//! is prepared once ([`super::answer`]).
//!
//! Misconceptions come first, since a contradicted concept earns nothing;
//! then the concepts with their claims, the sequences (read from the
//! concepts' results), the red flags; then coverage, the closeness of a
//! drafted rubric, the whole-answer checks, and every penalty and cap.

use super::answer::Answer;
use super::closeness;
use super::compiled::CompiledQuestion;
use super::kinds::concept::{self, ConceptResult, ConceptTrace};
use super::kinds::{misconception, red_flag, sequence};
use super::trace::TargetTrace;
use super::{
    follow_up, quality, round1, Assessment, Deduction, SequenceResult, Trace, MISCONCEPTION_CAPS,
};

/// Scores `answer` against the rubric of `entry`.
pub fn score(entry: &CompiledQuestion, answer: &str) -> Assessment {
    score_traced(entry, answer).0
}

/// Scores `answer` and returns the trace of every decision with it.
pub fn score_traced(entry: &CompiledQuestion, text: &str) -> (Assessment, Trace) {
    let rubric = &entry.rubric;
    let kinds = &entry.compiled;
    let prepared = kinds.matcher.prepare(text);
    let answer = Answer::new(text, &kinds.matcher, &prepared, entry.semantic());

    // Misconceptions first: a contradicted concept earns nothing.
    let misconception_traces: Vec<TargetTrace> = (kinds.misconceptions.iter())
        .map(|compiled| misconception::assess(&answer, compiled))
        .collect();
    let (concepts, concept_traces) = concepts(entry, &answer, &misconception_traces);
    let sequences: Vec<SequenceResult> = (rubric.sequences.iter())
        .map(|s| sequence::assess(s, &concepts))
        .collect();
    let red_flag_traces: Vec<TargetTrace> = (kinds.red_flags.iter())
        .map(|compiled| red_flag::assess(&answer, compiled))
        .collect();
    let red_flags = (rubric.red_flags.iter().zip(&red_flag_traces))
        .filter_map(|(flag, trace)| red_flag::result(flag, trace))
        .collect();
    let mut misconceptions: Vec<_> = (rubric.misconceptions.iter().zip(&misconception_traces))
        .filter_map(|(wrong, trace)| misconception::result(wrong, trace))
        .collect();
    misconceptions.extend(
        (rubric.concepts.iter().zip(&concepts).zip(&concept_traces))
            .filter(|((_, result), _)| result.contradicted_by.is_none())
            .filter_map(|((c, _), trace)| {
                let denied = trace.denied.as_ref()?;
                Some(misconception::denial(c, &rubric.misconceptions, denied))
            }),
    );

    let coverage = coverage(&concepts, &sequences);
    let close = closeness::assess(
        &answer,
        rubric.scored_as_drafted(),
        &concept_traces,
        coverage,
    );
    let coverage = coverage + close.closeness.as_ref().map_or(0.0, |c| c.points);

    let (mentioned, uncollected) = answer.take_mentioned();
    let mut checks = quality::check(entry, &prepared, &mentioned, uncollected);
    let touched = quality::touched_sentences(&prepared, &mentioned, &concept_traces);
    let focus = quality::focus(&prepared, &touched);
    checks.apply_focus(&prepared, focus);

    let mut assessment = Assessment {
        question: entry.question.id.clone(),
        theme: entry.question.theme.clone(),
        coverage: round1(coverage),
        score: 0.0,
        words: prepared.tokens.len(),
        concepts,
        sequences,
        red_flags,
        misconceptions,
        deductions: Vec::new(),
        flags: Vec::new(),
        follow_up: None,
        closeness: close.closeness,
        model: entry.semantic().map(|s| s.fingerprint().to_owned()),
    };
    let mut rules = deductions(entry, &assessment, &checks.caps);
    assessment.score = round1(settle(coverage, &mut rules));
    assessment.deductions = rules.into_iter().filter(|d| d.points > 0.0).collect();
    assessment.flags = checks.flags;
    assessment.follow_up = follow_up(entry, &assessment);
    let trace = Trace {
        concepts: concept_traces,
        red_flags: red_flag_traces,
        misconceptions: misconception_traces,
        units: answer.units(),
        focus,
        closeness: close.trace,
        closeness_left_out: close.left_out,
    };
    (assessment, trace)
}

/// Every concept, in rubric order, with the misconception that contradicts
/// it, if one was stated.
fn concepts(
    entry: &CompiledQuestion,
    answer: &Answer<'_, '_>,
    misconceptions: &[TargetTrace],
) -> (Vec<ConceptResult>, Vec<ConceptTrace>) {
    let rubric = &entry.rubric;
    (rubric.concepts.iter().zip(&entry.compiled.concepts))
        .enumerate()
        .map(|(index, (c, compiled))| {
            let context = concept::Context {
                drafted: rubric.scored_as_drafted(),
                gist: entry.gists.get(index),
                contradicted_by: misconception::contradicting(
                    &rubric.misconceptions,
                    misconceptions,
                    &c.id,
                ),
            };
            concept::assess(answer, c, compiled, context)
        })
        .unzip()
}

/// The weighted share of concepts and sequences met, 0-100.
fn coverage(concepts: &[ConceptResult], sequences: &[SequenceResult]) -> f64 {
    let total = concepts.iter().fold(0.0, |sum, c| sum + c.weight)
        + sequences.iter().fold(0.0, |sum, q| sum + q.weight);
    let met = concepts
        .iter()
        .fold(0.0, |sum, c| sum + c.weight * c.credit)
        + sequences
            .iter()
            .fold(0.0, |sum, q| sum + q.weight * q.credit);
    if total > 0.0 {
        100.0 * met / total
    } else {
        0.0
    }
}

/// Every penalty and cap that applies, before they are settled: red flags,
/// misconceptions (each its own cap, or the cap for how many were stated),
/// and the whole-answer checks.
fn deductions(
    entry: &CompiledQuestion,
    assessment: &Assessment,
    caps: &[(String, f64)],
) -> Vec<Deduction> {
    let mut rules: Vec<Deduction> = Vec::new();
    for flag in &assessment.red_flags {
        let cap = Some(flag.cap);
        rules.push(deduction("red-flag", Some(&flag.id), flag.penalty, cap));
    }
    for (n, m) in assessment.misconceptions.iter().enumerate() {
        let own = (entry.rubric.misconceptions.iter())
            .find(|r| r.id == m.id)
            .and_then(|r| r.cap);
        let cap = own.unwrap_or(MISCONCEPTION_CAPS[n.min(MISCONCEPTION_CAPS.len() - 1)]);
        rules.push(deduction("misconception", Some(&m.id), 0.0, Some(cap)));
    }
    for (flag, cap) in caps {
        rules.push(deduction(flag, None, 0.0, Some(*cap)));
    }
    rules
}

fn deduction(rule: &str, id: Option<&str>, penalty: f64, cap: Option<f64>) -> Deduction {
    Deduction {
        rule: rule.to_owned(),
        id: id.map(str::to_owned),
        penalty,
        cap,
        points: 0.0,
    }
}

/// Applies penalties, then the lowest cap, and records on each rule the
/// points it took. Returns the score.
fn settle(coverage: f64, rules: &mut [Deduction]) -> f64 {
    let mut score = coverage.clamp(0.0, 100.0);
    for rule in rules.iter_mut().filter(|r| r.penalty > 0.0) {
        let taken = rule.penalty.min(score);
        score -= taken;
        rule.points = round1(taken);
    }
    let lowest = rules
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.cap.map(|c| (i, c)))
        .min_by(|a, b| a.1.total_cmp(&b.1));
    if let Some((i, cap)) = lowest {
        if score > cap {
            rules[i].points = round1(rules[i].points + score - cap);
            score = cap;
        }
    }
    score.clamp(0.0, 100.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A drafted rubric of one concept, with the toy encoder.
    fn drafted(model_answer: &str, drafted: bool) -> CompiledQuestion {
        drafted_with(model_answer, drafted, "ledger", "affirmed")
    }

    fn drafted_with(
        model_answer: &str,
        drafted: bool,
        phrase: &str,
        polarity: &str,
    ) -> CompiledQuestion {
        let question: crate::rubric::Question = serde_json::from_str(
            r#"{"id": "q", "theme": "t", "title": "T", "question": "Why?",
                "probes": "p", "time_box_minutes": 3}"#,
        )
        .unwrap();
        let rubric: crate::rubric::Rubric = serde_json::from_value(serde_json::json!({
            "question": "q", "drafted": drafted, "model_answers": [model_answer],
            "concepts": [{"id": "c", "label": phrase, "weight": 1, "polarity": polarity,
                "phrases": [phrase], "hint": "h"}]}))
        .unwrap();
        let mut compiled = CompiledQuestion::compile(question, rubric).unwrap();
        compiled.set_encoder(Some(std::sync::Arc::new(crate::semantic::BagOfWords)));
        compiled
    }

    #[test]
    fn closeness_to_the_model_answer_only_raises_a_drafted_rubrics_coverage() {
        let model = "Two requests must never spend the same points twice.";
        let entry = drafted(model, true);
        // Said in other words than the key phrase: lifted by the closeness.
        let said = score(
            &entry,
            "Two requests must never spend the same points twice.",
        );
        let closeness = said.closeness.clone().unwrap();
        assert_eq!(closeness.credit, 1.0);
        assert_eq!(closeness.points, 70.0);
        assert_eq!(said.coverage, 70.0);
        // The key phrase named: the concepts earn more, the closeness adds nothing.
        let named = score(&entry, "A ledger.");
        assert_eq!(named.coverage, 100.0);
        assert_eq!(named.closeness.unwrap().points, 0.0);
        // Off topic: nothing.
        let off = score(&entry, "We deploy on Fridays with a checklist.");
        assert_eq!(off.coverage, 0.0);
        assert_eq!(off.closeness.unwrap().credit, 0.0);
        // A hand-written rubric ignores model answers.
        let written = score(
            &drafted(model, false),
            "Two requests must never spend the same points twice.",
        );
        assert_eq!(written.closeness, None);
        assert_eq!(written.coverage, 0.0);
    }

    #[test]
    fn a_sentence_that_endorses_what_the_model_answer_rejects_is_never_close_to_it() {
        let entry = drafted_with(
            "Never use distributed transactions across services.",
            true,
            "distributed transactions",
            "rejected",
        );
        // Same words, one negation each: close, but it affirms the rejected practice.
        let wrong = score(
            &entry,
            "Always use distributed transactions across services, they are never slow.",
        );
        assert_eq!(wrong.coverage, 0.0, "{:?}", wrong.closeness);
        let right = score(
            &entry,
            "Never use distributed transactions across services.",
        );
        assert_eq!(right.coverage, 100.0);
    }

    #[test]
    fn the_lowest_cap_takes_the_points_and_penalties_come_first() {
        let mut rules = vec![
            deduction("red-flag", Some("x"), 15.0, Some(50.0)),
            deduction("misconception", Some("y"), 0.0, Some(40.0)),
        ];
        assert_eq!(settle(90.0, &mut rules), 40.0);
        assert_eq!(rules[0].points, 15.0);
        assert_eq!(rules[1].points, 35.0);
        let mut rules = vec![deduction("red-flag", Some("x"), 15.0, Some(50.0))];
        assert_eq!(settle(30.0, &mut rules), 15.0);
        assert_eq!(rules[0].points, 15.0);
        let mut rules = vec![deduction("red-flag", Some("x"), 15.0, Some(50.0))];
        assert_eq!(settle(10.0, &mut rules), 0.0);
        assert_eq!(rules[0].points, 10.0);
    }
}
