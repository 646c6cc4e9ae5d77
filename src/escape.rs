//! Escaping untrusted text (answers, file names, ids, bank and history
//! strings) for HTML and SVG: one function for every page and chart.

/// Escapes text for HTML and SVG content and attribute values.
pub fn html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn markup_and_quotes_are_escaped() {
        assert_eq!(
            super::html("<img src=x onerror='a(\"1\")'> & more"),
            "&lt;img src=x onerror=&#39;a(&quot;1&quot;)&#39;&gt; &amp; more"
        );
    }
}
