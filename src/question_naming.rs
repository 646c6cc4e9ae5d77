//! Ids and titles for imported questions: a short id from the question's
//! key words ("architectural-decision", not
//! "walk-me-through-your-process-for-making-a") and a whole sentence as the
//! title, never cut mid-word.
//!
//! The sentence named is the one that asks: the first that ends in a
//! question mark or opens with an interview imperative ("Walk me through",
//! "Describe"), so that a preamble such as "The job requires .NET
//! expertise." or "Let's talk about data." names nothing.

use crate::rubric_draft::slug;

/// Most characters of a drafted question id (the loader allows more).
pub const MAX_QUESTION_ID_CHARS: usize = 40;

/// Most key words in a drafted question id.
const MAX_ID_WORDS: usize = 4;

/// Words that say how an interviewer asks, not what about: question words,
/// pronouns, auxiliaries, and interview phrasing ("walk me through your
/// philosophy on ..."). Lower case, without punctuation.
const FILLER: &[&str] = &[
    "a",
    "about",
    "across",
    "after",
    "all",
    "an",
    "and",
    "any",
    "approach",
    "are",
    "as",
    "at",
    "be",
    "been",
    "before",
    "beyond",
    "both",
    "but",
    "by",
    "can",
    "common",
    "company",
    "could",
    "describe",
    "did",
    "do",
    "does",
    "during",
    "each",
    "ensure",
    "example",
    "explain",
    "for",
    "from",
    "give",
    "going",
    "had",
    "has",
    "have",
    "how",
    "i",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "just",
    "let",
    "lets",
    "like",
    "make",
    "making",
    "me",
    "mean",
    "might",
    "most",
    "much",
    "my",
    "of",
    "on",
    "one",
    "or",
    "organisation",
    "organization",
    "our",
    "over",
    "philosophy",
    "process",
    "really",
    "run",
    "seen",
    "share",
    "should",
    "significant",
    "situation",
    "some",
    "such",
    "take",
    "talk",
    "team",
    "teams",
    "tell",
    "that",
    "the",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "thing",
    "things",
    "think",
    "this",
    "those",
    "through",
    "time",
    "to",
    "under",
    "up",
    "use",
    "used",
    "using",
    "very",
    "via",
    "vs",
    "walk",
    "was",
    "way",
    "ways",
    "we",
    "were",
    "what",
    "when",
    "where",
    "whether",
    "which",
    "while",
    "who",
    "why",
    "will",
    "with",
    "would",
    "you",
    "youd",
    "youre",
    "youve",
    "your",
    "yours",
];

/// First words of a sentence that asks although it ends in a full stop.
const IMPERATIVES: &[&str] = &[
    "walk", "describe", "tell", "explain", "give", "share", "imagine", "outline", "design",
];

/// The sentence of `question` that asks, with Markdown emphasis (`*`) and code
/// marks removed; the whole text when no sentence stands out.
pub fn asking_sentence(question: &str) -> String {
    let plain: String = question
        .chars()
        .filter(|c| !matches!(c, '*' | '`'))
        .collect();
    let sentences = sentences(&plain);
    let asks = |s: &&&str| {
        s.trim_end().ends_with('?')
            || first_word(s).is_some_and(|w| IMPERATIVES.contains(&w.as_str()))
    };
    sentences
        .iter()
        .find(asks)
        .or(sentences.first())
        .map_or_else(|| plain.trim().to_owned(), |s| s.trim().to_owned())
}

/// A short id from the key words of the asking sentence: at most
/// [`MAX_ID_WORDS`] words that are not [`FILLER`], in their order, each
/// word once, within [`MAX_QUESTION_ID_CHARS`] (a word that does not fit is
/// left out, never cut). Falls back to the sentence's first words when it
/// has no key word, and to `question` when it has no word at all.
pub fn question_id(question: &str) -> String {
    let sentence = asking_sentence(question);
    let words: Vec<String> = sentence
        .split_whitespace()
        .map(slug)
        .filter(|w| w != "concept")
        .collect();
    let key: Vec<&String> = {
        let mut seen: Vec<&String> = Vec::new();
        for word in &words {
            let bare = word.replace('-', "");
            if !FILLER.contains(&bare.as_str()) && !seen.contains(&word) {
                seen.push(word);
            }
        }
        seen
    };
    let chosen: Vec<&String> = if key.is_empty() {
        words.iter().collect()
    } else {
        key
    };
    let mut id = String::new();
    for word in chosen.into_iter().take(MAX_ID_WORDS) {
        let extra = usize::from(!id.is_empty()) + word.chars().count();
        if id.chars().count() + extra > MAX_QUESTION_ID_CHARS {
            continue;
        }
        if !id.is_empty() {
            id.push('-');
        }
        id.push_str(word);
    }
    if id.is_empty() {
        "question".to_owned()
    } else {
        id
    }
}

/// The title of an imported question: its asking sentence, whole.
pub fn question_title(question: &str) -> String {
    asking_sentence(question)
}

/// `text` split after `.`, `?` and `!` that end a word (not `.NET` or `5.0`).
fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if matches!(c, '.' | '?' | '!') {
            let next = chars.peek().map(|&(_, n)| n);
            // "vs. strong", "e.g. a": a sentence goes on in lower case.
            let goes_on = text[i + c.len_utf8()..]
                .trim_start()
                .chars()
                .next()
                .is_some_and(char::is_lowercase);
            if !goes_on && next.is_none_or(|n| n.is_whitespace() || n == '"' || n == '\u{201d}') {
                let end = i + c.len_utf8();
                if !text[start..end].trim().is_empty() {
                    out.push(&text[start..end]);
                }
                start = end;
            }
        }
    }
    if !text[start..].trim().is_empty() {
        out.push(&text[start..]);
    }
    out
}

fn first_word(sentence: &str) -> Option<String> {
    sentence.split_whitespace().next().map(|w| {
        w.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_the_key_words_of_the_asking_sentence() {
        let cases = [
            (
                "Walk me through your process for making a significant architectural decision. How do you ensure buy-in and alignment across your teams?",
                "architectural-decision",
            ),
            (
                "When is a microservices architecture the *wrong* choice? Describe a situation where you advocated for a monolith.",
                "microservices-architecture-wrong-choice",
            ),
            (
                "The job requires .NET expertise. What are some of the most impactful features in modern .NET (Core / .NET 5+)?",
                "impactful-features-modern-net",
            ),
            (
                "Let's talk about data in a microservices world. How do you approach data consistency, and when would you use eventual consistency vs. strong consistency?",
                "data-consistency-eventual-strong",
            ),
            (
                "Describe your philosophy on software testing. How would you structure it?",
                "software-testing",
            ),
        ];
        for (question, id) in cases {
            assert_eq!(question_id(question), id, "{question}");
        }
    }

    #[test]
    fn ids_stay_short_and_never_cut_a_word() {
        let id = question_id(
            "How do you reconcile extraordinarily complicated organisational responsibilities internationally?",
        );
        assert!(id.chars().count() <= MAX_QUESTION_ID_CHARS, "{id}");
        for word in id.split('-') {
            assert!(
                "reconcile extraordinarily complicated organisational responsibilities internationally"
                    .contains(word),
                "{id}"
            );
        }
    }

    #[test]
    fn a_question_of_fillers_still_gets_an_id() {
        assert_eq!(question_id("What would you do?"), "what-would-you-do");
        assert_eq!(question_id("?!"), "question");
    }

    #[test]
    fn titles_are_whole_sentences_without_markup() {
        assert_eq!(
            question_title(
                "When is a microservices architecture the *wrong* choice? Describe one."
            ),
            "When is a microservices architecture the wrong choice?"
        );
        assert_eq!(
            question_title(
                "The job requires .NET expertise. What are the features of .NET 8 that matter?"
            ),
            "What are the features of .NET 8 that matter?"
        );
    }
}
