//! Phrase occurrences: contiguous runs of answer tokens with a phrase's stems.

use super::{negation, Prepared};

/// How many filler words may stand between two consecutive phrase words.
pub const MAX_GAP: usize = 1;

/// Every occurrence of the stem sequence `stem_ids` in `answer`, as the
/// indices of its first and last token. Occurrences lie within one sentence.
pub fn occurrences(answer: &Prepared<'_>, stem_ids: &[u32]) -> Vec<(usize, usize)> {
    let Some((&head, rest)) = stem_ids.split_first() else {
        return Vec::new();
    };
    answer
        .index
        .get(head)
        .iter()
        .filter_map(|&first| extend(answer, first, rest).map(|last| (first, last)))
        .collect()
}

/// Follows `rest` from the token at `first`; returns the last matched index.
fn extend(answer: &Prepared<'_>, first: usize, rest: &[u32]) -> Option<usize> {
    let sentence = answer.tokens[first].sentence;
    let mut last = first;
    for &wanted in rest {
        let next = last + 1;
        last = (next..=next + MAX_GAP).find(|&i| {
            answer.tokens.get(i).is_some_and(|t| t.sentence == sentence)
                && answer.keys[i].is_some_and(|k| k.stem_id == wanted)
                // A filler word may not be a negation: "testing is *not* QA's
                // job" is no mention of "testing is QA's job".
                && (next..i).all(|gap| !negation::is_cue(&answer.tokens, gap))
        })?;
    }
    Some(last)
}
