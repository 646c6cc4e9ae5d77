//! Negation scope: does a cue such as "never" or "instead of" govern a mention?
//!
//! A mention is negated when a cue stands at most [`SCOPE`] words before it in
//! the same clause ("we *never* write ADRs"), or when a condemning word
//! follows it within [`SCOPE`] words in the same clause ("2PC is a
//! *nightmare*", "`async void` is a *landmine*"). Clauses end at sentence ends, `;`, `:` and contrast words
//! (see the tokenizer), so in "we avoid 2PC; we use sagas" the cue "avoid"
//! does not reach "sagas".

use crate::analysis::Token;

/// How many words before a mention a negation cue may stand.
pub const SCOPE: usize = 6;

/// Prepositions that introduce an instrument rather than an object: in "we
/// ban it *with* analyzers" the cue "ban" does not reach "analyzers", and in
/// "we avoid outages *through* circuit breakers" the breakers are affirmed.
/// (The word lists here are `match`es: they are checked around every
/// mention of every phrase in a batch.)
fn is_instrument(word: &str) -> bool {
    matches!(word, "with" | "using" | "through" | "via" | "by")
}

/// Whether a word begins like one that condemns what stands before it.
fn condemns(word: &str) -> bool {
    let starts = |prefix: &str| word.starts_with(prefix);
    match word.as_bytes().first() {
        Some(b'n') => starts("nightmare"),
        Some(b'a') => starts("antipattern"),
        Some(b'l') => starts("landmine"),
        Some(b'd') => starts("dangerous"),
        Some(b'h') => starts("harmful"),
        Some(b't') => starts("trap"),
        _ => false,
    }
}

/// Returns the index of the negation cue that governs the mention spanning
/// tokens `start..=end`, if any: first a cue before it, then a condemning
/// word after it.
pub fn negating_cue(tokens: &[Token], start: usize, end: usize) -> Option<usize> {
    let clause = tokens.get(start)?.clause;
    let first = start.saturating_sub(SCOPE);
    let before = (first..start)
        .rev()
        .take_while(|&j| {
            tokens[j].clause == clause
                && !is_instrument(&tokens[j].text)
                && !starts_coordinated_verb(tokens, j, start)
        })
        .find(|&j| is_cue(tokens, j) || (tokens[j].text == "not" && j + 1 == start));
    // "Span<T> *to avoid* copies, Minimal APIs for small services": the
    // object of a purpose clause ends at the next comma.
    if let Some(c) = before.filter(|&c| {
        c > 0 && tokens[c - 1].text == "to" && tokens[c].text != "not" && tokens[c].text != "never"
    }) {
        if (c + 1..=start).any(|k| tokens[k].after_comma) {
            return None;
        }
    }
    // "No release goes out *without* a canary": a "without" under another
    // negation affirms what follows it.
    if let Some(c) = before.filter(|&c| tokens[c].text == "without") {
        let earlier = c.saturating_sub(SCOPE);
        if (earlier..c).any(|k| tokens[k].clause == clause && is_cue(tokens, k)) {
            return None;
        }
    }
    before.or_else(|| {
        let end = end.min(tokens.len() - 1);
        let clause = tokens[end].clause;
        (end + 1..tokens.len().min(end + 1 + SCOPE))
            .take_while(|&j| tokens[j].clause == clause)
            .find(|&j| is_post_cue(tokens, j) || denies(tokens, end, j))
    })
}

/// Words that dismiss what a sentence says it is ("eventual consistency is
/// *a bug*", "surveys are *soft*").
fn is_dismissal(word: &str) -> bool {
    matches!(
        word,
        "bug"
            | "myth"
            | "overrated"
            | "overhyped"
            | "hype"
            | "soft"
            | "fluff"
            | "irrelevant"
            | "pointless"
            | "useless"
            | "nonsense"
            | "unnecessary"
            | "theoretical"
            | "obsolete"
            | "outdated"
            | "overkill"
            | "bureaucracy"
            | "wasted"
            | "waste"
            | "noise"
            | "politics"
    )
}

/// Verbs by which a sentence denies its subject any bearing ("CAP does not
/// really *apply*").
fn is_denied_bearing(word: &str) -> bool {
    matches!(
        word,
        "apply" | "applies" | "matter" | "matters" | "exist" | "exists"
    )
}

/// Whether token `j`, after a mention ending at token `end` in its clause,
/// denies the mention as the subject of its sentence: a dismissal word after
/// "is" / "are" ("X is a bug", "X are soft"), or a bearing verb after a
/// negation ("X does not apply"). A mention so denied is a wrong claim, not
/// a practice the speaker avoids.
fn denies(tokens: &[Token], end: usize, j: usize) -> bool {
    let between = || tokens[end + 1..j].iter();
    let text = tokens[j].text.as_str();
    (is_dismissal(text)
        && between().any(|t| matches!(t.text.as_str(), "is" | "are" | "was" | "were")))
        || (is_denied_bearing(text)
            && between().any(|t| {
                matches!(
                    t.text.as_str(),
                    "not" | "doesn't" | "doesnt" | "don't" | "dont" | "never" | "didn't"
                )
            }))
}

/// Whether token `j` negates the sentence it stands in, for the semantic
/// stage: a cue, except the verbal ones ("stop", "skip", "ignore", "leave
/// out", "move away from"), which reject their object but leave the
/// sentence's meaning ("people stop trusting red builds" is about trust in
/// the build; "I ignore how many suggestions were accepted, which says
/// little about value" says that acceptance is no measure of value).
pub fn negates_sentence(tokens: &[Token], j: usize) -> bool {
    is_cue(tokens, j)
        && !matches!(
            tokens[j].stem.as_str(),
            "stop" | "omit" | "skip" | "lack" | "ignor" | "dismiss" | "disregard"
        )
        && !matches!(
            tokens[j].text.as_str(),
            "away" | "leave" | "leaves" | "left" | "leaving"
        )
}

/// Stems of verbs that open a coordinated clause of their own: in "I avoid
/// 2PC and use Kafka", "avoid" does not reach "Kafka".
fn is_coordinated_verb(stem: &str) -> bool {
    matches!(
        stem,
        "use"
            | "reli"
            | "write"
            | "run"
            | "build"
            | "publish"
            | "keep"
            | "make"
            | "prefer"
            | "choos"
            | "pick"
            | "adopt"
            | "send"
            | "store"
            | "deploy"
            | "ship"
            | "test"
            | "add"
            | "measur"
            | "track"
            | "design"
            | "introduc"
            | "switch"
            | "start"
            | "follow"
            | "appli"
            | "give"
            | "put"
            | "take"
            | "go"
            | "emit"
    )
}

/// Whether token `j` is a coordinating conjunction followed by a verb that
/// still stands before the mention (at `start`): negation scope ends there.
fn starts_coordinated_verb(tokens: &[Token], j: usize, start: usize) -> bool {
    matches!(tokens[j].text.as_str(), "and" | "or" | "then")
        && j + 1 < start
        && is_coordinated_verb(&tokens[j + 1].stem)
}

/// Whether token `j` condemns what comes before it ("is an anti-pattern").
fn is_post_cue(tokens: &[Token], j: usize) -> bool {
    let text = tokens[j].text.as_str();
    let next = tokens.get(j + 1).map(|t| t.text.as_str());
    condemns(text)
        || (text == "anti" && next == Some("pattern"))
        || (text == "bad" && matches!(next, Some("idea" | "practice")))
}

/// Whether token `j` is the "not" of "not only", "not just", "not merely"
/// or "not simply": no negation of what follows ("not only X but also Y"
/// affirms X), but a narrowing of it.
pub fn narrows(tokens: &[Token], j: usize) -> bool {
    tokens[j].text == "not"
        && tokens
            .get(j + 1)
            .is_some_and(|next| matches!(next.text.as_str(), "only" | "just" | "merely" | "simply"))
}

/// Whether token `j` is a negation cue in its context. ("not just" is no
/// cue for what follows it, unless the mention itself starts with "just":
/// "not *just running containers*" rejects the phrase.)
pub fn is_cue(tokens: &[Token], j: usize) -> bool {
    let token = &tokens[j];
    // Most words are no cue at all: the analysis stage flags the candidates.
    if !token.negation {
        return false;
    }
    let next = tokens.get(j + 1).map(|t| t.text.as_str());
    match token.text.as_str() {
        "not" => !narrows(tokens, j),
        "instead" => next == Some("of"),
        "rather" => next == Some("than"),
        // "we moved away from ADRs", "post-mortems leave out the actions".
        "away" => next == Some("from"),
        "leave" | "leaves" | "left" | "leaving" => next == Some("out"),
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::analyze;

    fn negated(text: &str, word: &str) -> bool {
        let tokens = analyze(text);
        let at = tokens
            .iter()
            .position(|t| t.text == word)
            .expect("word in text");
        negating_cue(&tokens, at, at).is_some()
    }

    #[test]
    fn a_subject_dismissed_or_denied_is_negated_and_an_instrument_is_not() {
        assert!(negated("Eventual consistency is a bug.", "consistency"));
        assert!(negated("The CAP theorem does not really apply.", "cap"));
        assert!(negated(
            "Surveys about developer experience are soft and I ignore them.",
            "experience"
        ));
        assert!(negated("I ignore the developer surveys.", "surveys"));
        assert!(!negated("Retries with a soft limit of three.", "retries"));
        assert!(!negated("We fix every bug in the outbox relay.", "outbox"));
    }

    #[test]
    fn scope_ends_at_a_coordinated_verb_and_verbal_cues_count() {
        assert!(negated("I avoid 2PC and use Kafka", "2pc"));
        assert!(!negated("I avoid 2PC and use Kafka", "kafka"));
        assert!(
            negated("We avoid locks and queues", "queues"),
            "no verb: one object list"
        );
        assert!(negated("We stopped writing ADRs", "adrs"));
        assert!(negated("We moved away from ADRs", "adrs"));
        assert!(negated(
            "Our post-mortems leave out the action items",
            "action"
        ));
        assert!(negated("Nobody writes ADRs here", "adrs"));
        assert!(!negated("We left the ADRs in the repository", "adrs"));
        assert!(!negated(
            "No release goes out without a canary stage",
            "canary"
        ));
        assert!(negated("We release without a canary stage", "canary"));
    }

    #[test]
    fn cues_negate_within_scope() {
        assert!(negated("we never write ADRs", "adrs"));
        assert!(negated(
            "I would never use distributed transactions",
            "distributed"
        ));
        assert!(negated("use sagas instead of 2PC", "2pc"));
        assert!(negated("we avoid blocking calls", "blocking"));
        // A purpose clause's object ends at a comma; a plain list does not.
        let purpose = "Span<T> to avoid copies in hot paths, Minimal APIs for small services";
        assert!(negated(purpose, "copies"));
        assert!(!negated(purpose, "minimal"));
        assert!(negated("We avoid locks, queues and shared state", "queues"));
        assert!(negated("I don\u{2019}t use 2PC", "2pc"));
    }

    #[test]
    fn affirmed_mentions_are_not_negated() {
        assert!(!negated(
            "we use distributed transactions everywhere",
            "distributed"
        ));
        assert!(!negated("not only ADRs but also reviews", "adrs"));
    }

    #[test]
    fn negation_does_not_reach_an_instrument() {
        assert!(!negated("we ban it with Roslyn analyzers", "analyzers"));
        assert!(negated("we ban async void", "void"));
    }

    #[test]
    fn not_just_negates_a_phrase_that_starts_with_just() {
        let tokens = analyze("it is not just running containers");
        let just = tokens.iter().position(|t| t.text == "just").unwrap();
        assert!(negating_cue(&tokens, just, just + 2).is_some());
        assert!(!negated(
            "it is not just containers but also culture",
            "containers"
        ));
    }

    #[test]
    fn negation_stops_at_clause_boundaries() {
        assert!(!negated("we don't use 2PC, but we do use sagas", "sagas"));
        assert!(!negated("no; we write ADRs", "adrs"));
        assert!(!negated("No. We write ADRs", "adrs"));
    }

    #[test]
    fn condemning_words_after_a_mention_negate_it() {
        assert!(negated("2PC is a performance nightmare", "2pc"));
        assert!(negated("async void is a landmine", "void"));
        assert!(!negated("2PC is fine. It is a nightmare to explain", "2pc"));
    }

    #[test]
    fn negation_scope_is_bounded() {
        assert!(!negated(
            "never mind that one two three four five six ADRs",
            "adrs"
        ));
    }
}
