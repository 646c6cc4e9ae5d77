//! Word boundaries (Unicode UAX #29), with a fast path for ASCII text.
//!
//! Segmentation is the largest single cost of scoring (a quarter of the
//! instructions of a batch, measured with callgrind). Most answers are plain
//! ASCII, where the UAX #29 rules reduce to a handful of character classes;
//! [`word_bounds`] applies those rules directly to ASCII text and hands
//! anything else to `unicode-segmentation`. The two agree on every ASCII
//! input: the tests below compare them exhaustively on short strings and on
//! random longer ones.

use unicode_segmentation::{UWordBoundIndices, UnicodeSegmentation};

/// The segments of `text` with their byte offsets, exactly as
/// `unicode_segmentation::split_word_bound_indices` gives them.
pub fn word_bounds(text: &str) -> WordBounds<'_> {
    if text.is_ascii() {
        WordBounds::Ascii { text, at: 0 }
    } else {
        WordBounds::Unicode(text.split_word_bound_indices())
    }
}

/// Iterator over word-boundary segments; see [`word_bounds`].
pub enum WordBounds<'a> {
    /// ASCII text, segmented by the rules below.
    Ascii {
        /// The whole text.
        text: &'a str,
        /// Where the next segment starts.
        at: usize,
    },
    /// Any other text.
    Unicode(UWordBoundIndices<'a>),
}

impl<'a> Iterator for WordBounds<'a> {
    type Item = (usize, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            WordBounds::Unicode(inner) => inner.next(),
            WordBounds::Ascii { text, at } => {
                let start = *at;
                if start >= text.len() {
                    return None;
                }
                let end = ascii_segment_end(text.as_bytes(), start);
                *at = end;
                Some((start, &text[start..end]))
            }
        }
    }
}

/// The UAX #29 Word_Break property of the ASCII characters.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    ALetter,
    Numeric,
    ExtendNumLet,
    MidLetter,
    MidNum,
    /// MidNumLet and Single_Quote, which the rules treat alike outside
    /// Hebrew.
    MidNumLetQ,
    WSegSpace,
    Cr,
    Lf,
    Newline,
    Other,
}

fn class(byte: u8) -> Class {
    match byte {
        b'a'..=b'z' | b'A'..=b'Z' => Class::ALetter,
        b'0'..=b'9' => Class::Numeric,
        b'_' => Class::ExtendNumLet,
        b':' => Class::MidLetter,
        b',' | b';' => Class::MidNum,
        b'.' | b'\'' => Class::MidNumLetQ,
        b' ' => Class::WSegSpace,
        b'\r' => Class::Cr,
        b'\n' => Class::Lf,
        0x0b | 0x0c => Class::Newline,
        _ => Class::Other,
    }
}

fn is_word(class: Class) -> bool {
    matches!(class, Class::ALetter | Class::Numeric | Class::ExtendNumLet)
}

/// End of the segment that starts at `start` (rule numbers from UAX #29).
fn ascii_segment_end(bytes: &[u8], start: usize) -> usize {
    let first = class(bytes[start]);
    let mut end = start + 1;
    match first {
        // WB3: CR × LF; WB3a/b: otherwise break around newlines.
        Class::Cr if bytes.get(end) == Some(&b'\n') => end += 1,
        // WB3d: WSegSpace × WSegSpace.
        Class::WSegSpace => {
            while bytes.get(end) == Some(&b' ') {
                end += 1;
            }
        }
        // WB5, WB8-WB10, WB13a/b: letters, digits and `_` run together;
        // WB6/7 and WB11/12: one middle character between two letters or
        // two digits does not break them.
        _ if is_word(first) => {
            while let Some(&byte) = bytes.get(end) {
                let current = class(byte);
                if is_word(current) {
                    end += 1;
                    continue;
                }
                let before = class(bytes[end - 1]);
                let after = bytes.get(end + 1).map(|&b| class(b));
                let joins = matches!(
                    (before, current, after),
                    (
                        Class::ALetter,
                        Class::MidLetter | Class::MidNumLetQ,
                        Some(Class::ALetter)
                    ) | (
                        Class::Numeric,
                        Class::MidNum | Class::MidNumLetQ,
                        Some(Class::Numeric)
                    )
                );
                if !joins {
                    break;
                }
                end += 2;
            }
        }
        // WB999: break everywhere else.
        _ => {}
    }
    end
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn reference(text: &str) -> Vec<(usize, &str)> {
        text.split_word_bound_indices().collect()
    }

    fn fast(text: &str) -> Vec<(usize, &str)> {
        word_bounds(text).collect()
    }

    #[test]
    fn agrees_with_unicode_segmentation_on_every_ascii_string_of_two() {
        for a in 0u8..128 {
            for b in 0u8..128 {
                let text = String::from_utf8(vec![a, b]).unwrap();
                assert_eq!(fast(&text), reference(&text), "{text:?}");
            }
        }
    }

    #[test]
    fn agrees_on_every_string_of_four_over_one_character_per_class() {
        let alphabet = b"aZ5_:,;.' \r\n\x0b-\t\"";
        let mut text = [0u8; 4];
        for i in 0..alphabet.len().pow(4) {
            let mut n = i;
            for slot in &mut text {
                *slot = alphabet[n % alphabet.len()];
                n /= alphabet.len();
            }
            let text = std::str::from_utf8(&text).unwrap();
            assert_eq!(fast(text), reference(text), "{text:?}");
        }
    }

    #[test]
    fn keeps_dotted_names_numbers_and_contractions_together() {
        let words: Vec<&str> = fast("Use ASP.NET 8.0, don't e.g. x_y: 1,000.")
            .into_iter()
            .map(|(_, s)| s)
            .collect();
        assert_eq!(
            words,
            [
                "Use", " ", "ASP.NET", " ", "8.0", ",", " ", "don't", " ", "e.g", ".", " ", "x_y",
                ":", " ", "1,000", "."
            ]
        );
    }

    proptest! {
        #[test]
        fn agrees_with_unicode_segmentation_on_random_ascii(text in "[ -~\t\r\n]{0,60}") {
            prop_assert_eq!(fast(&text), reference(&text));
        }

        #[test]
        fn falls_back_to_unicode_segmentation_on_other_text(text in "\\PC{0,30}") {
            prop_assert_eq!(fast(&text), reference(&text));
        }
    }
}
