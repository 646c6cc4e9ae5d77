//! Word tokenization with Unicode word boundaries (UAX #29).
//!
//! Besides words, the tokenizer tracks two kinds of boundaries:
//! - sentences end at `.`, `!` or `?` followed by white space, at a blank
//!   line, and before a line that starts a list item or heading, so that a
//!   bullet list counts as separate statements while hard-wrapped prose does
//!   not;
//! - clauses additionally end at `;` and `:` and before a contrast word
//!   ("but", "however", ...), because negation does not reach across them:
//!   in "we don't use 2PC, but we do use sagas" the "don't" governs 2PC only.
//!
//! Code-like text is split into its word parts (`Span<T>` gives `span`, `t`;
//! `CI/CD` gives `ci`, `cd`; `post-mortem` gives `post`, `mortem`); rubric
//! phrases are tokenized the same way so they still meet, and rubric regex
//! patterns cover what tokens cannot express (`.Result`, `.Wait()`).

use super::segment::word_bounds;
use super::stem::analyze_word;
use super::Token;

/// Splits `text` into normalized, stemmed tokens with offsets and sentence
/// and clause numbers.
pub fn tokenize(text: &str) -> Vec<Token> {
    let mut tokens = Vec::with_capacity(text.len() / 5);
    let mut sentence = 0u32;
    let mut clause = 0u32;
    // Whether a boundary was seen since the last token; the counters are
    // bumped lazily so that runs of punctuation count as one boundary.
    let mut new_sentence = false;
    let mut new_clause = false;
    let mut comma = false;
    let mut segments = word_bounds(text).peekable();
    while let Some((start, segment)) = segments.next() {
        if segment.chars().any(char::is_alphanumeric) {
            let word = analyze_word(segment);
            if word.contrast {
                new_clause = true;
            }
            if !tokens.is_empty() {
                if new_sentence {
                    sentence += 1;
                    clause += 1;
                } else if new_clause {
                    clause += 1;
                }
            }
            new_sentence = false;
            new_clause = false;
            let after_comma = std::mem::take(&mut comma);
            tokens.push(Token {
                after_comma,
                start,
                end: start + segment.len(),
                sentence,
                clause,
                common: word.common,
                function: word.function,
                negation: word.negation,
                text: word.text,
                stem: word.stem,
            });
            continue;
        }
        if segment.contains(',') {
            comma = true;
        }
        let next_is_space_or_end = segments
            .peek()
            .is_none_or(|(_, next)| next.starts_with(char::is_whitespace));
        if segment.contains(['.', '!', '?']) && next_is_space_or_end {
            new_sentence = true;
        } else if segment.contains([';', ':']) {
            new_clause = true;
        } else if segment.contains('\n')
            && line_break_ends_sentence(segment, &text[start + segment.len()..])
        {
            new_sentence = true;
        }
    }
    tokens
}

/// A line break ends a sentence when it leaves a blank line or when the next
/// line starts a Markdown list item, heading or quote.
fn line_break_ends_sentence(whitespace: &str, rest: &str) -> bool {
    if whitespace.matches('\n').count() >= 2 {
        return true;
    }
    let line = rest.trim_start_matches([' ', '\t']);
    let mut chars = line.chars();
    match chars.next() {
        Some('-' | '*' | '+' | '#' | '>' | '|') => true,
        Some(c) if c.is_ascii_digit() => {
            let rest = line.trim_start_matches(|c: char| c.is_ascii_digit());
            rest.starts_with(['.', ')'])
        }
        _ => line.is_empty(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        tokenize(text)
            .into_iter()
            .map(|t| t.text.into_string())
            .collect()
    }

    #[test]
    fn offsets_point_back_into_the_original_text() {
        let text = "Use ＡＤＲs, not wikis.";
        for token in tokenize(text) {
            assert!(!text[token.start..token.end].is_empty());
        }
        assert_eq!(words(text), ["use", "adrs", "not", "wikis"]);
    }

    #[test]
    fn code_like_tokens_split_into_word_parts() {
        assert_eq!(words("Span<T> and CI/CD"), ["span", "t", "and", "ci", "cd"]);
        assert_eq!(
            words("a post-mortem, SEV-1"),
            ["a", "post", "mortem", "sev", "1"]
        );
        assert_eq!(words("gRPC on ASP.NET"), ["grpc", "on", "asp.net"]);
    }

    #[test]
    fn sentences_and_clauses_are_numbered() {
        let tokens = tokenize("We avoid 2PC; we use sagas. Done but not dusted");
        let ids: Vec<(u32, u32)> = tokens.iter().map(|t| (t.sentence, t.clause)).collect();
        assert_eq!(
            ids,
            [
                (0, 0),
                (0, 0),
                (0, 0),
                (0, 1),
                (0, 1),
                (0, 1),
                (1, 2),
                (1, 3),
                (1, 3),
                (1, 3)
            ]
        );
    }

    #[test]
    fn list_items_are_separate_sentences_but_wrapped_lines_are_not() {
        let list = tokenize("- canary releases\n- feature flags");
        assert_ne!(list[1].sentence, list[2].sentence);
        let wrapped = tokenize("canary\nreleases");
        assert_eq!(wrapped[0].sentence, wrapped[1].sentence);
    }

    #[test]
    fn empty_and_punctuation_only_text_gives_no_tokens() {
        assert!(tokenize("").is_empty());
        assert!(tokenize(" ... !!! \n").is_empty());
    }
}
