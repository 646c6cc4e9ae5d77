//! `mock explain`: a trace of how an answer was scored, concept by concept.
//!
//! For a hit: every mention, where it is, which phrase or pattern it matched,
//! stem by stem, and the misspellings accepted. For a blocked mention: the
//! negation cue that blocked it. For a miss: why it missed - the phrase words
//! that were found apart, or the nearest word in the answer and the rule that
//! kept it from matching.

use std::fmt::Write;

use crate::analysis::{common_words, LineIndex};
use crate::bank::{Entry, Polarity};
use crate::matching::fuzzy::{max_distance, MIN_FUZZY_LEN};
use crate::matching::{CompiledTarget, Matcher, Mention, Prepared};

/// The full trace for one answer.
pub fn explain(entry: &Entry, answer: &str) -> String {
    let prepared = entry.matcher.prepare(answer);
    let lines = LineIndex::new(answer);
    let mut out = String::new();
    for index in 0..entry.rubric.concepts.len() {
        out.push_str(&explain_concept(entry, &prepared, &lines, index));
    }
    for index in 0..entry.rubric.red_flags.len() {
        out.push_str(&explain_red_flag(entry, &prepared, &lines, index));
    }
    out
}

/// The trace of concept `index`.
pub fn explain_concept(
    entry: &Entry,
    prepared: &Prepared<'_>,
    lines: &LineIndex<'_>,
    index: usize,
) -> String {
    let concept = &entry.rubric.concepts[index];
    let target = &entry.matcher.concepts[index];
    let mentions = entry.matcher.mentions(prepared, target);
    let counts = |m: &Mention| match concept.polarity {
        Polarity::Affirmed => m.negated_by.is_none(),
        Polarity::Rejected => m.negated_by.is_some(),
        Polarity::Any => true,
    };
    let mut hit = mentions.iter().any(counts);
    let paraphrase = (!hit && concept.polarity != Polarity::Rejected)
        .then(|| {
            entry
                .gists
                .get(index)
                .and_then(|g| g.find(&prepared.tokens))
        })
        .flatten();
    hit |= paraphrase.is_some();
    let polarity = match concept.polarity {
        Polarity::Affirmed => "affirmed mentions count",
        Polarity::Rejected => "only rejected (negated) mentions count",
        Polarity::Any => "every mention counts",
    };
    let mut out = format!(
        "concept {} ({}, weight {}): {} [{polarity}]\n",
        concept.id,
        concept.label,
        concept.weight,
        if paraphrase.is_some() {
            "PARAPHRASED (half credit)"
        } else if hit {
            "HIT"
        } else {
            "MISSED"
        }
    );
    for mention in &mentions {
        let verdict = if counts(mention) { "counts" } else { "blocked" };
        out.push_str(&describe_mention(prepared, lines, mention, verdict));
    }
    if let Some((first, last)) = paraphrase {
        let at = lines.position(prepared.tokens[first].start);
        let words: Vec<&str> = (first..=last)
            .map(|i| prepared.tokens[i].text.as_str())
            .collect();
        let _ = writeln!(
            out,
            "  paraphrase: the sentence at {}:{} shares the concept's gist in other words ({})",
            at.line,
            at.column,
            words.join(" ")
        );
    } else if mentions.is_empty() {
        out.push_str(&why_missed(&entry.matcher, prepared, lines, target));
    }
    out
}

/// The trace of red flag `index`.
pub fn explain_red_flag(
    entry: &Entry,
    prepared: &Prepared<'_>,
    lines: &LineIndex<'_>,
    index: usize,
) -> String {
    let flag = &entry.rubric.red_flags[index];
    let mentions = entry
        .matcher
        .mentions(prepared, &entry.matcher.red_flags[index]);
    let fired = mentions.iter().any(|m| m.negated_by.is_none());
    let mut out = format!(
        "red flag {} ({}, -{}): {}\n",
        flag.id,
        flag.label,
        flag.penalty,
        if fired { "FIRED" } else { "not fired" }
    );
    for mention in &mentions {
        let verdict = if mention.negated_by.is_none() {
            "fires"
        } else {
            "rejected, does not fire"
        };
        out.push_str(&describe_mention(prepared, lines, mention, verdict));
    }
    out
}

fn describe_mention(
    prepared: &Prepared<'_>,
    lines: &LineIndex<'_>,
    mention: &Mention,
    verdict: &str,
) -> String {
    let text = prepared.text;
    let at = lines.position(mention.start);
    let mut out = format!(
        "  {verdict}: {:?} at {}:{} matches {:?} ({:?})",
        &text[mention.start..mention.end],
        at.line,
        at.column,
        mention.source,
        mention.kind
    );
    let stems: Vec<String> = prepared
        .tokens
        .iter()
        .filter(|t| t.start >= mention.start && t.end <= mention.end)
        .map(|t| format!("{}->{}", t.text, t.stem))
        .collect();
    if !stems.is_empty() {
        let _ = write!(out, " stems [{}]", stems.join(" "));
    }
    for note in &mention.fuzzy {
        let _ = write!(
            out,
            "; misspelling {:?} taken for {:?} (distance {})",
            note.found, note.expected, note.distance
        );
    }
    if let Some((start, end)) = mention.negated_by {
        let cue = lines.position(start);
        let _ = write!(
            out,
            "; negated by {:?} at {}:{}",
            &text[start..end],
            cue.line,
            cue.column
        );
    }
    out.push('\n');
    out
}

/// Why a target without any mention missed: the best partial phrase, or the
/// nearest answer word to a phrase word and the rule that rejected it.
fn why_missed(
    matcher: &Matcher,
    prepared: &Prepared<'_>,
    lines: &LineIndex<'_>,
    target: &CompiledTarget,
) -> String {
    let _ = matcher;
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
    // The nearest single content word.
    let mut nearest: Option<(usize, &str, &str)> = None;
    for phrase in &target.phrases {
        for word in phrase
            .words
            .iter()
            .filter(|w| !common_words::is_function_word(w))
        {
            for token in prepared
                .tokens
                .iter()
                .filter(|t| !common_words::is_function_word(&t.text))
            {
                let distance = strsim::damerau_levenshtein(&token.text, word);
                if distance <= word.chars().count() / 2
                    && nearest.is_none_or(|(d, _, _)| distance < d)
                {
                    nearest = Some((distance, token.text.as_str(), word.as_str()));
                }
            }
        }
    }
    match nearest {
        Some((distance, found, wanted)) => {
            let len = found.chars().count();
            let reason = if len < MIN_FUZZY_LEN {
                format!("words under {MIN_FUZZY_LEN} letters must match exactly")
            } else if common_words::is_common(found) {
                format!("{found:?} is a common English word, never taken for a misspelling")
            } else if found.chars().next() != wanted.chars().next() {
                "misspellings must keep the first letter".to_owned()
            } else {
                format!("{len} letters allow at most {} edit(s)", max_distance(len))
            };
            format!("  nearest: {found:?} is {distance} edit(s) from {wanted:?}; {reason}\n")
        }
        None => {
            "  nearest: nothing in the answer comes close to any phrase or pattern\n".to_owned()
        }
    }
}
