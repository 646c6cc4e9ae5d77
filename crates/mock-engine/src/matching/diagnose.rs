//! Why a target did not match an answer at all: the phrase whose content
//! words occur, but not together; or the answer word nearest to a phrase
//! word, and the fuzzy rule that kept it from matching. For `mock explain`.

use std::collections::HashSet;

use super::fuzzy::why_not_fuzzy;
use super::{CompiledTarget, Prepared};
use crate::analysis::{common_words, LineIndex};

/// Distinct answer words compared with a phrase word when diagnosing a miss.
const MAX_NEAREST_CANDIDATES: usize = 5_000;

/// One line saying how near the answer came to `target`.
pub fn why_missed(
    prepared: &Prepared<'_>,
    lines: &LineIndex<'_>,
    target: &CompiledTarget,
) -> String {
    if let Some(line) = partial_phrase(prepared, lines, target) {
        return line;
    }
    match nearest_word(prepared, target) {
        Some((distance, found, wanted)) => {
            let reason = why_not_fuzzy(found, wanted);
            format!("  nearest: {found:?} is {distance} edit(s) from {wanted:?}; {reason}\n")
        }
        None => {
            "  nearest: nothing in the answer comes close to any phrase or pattern\n".to_owned()
        }
    }
}

/// The phrase most of whose content words occur, but not in sequence within
/// one sentence. Function words ("the", "we") occur in any answer and say
/// nothing, so they are neither counted nor shown.
fn partial_phrase(
    prepared: &Prepared<'_>,
    lines: &LineIndex<'_>,
    target: &CompiledTarget,
) -> Option<String> {
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
    let (n, total, phrase, found) = best_partial?;
    let words = if total == 1 { "word" } else { "words" };
    Some(format!(
        "  nearest: {n} of the {total} content {words} of {phrase:?} occur ({}), but not in sequence within one sentence\n",
        found.join(", ")
    ))
}

/// The answer word nearest to a content word of a phrase, over the answer's
/// distinct words: (distance, answer word, phrase word).
fn nearest_word<'p>(
    prepared: &'p Prepared<'_>,
    target: &'p CompiledTarget,
) -> Option<(usize, &'p str, &'p str)> {
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
    nearest
}
