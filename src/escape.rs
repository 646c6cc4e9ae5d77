//! Escaping untrusted text (answers, file names, ids, bank and history
//! strings): one function per target language, used by every format of
//! [`output`](crate::output). HTML and SVG need none here: the template
//! crate escapes every interpolated value (ADR 0011).

/// Escapes text for a Markdown table cell or list item: no `|` to split the
/// cell, no line break (`\n`, `\r`) to end it, no raw HTML (`<`, `>`, `&`
/// as entities), no backtick to open or close a code span, and no other
/// control character (shown as `�`, as on a terminal). File names, ids,
/// labels, hints and error messages go through here.
pub fn markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '|' => out.push_str("\\|"),
            '`' => out.push_str("\\`"),
            '\n' | '\r' | '\t' => out.push(' '),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            c if c.is_control() => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

/// Text inside a Markdown code span (`` `id` ``): a code span shows `\` and
/// entities literally, so a backtick, a `|` or a line break cannot be
/// escaped in it. Text that is a plain id (no backtick, `|`, `<`, `&` or
/// control character) keeps its code span; any other is written as escaped
/// plain text, so it can neither close the span nor split a table cell.
pub fn markdown_code(text: &str) -> String {
    let plain = !text
        .chars()
        .any(|c| matches!(c, '`' | '|' | '<' | '>' | '&') || c.is_control());
    if plain {
        format!("`{text}`")
    } else {
        markdown(text)
    }
}

/// Escapes the message of a GitHub Actions workflow command
/// (`::error ...::MESSAGE`): `%`, `\r` and `\n` as GitHub unescapes them,
/// and every other control character dropped, so no text can end the
/// command or start another.
pub fn github_data(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c if c.is_control() => {}
            c => out.push(c),
        }
    }
    out
}

/// Escapes a property value of a workflow command (`file=`, `title=`): as
/// [`github_data`], and `:` and `,`, which end a property.
pub fn github_property(text: &str) -> String {
    github_data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    #[test]
    fn markdown_cannot_split_a_cell_open_html_or_a_code_span() {
        assert_eq!(
            super::markdown("a|b\n<img src=x>`c`&\u{1b}]0;t\u{7}"),
            "a\\|b &lt;img src=x&gt;\\`c\\`&amp;\u{FFFD}]0;t\u{FFFD}"
        );
        assert_eq!(super::markdown_code("adr-process"), "`adr-process`");
        assert_eq!(super::markdown_code("x`|y"), "x\\`\\|y");
    }

    #[test]
    fn workflow_commands_cannot_be_ended_or_injected() {
        assert_eq!(
            super::github_data("50%\r\n::error::x\u{1b}[31m"),
            "50%25%0D%0A::error::x[31m"
        );
        assert_eq!(super::github_property("a:b,c%0A"), "a%3Ab%2Cc%250A");
    }
}
