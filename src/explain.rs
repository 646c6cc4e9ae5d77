//! `mock explain`: the scoring trace of an answer, rendered for people.
//!
//! Everything here is read from the engine's [`Trace`]: which mentions
//! counted and which were blocked (and by what), which claims were made and
//! how, the best semantic match of every target with its similarity and
//! threshold, the credit decision, and every penalty and cap. No scoring
//! rule is re-derived here. For a miss without any mention it adds a
//! diagnosis: the phrase words found apart, or the nearest answer word and
//! the fuzzy-matching rule that kept it from matching.

use std::collections::HashSet;
use std::fmt::Write;

use crate::analysis::{common_words, LineIndex};
use crate::bank::{Entry, Polarity};
use crate::matching::fuzzy::why_not_fuzzy;
use crate::matching::{CompiledTarget, Prepared};
use crate::output::detail::deduction_lines;
use crate::scoring::trace::{ConceptTrace, MentionTrace, SemanticTrace, TargetTrace, Trace};
use crate::scoring::{score_traced, Assessment, CLOSENESS_FLOOR, CLOSENESS_FULL};

/// Distinct answer words compared with a phrase word when diagnosing a miss.
const MAX_NEAREST_CANDIDATES: usize = 5_000;

/// The full trace for one answer, and its assessment.
pub fn explain(entry: &Entry, answer: &str) -> (String, Assessment) {
    let (assessment, trace) = score_traced(entry, answer);
    let prepared = entry.matcher.prepare(answer);
    let lines = LineIndex::new(answer);
    let mut out = String::new();
    if let Some(model) = &assessment.model {
        let _ = writeln!(
            out,
            "semantic stage: model {model}, {} sentences and clauses compared",
            trace.units
        );
    } else {
        let _ = writeln!(out, "semantic stage: off (lexical matching only)");
    }
    for index in 0..entry.rubric.concepts.len() {
        out.push_str(&explain_concept(entry, &trace, &prepared, &lines, index));
    }
    for index in 0..entry.rubric.red_flags.len() {
        out.push_str(&explain_red_flag(entry, &trace, index));
    }
    for index in 0..entry.rubric.misconceptions.len() {
        out.push_str(&explain_misconception(entry, &trace, index));
    }
    out.push_str(&explain_closeness(&assessment, &trace));
    let _ = writeln!(
        out,
        "focus: {:.0}% of the sentences touch the rubric",
        trace.focus * 100.0
    );
    for line in deduction_lines(&assessment) {
        let _ = writeln!(out, "deduction: {line}");
    }
    (out, assessment)
}

/// A drafted rubric's closeness to its model answer: each model sentence
/// with the answer sentence nearest to it.
fn explain_closeness(assessment: &Assessment, trace: &Trace) -> String {
    let Some(closeness) = &assessment.closeness else {
        return String::new();
    };
    let mut out = format!(
        "closeness to the model answer: {:.4} (mean over its {} sentence{}; earns from {:.2}, fully at {:.2}) - credit {:.0}%, +{:.1} coverage points\n",
        closeness.similarity,
        trace.closeness.len(),
        if trace.closeness.len() == 1 { "" } else { "s" },
        CLOSENESS_FLOOR,
        CLOSENESS_FULL,
        closeness.credit * 100.0,
        closeness.points
    );
    if !trace.closeness_left_out.is_empty() {
        let quoted: Vec<String> = trace
            .closeness_left_out
            .iter()
            .map(|e| format!("{:?} at {}:{}", e.text, e.line, e.column))
            .collect();
        let _ = writeln!(
            out,
            "  left out: sentences that affirm what the model answer rejects ({})",
            quoted.join(", ")
        );
    }
    for sentence in &trace.closeness {
        let nearest = sentence.nearest.as_ref().map_or_else(
            || "no answer sentence of the same polarity left".to_owned(),
            |e| format!("{:?} ({}:{})", e.text, e.line, e.column),
        );
        let _ = writeln!(
            out,
            "  {:.4} {:?} <- {nearest}",
            sentence.similarity, sentence.sentence
        );
    }
    out
}

/// The trace of concept `index`.
pub fn explain_concept(
    entry: &Entry,
    trace: &Trace,
    prepared: &Prepared<'_>,
    lines: &LineIndex<'_>,
    index: usize,
) -> String {
    let concept = &entry.rubric.concepts[index];
    let decided: &ConceptTrace = &trace.concepts[index];
    let polarity = match concept.polarity {
        Polarity::Affirmed => "affirmed mentions count",
        Polarity::Rejected => "only rejected (negated) mentions count",
        Polarity::Any => "every mention counts",
    };
    let mut out = format!(
        "concept {} ({}, weight {}): {} - {:.0}% credit [{polarity}]\n",
        concept.id,
        concept.label,
        concept.weight,
        decided.status.describe().to_uppercase(),
        decided.credit * 100.0
    );
    describe_target(&mut out, "  ", &decided.target);
    if let Some(paraphrase) = &decided.paraphrase {
        let _ = writeln!(
            out,
            "  paraphrase: the sentence at {}:{} shares the concept's gist in other words ({:?})",
            paraphrase.line, paraphrase.column, paraphrase.text
        );
    }
    for (claim, traced) in concept.claims.iter().zip(&decided.claims) {
        let made = traced.counted() || traced.semantic.as_ref().is_some_and(|s| s.accepted);
        let _ = writeln!(
            out,
            "  claim {}: {} - {}",
            claim.id,
            claim.text,
            if made { "MADE" } else { "not made" }
        );
        describe_target(&mut out, "    ", traced);
    }
    if decided.target.mentions.is_empty() && decided.credit == 0.0 {
        out.push_str(&why_missed(prepared, lines, &entry.matcher.concepts[index]));
    }
    out
}

/// The trace of red flag `index`.
pub fn explain_red_flag(entry: &Entry, trace: &Trace, index: usize) -> String {
    let flag = &entry.rubric.red_flags[index];
    let traced = &trace.red_flags[index];
    let mut out = format!(
        "red flag {} ({}, -{}): {}\n",
        flag.id,
        flag.label,
        flag.penalty,
        if traced.holds() { "FIRED" } else { "not fired" }
    );
    describe_target(&mut out, "  ", traced);
    out
}

/// The trace of misconception `index`.
pub fn explain_misconception(entry: &Entry, trace: &Trace, index: usize) -> String {
    let wrong = &entry.rubric.misconceptions[index];
    let traced = &trace.misconceptions[index];
    let stated = traced.holds();
    let mut out = format!(
        "wrong claim {} ({}): {}\n",
        wrong.id,
        wrong.label,
        if stated { "STATED" } else { "not stated" }
    );
    describe_target(&mut out, "  ", traced);
    out
}

fn describe_target(out: &mut String, indent: &str, target: &TargetTrace) {
    for mention in &target.mentions {
        out.push_str(indent);
        out.push_str(&describe_mention(mention));
    }
    if let Some(semantic) = &target.semantic {
        out.push_str(indent);
        out.push_str(&describe_semantic(semantic));
    }
}

fn describe_mention(mention: &MentionTrace) -> String {
    let e = &mention.evidence;
    let mut out = format!(
        "{}: {:?} at {}:{} matches {:?} ({:?})",
        mention.verdict.describe(),
        e.text,
        e.line,
        e.column,
        e.matched,
        mention.kind
    );
    for note in &e.fuzzy {
        let _ = write!(
            out,
            "; misspelling {:?} taken for {:?} (distance {})",
            note.found, note.expected, note.distance
        );
    }
    if let Some(cue) = &e.negated_by {
        let _ = write!(out, "; negated by {cue:?}");
    }
    out.push('\n');
    out
}

fn describe_semantic(semantic: &SemanticTrace) -> String {
    let e = &semantic.evidence;
    format!(
        "{}: the sentence at {}:{} ({:?}) is {:.2} similar to {:?} (needs {:.2})\n",
        if semantic.accepted {
            "in other words"
        } else {
            "nearest in meaning"
        },
        e.line,
        e.column,
        shorten(&e.text, 100),
        semantic.similarity,
        semantic.exemplar,
        semantic.threshold
    )
}

fn shorten(text: &str, max: usize) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        return flat;
    }
    let cut: String = flat.chars().take(max).collect();
    format!("{cut}...")
}

/// Why a target without any mention missed: the best partial phrase, or the
/// nearest answer word to a phrase word and the rule that rejected it.
fn why_missed(prepared: &Prepared<'_>, lines: &LineIndex<'_>, target: &CompiledTarget) -> String {
    // Phrases whose content words occur, but not together. Function words
    // ("the", "we") occur in any answer and say nothing, so they are neither
    // counted nor shown.
    let mut best_partial: Option<(usize, usize, &str, Vec<String>)> = None;
    for phrase in target.phrases.iter().filter(|p| p.stem_ids.len() > 1) {
        let content: Vec<(u32, &String)> = phrase
            .stem_ids
            .iter()
            .copied()
            .zip(&phrase.words)
            .filter(|(_, word)| !common_words::is_function_word(word))
            .collect();
        let mut found: Vec<String> = Vec::new();
        let mut seen: Vec<u32> = Vec::new();
        for (id, word) in &content {
            if seen.contains(id) {
                continue;
            }
            seen.push(*id);
            if let Some(i) =
                (0..prepared.tokens.len()).find(|&i| prepared.stem_id_at(i) == Some(*id))
            {
                let p = lines.position(prepared.tokens[i].start);
                found.push(format!("{word:?} at {}:{}", p.line, p.column));
            }
        }
        if !found.is_empty()
            && best_partial
                .as_ref()
                .is_none_or(|(n, _, _, _)| found.len() > *n)
        {
            best_partial = Some((found.len(), seen.len(), &phrase.text, found));
        }
    }
    if let Some((n, total, phrase, found)) = best_partial {
        let words = if total == 1 { "word" } else { "words" };
        return format!(
            "  nearest: {n} of the {total} content {words} of {phrase:?} occur ({}), but not in sequence within one sentence\n",
            found.join(", ")
        );
    }
    // The nearest single content word, over the answer's distinct words.
    let mut candidates: Vec<&str> = Vec::new();
    let mut seen = HashSet::new();
    for token in &prepared.tokens {
        if candidates.len() >= MAX_NEAREST_CANDIDATES {
            break;
        }
        if !common_words::is_function_word(&token.text) && seen.insert(token.text.as_str()) {
            candidates.push(token.text.as_str());
        }
    }
    let mut nearest: Option<(usize, &str, &str)> = None;
    for phrase in &target.phrases {
        for word in phrase
            .words
            .iter()
            .filter(|w| !common_words::is_function_word(w))
        {
            let len = word.chars().count();
            for found in &candidates {
                // Words of very different lengths cannot be close; skipping
                // them keeps this linear in the answer's words.
                if found.len().abs_diff(word.len()) > len / 2 {
                    continue;
                }
                let distance = strsim::damerau_levenshtein(found, word);
                if distance <= len / 2 && nearest.is_none_or(|(d, _, _)| distance < d) {
                    nearest = Some((distance, found, word.as_str()));
                }
            }
        }
    }
    match nearest {
        Some((distance, found, wanted)) => {
            let reason = why_not_fuzzy(found, wanted);
            format!("  nearest: {found:?} is {distance} edit(s) from {wanted:?}; {reason}\n")
        }
        None => {
            "  nearest: nothing in the answer comes close to any phrase or pattern\n".to_owned()
        }
    }
}
