//! Normalization of one word: Unicode NFKC, lower case, apostrophes folded.

use unicode_normalization::UnicodeNormalization;

/// Normalizes one word so that different spellings of the same text compare
/// equal: NFKC (full-width letters, ligatures and composed/decomposed accents
/// become one form), lower case, and typographic apostrophes (`’`, `ʼ`, `＇`)
/// folded to ASCII `'` so that "don’t" and "don't" are the same word.
pub fn normalize_word(word: &str) -> String {
    if word.is_ascii() {
        // Fast path: NFKC is the identity on ASCII.
        return word.to_ascii_lowercase();
    }
    word.nfkc()
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            '\u{2019}' | '\u{2018}' | '\u{02BC}' => '\'',
            other => other,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_case_width_and_apostrophes() {
        assert_eq!(normalize_word("ADRs"), "adrs");
        assert_eq!(normalize_word("ＡＤＲ"), "adr");
        assert_eq!(normalize_word("don\u{2019}t"), "don't");
    }

    #[test]
    fn composed_and_decomposed_forms_agree() {
        assert_eq!(normalize_word("caf\u{e9}"), normalize_word("cafe\u{301}"));
    }
}
