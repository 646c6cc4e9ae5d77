//! Does a sentence say the candidate does something, approvingly?
//!
//! The semantic stage cannot tell "we rank engineers by commits" from "ranking
//! engineers by commits destroys trust": both are close to a red flag's
//! exemplar. A red flag fires semantically only in a sentence that
//! *endorses* a practice: the speaker is its subject (first person), no
//! judgement word condemns it, it is not the "before" of a story of change
//! ("we used to ...", "when I inherited the team ..."), and the next sentence
//! does not condemn or replace it ("It backfired.", "So we switched to ...").
//! Negated sentences never reach this test. The rule errs towards silence:
//! a missed red flag costs less than capping a good answer.

use crate::analysis::Token;

/// Words by which the speaker is the subject (each list is a `match`: it is
/// checked for every word of every sentence of a batch).
fn is_first_person(word: &str) -> bool {
    matches!(
        word,
        "i" | "we"
            | "my"
            | "our"
            | "us"
            | "me"
            | "i'd"
            | "we'd"
            | "i'll"
            | "we'll"
            | "i'm"
            | "we're"
            | "i've"
            | "we've"
            | "let's"
    )
}

/// Stems of words that judge a practice harmful.
fn is_judgement(word: &str) -> bool {
    matches!(
        word,
        "mistak"
            | "wrong"
            | "bad"
            | "harm"
            | "toxic"
            | "danger"
            | "backfir"
            | "regret"
            | "lesson"
            | "learn"
            | "terribl"
            | "aw"
            | "disast"
            | "nightmar"
            | "antipattern"
            | "game"
            | "destroy"
            | "kill"
            | "erod"
            | "hurt"
            | "damag"
            | "problem"
            | "pitfal"
            | "trap"
            | "risk"
            | "wors"
            | "worst"
            | "poison"
            | "demoralis"
            | "fear"
            | "blind"
            | "mislead"
            | "fragil"
            | "brittl"
            | "fail"
            | "cost"
            | "pain"
            | "slow"
            | "opposit"
            | "unlik"
            | "contrari"
    )
}

/// Words that mark the "before" of a story of change.
fn is_before(word: &str) -> bool {
    matches!(
        word,
        "previously"
            | "initially"
            | "originally"
            | "formerly"
            | "inherited"
            | "inherit"
            | "old"
            | "legacy"
            | "once"
            | "until"
    )
}

/// Stems of words by which a following sentence replaces a practice.
fn is_change(word: &str) -> bool {
    matches!(
        word,
        "replac"
            | "switch"
            | "chang"
            | "stop"
            | "drop"
            | "instead"
            | "move"
            | "abandon"
            | "scrap"
            | "fix"
            | "retir"
            | "remov"
            | "undid"
            | "revers"
            | "realis"
            | "realiz"
            | "turn"
    )
}

/// Whether tokens `first..=last` (one sentence or clause) endorse what they
/// describe, judged with the sentence that follows.
pub(crate) fn endorses(tokens: &[Token], first: usize, last: usize) -> bool {
    let Some(unit) = tokens.get(first..=last) else {
        return false;
    };
    let first_person = unit.iter().any(|t| is_first_person(&t.text));
    let used_to = unit
        .windows(2)
        .any(|w| w[0].text == "used" && w[1].text == "to");
    let judged = |t: &Token| is_judgement(&t.stem);
    if !first_person
        || used_to
        || unit.iter().any(judged)
        || unit.iter().any(|t| is_before(&t.text))
    {
        return false;
    }
    // The next sentence, if any.
    let next_sentence = tokens.get(last + 1).map(|t| t.sentence);
    let next = tokens[last + 1..]
        .iter()
        .take_while(|t| Some(t.sentence) == next_sentence);
    let mut condemned = false;
    for t in next {
        if judged(t) || is_change(&t.stem) || t.negation {
            condemned = true;
            break;
        }
    }
    !condemned
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::analyze;

    /// Whether the first sentence of `text` endorses what it says.
    fn first_endorses(text: &str) -> bool {
        let tokens = analyze(text);
        let last = tokens
            .iter()
            .rposition(|t| t.sentence == 0)
            .expect("a sentence");
        endorses(&tokens, 0, last)
    }

    #[test]
    fn the_speaker_doing_it_approvingly_endorses() {
        assert!(first_endorses(
            "Every quarter we rank engineers by commits and put the bottom ones on a plan."
        ));
        assert!(first_endorses(
            "I'd name the engineer who caused it in the post-mortem. Then we close the ticket."
        ));
    }

    #[test]
    fn criticism_stories_of_change_and_third_persons_do_not() {
        // Criticism without a negation word.
        assert!(!first_endorses(
            "Ranking engineers by commits, as we saw, destroys trust."
        ));
        assert!(!first_endorses("Some managers rank engineers by commits."));
        assert!(!first_endorses(
            "Ranking engineers by commits is the opposite of what I do."
        ));
        // The "before" of a story of change.
        assert!(!first_endorses("We used to rank engineers by commits."));
        assert!(!first_endorses(
            "When I inherited the team they ranked engineers by commits."
        ));
        // Condemned or replaced by the next sentence.
        assert!(!first_endorses(
            "At my last company we ranked engineers by commits. It backfired badly."
        ));
        assert!(!first_endorses(
            "We ranked engineers by commits. So we switched to team-level DORA metrics."
        ));
    }
}
