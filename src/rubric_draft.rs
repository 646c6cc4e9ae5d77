//! Drafting a rubric from model answers (`mock rubric draft`, `mock bank
//! import`, `mock score --reference`). `docs/rubric-draft.md` explains the
//! heuristic; in short:
//!
//! 1. **Candidates**: runs of content words (no function words, no filler
//!    verbs) give every phrase of one to three words; `Expansion (ACR)` pairs
//!    give an acronym with its expansion; **bold** text and `code` spans are
//!    candidates of their own ("**Making the Decision (Converge)**" labelled
//!    by its part outside the parentheses, the part inside another phrase).
//!    A model answer that is one two-word noun phrase ("At the main
//!    function.") gives that phrase only.
//! 2. **Deduplication after stemming**: "idempotent consumers" and
//!    "idempotent consumer" are one candidate, counted together.
//! 3. **Salience**: occurrences, longer phrases, bold, acronyms and code
//!    weigh more; a lone very common word ("team", "use") is dropped, and a
//!    word already inside a chosen phrase is not a concept of its own.
//! 4. **Concepts**: the most salient candidates, weighted 3/2/1 by salience
//!    tercile; a phrase negated in the model answer ("are not connected")
//!    becomes a `rejected` concept. Each gets a placeholder hint, the model
//!    sentence as its example and a negated sentence as its counterexample,
//!    so the draft passes `mock rubric check` and `mock rubric test` as is.
//!    A concept's phrases are its label, the last two words of a longer
//!    label, the word that names a two-word label on its own ("tie-breaker",
//!    "main"), and its acronym, expansion or parenthesised part.

use std::collections::HashMap;

use regex::Regex;

use crate::analysis::{analyze, common_words, Token};
use crate::bank::{Claim, Concept, Polarity, Rubric, RubricFile};
use crate::matching::negation;

/// Concepts a draft holds at most, unless asked otherwise.
pub const DEFAULT_CONCEPTS: usize = 10;

/// How many of the most frequent English words count as too common to be a
/// concept on their own, in a long model answer ...
const VERY_COMMON: usize = 1500;
/// ... and in a short one (under [`SHORT_REFERENCE`] words), where nearly
/// every content word carries the answer ("the greater the *change*").
const VERY_COMMON_SHORT: usize = 150;
/// Model answers under this many words are short.
const SHORT_REFERENCE: usize = 40;

/// Words that carry no concept of their own in a model answer.
const FILLER: &[&str] = &[
    "use", "used", "using", "make", "makes", "made", "get", "gets", "also", "like", "way", "ways",
    "thing", "things", "lot", "well", "really", "e.g", "etc", "first", "second", "third", "then",
    "one", "two", "new", "good", "best", "able", "need", "needs", "want", "say", "think", "know",
    "see", "mean", "means", "much", "many", "even", "still", "often", "always", "never", "every",
    "within", "without", "across", "while", "after", "before", "per", "via", "based", "over",
    "through", "into", "onto", "upon", "about", "around", "toward", "towards", "among", "between",
    "during", "against", "under", "above", "below", "beyond", "once", "together", "behind",
];

/// A candidate key phrase.
#[derive(Debug, Clone)]
struct Candidate {
    /// The phrase as first written.
    label: String,
    /// Extra phrases: the acronym of an expansion, or the reverse.
    variants: Vec<String>,
    count: usize,
    words: usize,
    bonus: f64,
    first: usize,
    negated: bool,
    sentence: String,
    /// From a short model answer.
    short: bool,
}

impl Candidate {
    fn salience(&self) -> f64 {
        // In a long model answer a named multi-word concept beats its head
        // word said often; a short one is scored word by word, since a
        // student's paraphrase rarely repeats a whole phrase.
        let length = if self.short {
            1.0 / self.words as f64
        } else {
            (self.words as f64).powf(1.5)
        };
        self.count as f64 * length + self.bonus
    }
}

fn is_content(token: &Token) -> bool {
    !token.function
        && !FILLER.contains(&token.text.as_str())
        && token.text.chars().any(char::is_alphanumeric)
        && !is_contraction(&token.text)
        && !is_adverb(&token.text)
}

/// "I've", "we're", "they'll": a pronoun with its verb, never part of a name.
fn is_contraction(word: &str) -> bool {
    let word = word.replace('\u{2019}', "'");
    ["'ve", "'re", "'ll", "'d", "'m"]
        .iter()
        .any(|end| word.ends_with(end))
}

/// An adverb in "-ly" ("truly", "automatically"): it makes a label a
/// sentence fragment ("modern .NET truly"). Nouns in "-ly" are kept.
fn is_adverb(word: &str) -> bool {
    const NOUNS: &[&str] = &[
        "assembly",
        "anomaly",
        "family",
        "supply",
        "reply",
        "monopoly",
        "rally",
        "ally",
        "fly",
        "butterfly",
        "jelly",
        "italy",
        "july",
        "poly",
        "holy",
        "only",
    ];
    word.chars().count() > 4 && word.ends_with("ly") && !NOUNS.contains(&word)
}

/// Whether punctuation stands between two words (`,`, `(`, `:`, a dash, a
/// quote): a label never spans it ("fast, isolated unit", "Frequency (Velocity").
fn punctuation_between(text: &str, before: &Token, after: &Token) -> bool {
    text.get(before.end..after.start).is_some_and(|gap| {
        gap.chars().any(|c| {
            matches!(
                c,
                ',' | ';'
                    | ':'
                    | '('
                    | ')'
                    | '['
                    | ']'
                    | '{'
                    | '}'
                    | '"'
                    | '!'
                    | '?'
                    | '|'
                    | '\u{2014}'
                    | '\u{2013}'
                    | '\u{201c}'
                    | '\u{201d}'
                    | '\u{2018}'
                    | '\u{2019}'
                    | '\''
            )
        }) || gap.contains(" - ")
    })
}

/// Whether a phrase of several words reads as a noun phrase: it does not
/// end in a past participle or an adjective that needs its noun
/// ("consistency model based", "tool adds cognitive").
fn noun_like(words: &[&Token]) -> bool {
    let Some(last) = words.last() else {
        return false;
    };
    let adjective = ["ive", "able", "ible", "ous", "ful"]
        .iter()
        .any(|end| last.text.ends_with(end));
    words.len() == 1 || !(adjective || last.text.ends_with("ed") && last.text.chars().count() > 4)
}

/// Whether `word` is among the `top` most frequent English words.
fn very_common(word: &str, top: usize) -> bool {
    static RANKS: std::sync::OnceLock<HashMap<&'static str, usize>> = std::sync::OnceLock::new();
    let ranks = RANKS.get_or_init(|| {
        common_words::all()
            .enumerate()
            .map(|(i, w)| (w, i))
            .collect()
    });
    ranks.get(word).is_some_and(|&rank| rank < top)
}

/// Per sentence number, its first and last token, in one pass.
fn sentence_bounds(tokens: &[Token]) -> HashMap<u32, (usize, usize)> {
    let mut bounds: HashMap<u32, (usize, usize)> = HashMap::new();
    for (i, token) in tokens.iter().enumerate() {
        bounds
            .entry(token.sentence)
            .and_modify(|b| b.1 = i)
            .or_insert((i, i));
    }
    bounds
}

/// Characters of a sentence quoted as a concept's example at most.
const SENTENCE_CHARS: usize = 240;

/// The sentence of `text` around token `at` (its first
/// [`SENTENCE_CHARS`] characters, white space collapsed), built from the
/// start of the sentence only as far as needed: a one-sentence model answer
/// of any length costs the same per candidate.
fn sentence_of(
    text: &str,
    tokens: &[Token],
    bounds: &HashMap<u32, (usize, usize)>,
    at: usize,
) -> String {
    let (first, last) = bounds
        .get(&tokens[at].sentence)
        .copied()
        .unwrap_or((at, at));
    let mut sentence = String::new();
    let mut chars = 0;
    for word in text[tokens[first].start..tokens[last].end].split_whitespace() {
        if chars >= SENTENCE_CHARS {
            break;
        }
        if !sentence.is_empty() {
            sentence.push(' ');
            chars += 1;
        }
        sentence.push_str(word);
        chars += word.chars().count();
    }
    let mut sentence: String = sentence.chars().take(SENTENCE_CHARS).collect();
    sentence.push('.');
    sentence
}

/// Markdown markup that would otherwise end up in labels and examples, and
/// the document's own part labels ("**Use Case:**", "**Implementation:**").
pub fn plain(text: &str) -> String {
    static LABEL: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    let label = LABEL.get_or_init(|| Regex::new(r"\*\*[^*\n]{1,80}:\*\*").expect("valid"));
    // A part label made of common words only ("Use Case:", "Implementation:")
    // says nothing; one that names something ("gRPC First-Class Support:")
    // stays.
    let text = label.replace_all(text, |found: &regex::Captures<'_>| {
        let words = analyze(&found[0]);
        if words.iter().all(|t| t.common) {
            String::new()
        } else {
            found[0].to_owned()
        }
    });
    text.lines()
        .map(|line| {
            let line = line.trim_start();
            let line = line
                .trim_start_matches(['*', '-', '+', '#', '>'])
                .trim_start();
            // Every asterisk: `*emphasis*` as well as `**bold**`.
            line.replace(['*', '`'], "")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The runs of content words of `tokens`, as first and last index: within
/// one sentence and never across punctuation.
fn content_runs(text: &str, tokens: &[Token]) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut start = 0;
    while start < tokens.len() {
        if !is_content(&tokens[start]) {
            start += 1;
            continue;
        }
        let mut end = start;
        while end + 1 < tokens.len()
            && is_content(&tokens[end + 1])
            && tokens[end + 1].sentence == tokens[start].sentence
            && !punctuation_between(text, &tokens[end], &tokens[end + 1])
        {
            end += 1;
        }
        runs.push((start, end));
        start = end + 1;
    }
    runs
}

/// Collects the candidates of all model answers, deduplicated by stems.
fn candidates(texts: &[&str], avoid: &std::collections::HashSet<String>) -> Vec<Candidate> {
    let mut found: HashMap<Vec<String>, Candidate> = HashMap::new();
    let mut order = 0usize;
    let mut add = |key: Vec<String>, candidate: Candidate| {
        found
            .entry(key)
            .and_modify(|c| {
                c.count += candidate.count;
                c.bonus = c.bonus.max(candidate.bonus);
                c.variants.extend(candidate.variants.iter().cloned());
            })
            .or_insert(candidate);
    };
    // Compiled once: compiling them for every drafted question was most of
    // the time of `bank import`.
    static ACRONYM: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    static EMPHASIS: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    let acronym = ACRONYM.get_or_init(|| {
        Regex::new(r"((?:[A-Za-z][\w-]*\s+){1,6}?[A-Za-z][\w-]*)\s*\(([A-Z][A-Za-z0-9]{1,9})\)")
            .expect("valid")
    });
    let emphasis =
        EMPHASIS.get_or_init(|| Regex::new(r"\*\*([^*]{2,80})\*\*|`([^`]{1,60})`").expect("valid"));
    for raw in texts {
        let cleaned = plain(raw);
        let text = cleaned.as_str();
        let tokens = analyze(text);
        let bounds = sentence_bounds(&tokens);
        let short = tokens.len() < SHORT_REFERENCE;
        let too_common = if short {
            VERY_COMMON_SHORT
        } else {
            VERY_COMMON
        };
        let runs = content_runs(text, &tokens);
        let written = |first: usize, last: usize| {
            text[tokens[first].start..tokens[last].end]
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        };
        // A model answer that is one two-word noun phrase named by one of
        // its words ("At the main function.") names one thing: the phrase
        // is its concept, and its words are no concepts of their own, or
        // "The program starts in main()" would earn half of it. (Merging
        // every such phrase of a short model answer, not only a lone one,
        // lost 0.5-1.0 points of SemEval training F1: "closed" and "path"
        // are then one concept in a longer answer too.)
        let one_phrase = match runs[..] {
            [(start, end)] => {
                let words: Vec<&Token> = tokens[start..=end].iter().collect();
                (end - start < 3
                    && noun_like(&words)
                    && naming_word(&written(start, end), short).is_some())
                .then_some((start, end))
            }
            _ => None,
        };
        // Runs of content words within a sentence, and their 1-3-grams.
        for &(start, end) in &runs {
            for first in start..=end {
                for last in first..=(first + 2).min(end) {
                    if one_phrase.is_some_and(|whole| whole != (first, last)) {
                        continue;
                    }
                    let words: Vec<&Token> = tokens[first..=last].iter().collect();
                    if words.len() == 1
                        && (very_common(&words[0].text, too_common)
                            || words[0].text.chars().count() < 3)
                    {
                        continue;
                    }
                    if words
                        .iter()
                        .all(|t| t.text.chars().all(|c| c.is_ascii_digit()))
                        || !noun_like(&words)
                    {
                        continue;
                    }
                    let key: Vec<String> = words.iter().map(|t| t.stem.to_string()).collect();
                    // Words of the question itself: every answer repeats them.
                    if key.iter().all(|k| avoid.contains(k)) {
                        continue;
                    }
                    order += 1;
                    add(
                        key,
                        Candidate {
                            label: written(first, last),
                            variants: Vec::new(),
                            count: 1,
                            words: words.len(),
                            bonus: 0.0,
                            first: order,
                            negated: negation::negating_cue(&tokens, first, last).is_some(),
                            sentence: sentence_of(text, &tokens, &bounds, first),
                            short,
                        },
                    );
                }
            }
        }
        // Acronyms with their expansions: the expansion's last words whose
        // initials spell the acronym.
        for found_pair in acronym.captures_iter(text) {
            let letters: Vec<char> = found_pair[2]
                .chars()
                .filter(char::is_ascii_uppercase)
                .collect();
            let words: Vec<&str> = found_pair[1].split_whitespace().collect();
            if letters.len() < 2 || words.len() < letters.len() {
                continue;
            }
            let expansion = words[words.len() - letters.len()..].join(" ");
            let initials: String = expansion
                .split_whitespace()
                .filter_map(|w| w.chars().next())
                .collect();
            if !initials.eq_ignore_ascii_case(&letters.iter().collect::<String>()) {
                continue;
            }
            let key = analyze(&expansion)
                .into_iter()
                .map(|t| t.stem.into_string())
                .collect();
            order += 1;
            add(
                key,
                Candidate {
                    label: expansion.clone(),
                    variants: vec![found_pair[2].to_owned()],
                    count: 1,
                    words: letters.len(),
                    bonus: 3.0,
                    first: order,
                    negated: false,
                    sentence: format!("{expansion} ({}).", &found_pair[2]),
                    short: false,
                },
            );
        }
        // Emphasised text and code spans.
        for span in emphasis.captures_iter(raw) {
            let (inner, bonus) = match (span.get(1), span.get(2)) {
                // A part label of common words ("**Use Case:**"), as in `plain`.
                (Some(bold), _)
                    if bold.as_str().trim_end().ends_with(':')
                        && analyze(bold.as_str()).iter().all(|t| t.common) =>
                {
                    continue
                }
                (Some(bold), _) => (bold.as_str(), 2.0),
                (_, Some(code)) => (code.as_str(), 1.5),
                _ => continue,
            };
            // "**gRPC First-Class Support:**" names "gRPC First-Class Support".
            let inner = inner
                .trim()
                .trim_end_matches(['.', ',', ';', ':', '!', '?']);
            if inner.matches('(').count() != inner.matches(')').count() {
                continue;
            }
            // "**Making the Decision (Converge)**": the part outside the
            // parentheses is the label, the part inside another name of it.
            let (label, variants) = parenthesised(inner.trim());
            let words = analyze(&label);
            if words.is_empty() || words.len() > 4 {
                continue;
            }
            let key = words.iter().map(|t| t.stem.to_string()).collect();
            order += 1;
            add(
                key,
                Candidate {
                    label,
                    variants,
                    count: 1,
                    words: words.len(),
                    bonus,
                    first: order,
                    negated: false,
                    sentence: format!("{}.", inner.trim()),
                    short: false,
                },
            );
        }
    }
    found.into_values().collect()
}

/// A label ending in a parenthesised part, "Making the Decision (Converge)",
/// as a label and another way of naming it: an author lists a step with its
/// one-word gist, and a candidate who says "then we converge" has named the
/// step. The part outside is the label when it reads as a noun phrase (it
/// starts with a content word); otherwise ("Beyond the Pyramid (Production
/// Testing)") the part inside is the label and the part outside is dropped,
/// since a preposition phrase names nothing. A parenthesis inside a word
/// ("ConfigureAwait(false)") or before the end is left alone.
fn parenthesised(label: &str) -> (String, Vec<String>) {
    static SPLIT: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    let split =
        SPLIT.get_or_init(|| Regex::new(r"^([^()]*[^\s()])\s+\(([^()]+)\)$").expect("valid"));
    let whole = (label.to_owned(), Vec::new());
    let Some(parts) = split.captures(label) else {
        return whole;
    };
    let (outside, inside) = (parts[1].trim(), parts[2].trim());
    let named = |text: &str| analyze(text).first().is_some_and(is_content);
    match (named(outside), named(inside)) {
        (true, true) => (outside.to_owned(), vec![inside.to_owned()]),
        (true, false) => (outside.to_owned(), Vec::new()),
        (false, true) => (inside.to_owned(), Vec::new()),
        (false, false) => whole,
    }
}

/// Drafts a rubric for question `question` from its model answers; phrases
/// made only of words of `question_text` are left out.
pub fn draft(question: &str, question_text: &str, texts: &[&str], max_concepts: usize) -> Rubric {
    let avoid: std::collections::HashSet<String> = analyze(question_text)
        .into_iter()
        .map(|t| t.stem.into_string())
        .collect();
    let mut all = candidates(texts, &avoid);
    all.sort_by(|a, b| {
        b.salience()
            .total_cmp(&a.salience())
            .then(a.first.cmp(&b.first))
    });
    let mut chosen: Vec<Candidate> = Vec::new();
    let mut chosen_stems: Vec<Vec<String>> = Vec::new();
    // Their content words' stems, sorted.
    let mut chosen_words: Vec<Vec<String>> = Vec::new();
    for candidate in all {
        if chosen.len() == max_concepts {
            break;
        }
        let stems: Vec<String> = analyze(&candidate.label)
            .into_iter()
            .map(|t| t.stem.into_string())
            .collect();
        // Skip a phrase inside (or around) one already chosen, or sharing
        // two words in a row with it ("formal design review", "design review
        // meeting"): one mention would earn both.
        let overlaps = chosen_stems.iter().any(|c| overlap(c, &stems));
        if overlaps || stems.is_empty() {
            continue;
        }
        // The same words in another order ("Production Testing", "testing
        // in production") are one concept, written two ways.
        let words = content_stems(&candidate.label);
        if words.len() >= 2 {
            if let Some(same) = chosen_words.iter().position(|w| *w == words) {
                if !chosen[same].variants.contains(&candidate.label) {
                    chosen[same].variants.push(candidate.label.clone());
                }
                continue;
            }
        }
        chosen_words.push(words);
        chosen_stems.push(stems);
        chosen.push(candidate);
    }
    let units = units_of(texts);
    // Every way a chosen concept is written, as stems: its label and variants.
    let names: Vec<Vec<Vec<String>>> = chosen
        .iter()
        .zip(&chosen_stems)
        .map(|(c, stems)| {
            let mut names = vec![stems.clone()];
            names.extend(c.variants.iter().map(|v| stems_of(v)));
            names.retain(|n| !n.is_empty());
            names
        })
        .collect();
    let in_unit =
        |concept: usize, unit: &Unit| names[concept].iter().any(|n| contains(&unit.stems, n));
    let count = chosen.len();
    // How each concept is written ([`written_names`]).
    let names_written: Vec<Vec<String>> = chosen.iter().map(|c| written_names(c, &avoid)).collect();
    let mut ids: HashMap<String, usize> = HashMap::new();
    let concepts = chosen
        .into_iter()
        .enumerate()
        .map(|(rank, c)| {
            let mut id = slug(&c.label);
            let n = ids.entry(id.clone()).or_default();
            *n += 1;
            if *n > 1 {
                id = format!("{id}-{n}");
            }
            let weight = match rank * 3 / count.max(1) {
                0 => 3.0,
                1 => 2.0,
                _ => 1.0,
            };
            let phrases = names_written[rank].clone();
            let (polarity, counterexample) = if c.negated {
                (Polarity::Rejected, format!("We rely on {}.", c.label))
            } else {
                (
                    Polarity::Affirmed,
                    format!("We never discussed {}.", c.label),
                )
            };
            // Each sentence (or clause) of the model answer that names the
            // concept is a claim about it: made when the answer names the
            // concept, or in other words when an answer sentence means what
            // the model sentence says (its exemplar).
            let claims = units
                .iter()
                .enumerate()
                // A sentence with a negation in it is no claim: embeddings
                // miss the negation, and an answer that restates it negates
                // it too, which no claim counts. Its concept keeps its name,
                // and a rejected concept has no claims: an affirmed mention
                // of it must earn nothing.
                .filter(|(_, unit)| !c.negated && !unit.negated && in_unit(rank, unit))
                .map(|(u, unit)| {
                    Claim {
                        id: format!("sentence-{}", u + 1),
                        text: unit.text.clone(),
                        // The concept's own name makes the claim in so many
                        // words: on SemEval-2013's training split, requiring
                        // a second key phrase with it ("a + b") lost 0.7-1.5
                        // points of F1, since short model answers rarely
                        // hold two.
                        phrases: names_written[rank].clone(),
                        patterns: Vec::new(),
                        polarity: Polarity::Affirmed,
                        exemplars: vec![unit.text.clone()],
                    }
                })
                .take(MAX_CLAIMS)
                .collect();
            Concept {
                id,
                label: c.label.clone(),
                weight,
                polarity,
                phrases,
                patterns: Vec::new(),
                // Shown to a candidate: the model answer's own words, never a
                // note to the author.
                hint: format!("The model answer says: {}", c.sentence.trim()),
                follow_up: None,
                depth: None,
                claims,
                exemplars: Vec::new(),
                named_credit: None,
                examples: vec![c.sentence],
                counterexamples: vec![counterexample],
                library: None,
            }
        })
        .collect();
    Rubric {
        question: question.to_owned(),
        concepts,
        red_flags: Vec::new(),
        sequences: Vec::new(),
        misconceptions: Vec::new(),
        drafted: true,
        // Without Markdown, so that emphasis marks are not embedded.
        model_answers: texts
            .iter()
            .map(|t| {
                // The seed document quotes each model answer: the quote
                // marks are not part of what it says.
                let text = plain(t);
                let text = text.trim();
                let quoted = |open: char, close: char| {
                    text.len() > 2 && text.starts_with(open) && text.ends_with(close)
                };
                if quoted('"', '"') || quoted('\u{201c}', '\u{201d}') {
                    let open = text.chars().next().map_or(0, char::len_utf8);
                    let close = text.chars().last().map_or(0, char::len_utf8);
                    text[open..text.len() - close].trim().to_owned()
                } else {
                    text.to_owned()
                }
            })
            .filter(|t| !t.is_empty())
            .collect(),
    }
}

/// How a chosen concept is written: its label, its last two words when it
/// has three or more ("formal design review" as "design review", as an
/// author would list it), the word that names a two-word label on its own
/// ([`naming_word`]), and its acronym, expansion or parenthesised name.
fn written_names(c: &Candidate, avoid: &std::collections::HashSet<String>) -> Vec<String> {
    let mut all = vec![c.label.clone()];
    let of_question = |text: &str| stems_of(text).iter().all(|s| avoid.contains(s));
    let mut add = |name: String| {
        if !of_question(&name) && !all.contains(&name) {
            all.push(name);
        }
    };
    if let Some(head) = head_of(&c.label) {
        add(head);
    }
    if let Some(word) = naming_word(&c.label, c.short) {
        add(word);
    }
    for variant in &c.variants {
        if !all.contains(variant) {
            all.push(variant.clone());
        }
    }
    all
}

/// The last two words of a label of three words or more, written without a
/// symbol between them ("Resolution & Post-Mortem" gives "Post-Mortem", not
/// "& Post-Mortem"); none when one is a function word ("Making the
/// Decision" has no head "the Decision").
fn head_of(label: &str) -> Option<String> {
    let words: Vec<&str> = label.split_whitespace().collect();
    if words.len() < 3 {
        return None;
    }
    let head: Vec<&str> = words[words.len() - 2..]
        .iter()
        .copied()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .collect();
    let function = head.iter().any(|w| analyze(w).iter().any(|t| t.function));
    (!head.is_empty() && !function).then(|| head.join(" "))
}

/// The word of a two-word noun phrase that names it on its own, if one does:
///
/// - the last word, when it is rare (not among the common English words)
///   and the first is a common modifier: "ultimate tie-breaker" is named by
///   "tie-breaker", while in "read performance" neither is rare. A word in
///   capitals ("APIs") is an abbreviation, which the word list does not
///   rank, so its rarity says nothing.
/// - in a short model answer, the first word, when the last is a common
///   English word (a generic head noun: "function", "circuit") and the
///   first is not too common to be a concept of its own
///   ([`VERY_COMMON_SHORT`]): "main function" is named by "main". In a
///   short answer the first word alone is a concept anyway; in a long one
///   it is not, and a modifier alone ("vital" of "vital signs") names too
///   little.
fn naming_word(label: &str, short: bool) -> Option<String> {
    let words: Vec<&str> = label.split_whitespace().collect();
    let [first, last] = words[..] else {
        return None;
    };
    // A word as the word list spells it ("tie-breaker"), if all its parts
    // are content words and it is no number.
    let word = |written: &str| {
        let tokens = analyze(written);
        let content = !tokens.is_empty()
            && tokens.iter().all(is_content)
            && tokens
                .iter()
                .any(|t| t.text.chars().any(char::is_alphabetic))
            && tokens.iter().map(|t| t.text.chars().count()).sum::<usize>() >= 3;
        content.then(|| {
            tokens
                .iter()
                .map(|t| t.text.as_str())
                .collect::<Vec<_>>()
                .join("-")
        })
    };
    let (x, y) = (word(first)?, word(last)?);
    let common = |w: &str| common_words::is_common_or_inflected(w);
    let abbreviation = last.chars().filter(char::is_ascii_uppercase).count() >= 2;
    if common(&x) && !common(&y) && !abbreviation {
        return Some(last.to_owned());
    }
    if short && common(&y) && !very_common(&x, VERY_COMMON_SHORT) {
        return Some(first.to_owned());
    }
    None
}

/// Claims one concept gets at most: the first sentences that name it.
const MAX_CLAIMS: usize = 3;
/// A clause with fewer content words than this stays with its neighbour:
/// "if not" is no claim of its own.
const MIN_CLAUSE_CONTENT: usize = 3;

/// A sentence or clause of a model answer: a claim it makes.
struct Unit {
    /// The text, white space collapsed, ending with a full stop.
    text: String,
    /// The stems of its words, in order.
    stems: Vec<String>,
    /// Whether a negation cue stands in it.
    negated: bool,
}

fn stems_of(text: &str) -> Vec<String> {
    analyze(text)
        .into_iter()
        .map(|t| t.stem.into_string())
        .collect()
}

/// The sentences of the model answers, a long sentence cut at its clause
/// boundaries (`;`, `:`, "but", "however") when each part has words enough
/// to say something on its own.
fn units_of(texts: &[&str]) -> Vec<Unit> {
    let mut units = Vec::new();
    for raw in texts {
        let cleaned = plain(raw);
        let tokens = analyze(&cleaned);
        // Runs of tokens of one clause, then short clauses merged backwards.
        let mut pieces: Vec<(usize, usize)> = Vec::new();
        for (i, token) in tokens.iter().enumerate() {
            match pieces.last_mut() {
                Some((first, last))
                    if tokens[*first].sentence == token.sentence
                        && tokens[*last].clause == token.clause =>
                {
                    *last = i;
                }
                _ => pieces.push((i, i)),
            }
        }
        let content = |(first, last): (usize, usize)| {
            tokens[first..=last]
                .iter()
                .filter(|t| is_content(t))
                .count()
        };
        let mut merged: Vec<(usize, usize)> = Vec::new();
        for piece in pieces {
            match merged.last_mut() {
                Some(previous)
                    if tokens[previous.0].sentence == tokens[piece.0].sentence
                        && (content(piece) < MIN_CLAUSE_CONTENT
                            || content(*previous) < MIN_CLAUSE_CONTENT) =>
                {
                    previous.1 = piece.1;
                }
                _ => merged.push(piece),
            }
        }
        for (first, last) in merged {
            let mut text = excerpt(&cleaned[tokens[first].start..tokens[last].end]);
            if let Some(c) = text.chars().next() {
                text = c.to_uppercase().chain(text.chars().skip(1)).collect();
            }
            text.push('.');
            units.push(Unit {
                text,
                stems: tokens[first..=last]
                    .iter()
                    .map(|t| t.stem.to_string())
                    .collect(),
                negated: (first..=last).any(|j| negation::negates_sentence(&tokens, j)),
            });
        }
    }
    units
}

/// `text` with white space collapsed, cut at a word to at most
/// [`SENTENCE_CHARS`] characters.
fn excerpt(text: &str) -> String {
    let mut out = String::new();
    for word in text.split_whitespace() {
        if out.chars().count() + word.chars().count() + 1 > SENTENCE_CHARS && !out.is_empty() {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    let out: String = out.chars().take(SENTENCE_CHARS).collect();
    out.trim_end_matches(['.', ',', ';', ':', '!', '?'])
        .to_owned()
}

/// The stems of the content words of `text`, sorted.
fn content_stems(text: &str) -> Vec<String> {
    let mut stems: Vec<String> = analyze(text)
        .into_iter()
        .filter(is_content)
        .map(|t| t.stem.into_string())
        .collect();
    stems.sort();
    stems
}

/// Whether two phrases (as stems) overlap: one inside the other, or two
/// words in a row in common.
fn overlap(chosen: &[String], stems: &[String]) -> bool {
    contains(chosen, stems)
        || contains(stems, chosen)
        || stems.windows(2).any(|pair| contains(chosen, pair))
}

/// Whether `needle` is a contiguous part of `haystack`.
fn contains(haystack: &[String], needle: &[String]) -> bool {
    needle.len() <= haystack.len() && haystack.windows(needle.len()).any(|w| w == needle)
}

/// A lower-case, hyphenated id from text.
pub fn slug(text: &str) -> String {
    let mut slug = String::new();
    for c in text.chars() {
        if c.is_alphanumeric() {
            // Lower-casing may add a mark (`İ` is `i` and U+0307), which is
            // no slug character.
            slug.extend(c.to_lowercase().filter(|l| l.is_alphanumeric()));
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-').to_owned();
    if slug.is_empty() {
        "concept".to_owned()
    } else {
        slug.chars()
            .take(60)
            .collect::<String>()
            .trim_end_matches('-')
            .to_owned()
    }
}

/// The rubric file as YAML with the schema line editors use.
pub fn to_yaml(rubric: &RubricFile) -> String {
    let body = serde_norway::to_string(rubric).expect("a rubric serializes");
    format!("# yaml-language-server: $schema=../schemas/rubric.schema.json\n# Drafted by `mock rubric draft`: review every concept, weight, hint and claim, then remove `drafted: true`.\n{body}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drafts_key_phrases_acronyms_and_negations() {
        let rubric = draft(
            "q",
            "What happens?",
            &["We record decisions in Architecture Decision Records (ADRs). The relay publishes events to Kafka; \
               consumers are idempotent consumers. Terminal 1 and the positive terminal are not connected."],
            12,
        );
        let labels: Vec<&str> = rubric.concepts.iter().map(|c| c.label.as_str()).collect();
        let adr = rubric
            .concepts
            .iter()
            .find(|c| c.label == "Architecture Decision Records")
            .expect("expansion");
        assert!(adr.phrases.contains(&"ADRs".to_owned()), "{labels:?}");
        let connected = rubric
            .concepts
            .iter()
            .find(|c| c.label.contains("connected"))
            .expect("negated phrase");
        assert_eq!(connected.polarity, Polarity::Rejected);
        assert!(rubric.concepts.len() <= 12);
    }

    #[test]
    fn every_sentence_naming_a_concept_is_a_claim_with_that_sentence_as_exemplar() {
        let rubric = draft(
            "q",
            "How do you keep data consistent?",
            &[
                "A transactional outbox stores the event with the state change. \
               A relay process publishes the outbox rows to Kafka; consumers are idempotent.",
            ],
            10,
        );
        assert!(rubric.drafted);
        let outbox = rubric
            .concepts
            .iter()
            .find(|c| c.label.to_lowercase().contains("outbox"))
            .expect("outbox concept");
        assert!(!outbox.claims.is_empty());
        for claim in &outbox.claims {
            assert_eq!(claim.exemplars, vec![claim.text.clone()]);
            assert!(claim.text.ends_with('.'), "{}", claim.text);
        }
        assert!(outbox
            .claims
            .iter()
            .any(|c| c.text.starts_with("A transactional outbox stores")));
    }

    #[test]
    fn labels_are_noun_phrases_not_fragments() {
        let rubric = draft(
            "q",
            "How?",
            &["**Use Case:** **Implementation:** Deployment Frequency (Velocity), fast, isolated unit tests. \
               The consistency model based on needs; modern .NET truly excels, I've coached teams."],
            20,
        );
        for c in &rubric.concepts {
            let label = &c.label;
            assert!(!label.ends_with(':'), "{label}");
            assert!(!label.contains(',') && !label.contains('('), "{label}");
            assert!(
                !label.contains("truly") && !label.contains("I've"),
                "{label}"
            );
            assert!(!label.ends_with("based"), "{label}");
            assert_ne!(label, "Use Case");
            assert_ne!(label, "Implementation");
        }
    }

    /// The concept labelled `label`, or a panic listing the labels.
    fn concept<'r>(rubric: &'r Rubric, label: &str) -> &'r Concept {
        rubric
            .concepts
            .iter()
            .find(|c| c.label == label)
            .unwrap_or_else(|| {
                let labels: Vec<&str> = rubric.concepts.iter().map(|c| c.label.as_str()).collect();
                panic!("no concept {label:?} in {labels:?}")
            })
    }

    #[test]
    fn a_parenthesised_part_of_a_label_is_another_name_for_it() {
        let rubric = draft(
            "q",
            "How do you decide?",
            &[
                "**Making the Decision (Converge):** We hold a formal design review meeting. \
               **Beyond the Pyramid (Production Testing):** we run canaries. \
               We call `ConfigureAwait(false)` in libraries.",
            ],
            12,
        );
        let decision = concept(&rubric, "Making the Decision");
        assert!(
            decision.phrases.contains(&"Converge".to_owned()),
            "{:?}",
            decision.phrases
        );
        // No head "the Decision": a function word names nothing.
        assert!(
            !decision.phrases.iter().any(|p| p == "the Decision"),
            "{:?}",
            decision.phrases
        );
        // A preposition phrase outside is dropped for the part inside.
        concept(&rubric, "Production Testing");
        // A parenthesis inside a code span is the code's own.
        concept(&rubric, "ConfigureAwait(false)");
        for c in &rubric.concepts {
            assert!(!c.label.contains(" ("), "{}", c.label);
        }
    }

    #[test]
    fn the_head_of_a_label_is_written_without_a_symbol_or_a_function_word() {
        assert_eq!(
            head_of("Resolution & Post-Mortem").as_deref(),
            Some("Post-Mortem")
        );
        assert_eq!(
            head_of("formal design review").as_deref(),
            Some("design review")
        );
        assert_eq!(head_of("Making the Decision"), None);
        assert_eq!(head_of("design review"), None);
    }

    #[test]
    fn a_rare_head_or_a_distinctive_modifier_names_a_two_word_phrase() {
        // A common modifier and a rare head: the head names it.
        assert_eq!(
            naming_word("ultimate tie-breaker", false).as_deref(),
            Some("tie-breaker")
        );
        // Both common: neither names it alone.
        assert_eq!(naming_word("read performance", false), None);
        // An abbreviation's rarity says nothing.
        assert_eq!(naming_word("Minimal APIs", false), None);
        // A generic head in a short model answer: the modifier names it, in a
        // long one it does not.
        assert_eq!(naming_word("main function", true).as_deref(), Some("main"));
        assert_eq!(naming_word("main function", false), None);
        // A modifier too common to be a concept in a short answer.
        assert_eq!(naming_word("same path", true), None);
        assert_eq!(naming_word("formal design review", false), None);

        let rubric = draft(
            "q",
            "Who decides?",
            &["We debate the options in a formal design review meeting with the whole team. As the leader, \
               I am the ultimate tie-breaker, responsible for making the call based on the team's input \
               and the long-term strategy of the company and its products."],
            12,
        );
        let tie = concept(&rubric, "ultimate tie-breaker");
        assert!(
            tie.phrases.contains(&"tie-breaker".to_owned()),
            "{:?}",
            tie.phrases
        );
    }

    #[test]
    fn a_model_answer_that_is_one_noun_phrase_is_one_concept() {
        let rubric = draft(
            "q",
            "Where does a C program start?",
            &["At the main function."],
            12,
        );
        assert_eq!(rubric.concepts.len(), 1, "{:?}", rubric.concepts);
        let main = concept(&rubric, "main function");
        assert!(
            main.phrases.contains(&"main".to_owned()),
            "{:?}",
            main.phrases
        );
        // A longer short answer keeps its words as concepts of their own.
        let rubric = draft(
            "q",
            "Why does bulb A light?",
            &["Bulb A is still contained in a closed path with the battery."],
            12,
        );
        concept(&rubric, "closed");
        concept(&rubric, "battery");
    }

    #[test]
    fn the_same_words_in_another_order_are_one_concept() {
        let rubric = draft(
            "q",
            "How do you test?",
            &["We rely on **Production Testing**. I'm an advocate for **testing in production** with canary releases \
               and feature flags, which validate changes with real user traffic and fast rollbacks."],
            12,
        );
        let testing: Vec<&Concept> = rubric
            .concepts
            .iter()
            .filter(|c| {
                c.phrases
                    .iter()
                    .any(|p| p.eq_ignore_ascii_case("testing in production"))
            })
            .collect();
        assert_eq!(testing.len(), 1, "{:?}", rubric.concepts);
        assert!(
            testing[0].phrases.iter().any(|p| p == "Production Testing"),
            "{:?}",
            testing[0].phrases
        );
    }

    #[test]
    fn model_answers_are_kept_without_markdown_and_quote_marks() {
        let rubric = draft(
            "q",
            "Why?",
            &[
                "\"We keep a **ledger** of points.\"",
                "\u{201c}A relay publishes events.\u{201d}",
            ],
            5,
        );
        assert_eq!(
            rubric.model_answers,
            ["We keep a ledger of points.", "A relay publishes events."]
        );
    }

    #[test]
    fn slugs_are_ids() {
        assert_eq!(
            slug("Transactional Outbox (2PC)!"),
            "transactional-outbox-2pc"
        );
        assert_eq!(slug("***"), "concept");
    }
}
