//! Escaping untrusted text (answers, file names, ids, bank and history
//! strings): one function per target language, used by every format of
//! [`output`](crate::output). HTML and SVG need little here: the template
//! crate escapes every interpolated value (ADR 0011), and [`html_controls`]
//! replaces the control characters it leaves.
//!
//! Human output and messages on stderr show a name, an id or a path through
//! [`inline`]: no line break in it can start a line of its own (the GitHub
//! Actions runner reads `::error ...` workflow commands on stdout and stderr
//! alike), and no bidirectional override can reorder what is shown.

use std::borrow::Cow;
use std::path::Path;

/// Whether `c` is a bidirectional embedding, override or isolate control
/// (U+202A..U+202E, U+2066..U+2069): shown as they are, they reorder the
/// text around them ("Trojan Source").
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Whether [`inline`] replaces `c`: a control character (line breaks and
/// tabs included) or a bidirectional control.
fn unsafe_inline(c: char) -> bool {
    c.is_control() || is_bidi_control(c)
}

/// Untrusted text shown inside a line of human output or of a message on
/// stderr (a file name, an id, a label): every control character, line
/// breaks and tabs included, and every bidirectional control becomes `�`,
/// visible and inert.
pub fn inline(text: &str) -> Cow<'_, str> {
    if !text.chars().any(unsafe_inline) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| if unsafe_inline(c) { '\u{FFFD}' } else { c })
            .collect(),
    )
}

/// A path as shown in a message: its display form, through [`inline`].
pub fn path(path: &Path) -> String {
    inline(&path.display().to_string()).into_owned()
}

/// Rendered HTML with the control characters an HTML template keeps (ESC,
/// BEL, ...) and the bidirectional controls replaced by `�`; line breaks
/// and tabs stay.
pub fn html_controls(html: &str) -> Cow<'_, str> {
    let bad = |c: char| (c.is_control() && !matches!(c, '\n' | '\t' | '\r')) || is_bidi_control(c);
    if !html.chars().any(bad) {
        return Cow::Borrowed(html);
    }
    Cow::Owned(
        html.chars()
            .map(|c| if bad(c) { '\u{FFFD}' } else { c })
            .collect(),
    )
}

/// XML or HTML in which no line starts a workflow command: a line whose
/// text starts with `::` (a line break inside a name or a hint put it
/// there) has its first colon written as the character reference `&#58;`,
/// which every XML and HTML reader turns back into `:`.
pub fn markup_lines(markup: &str) -> Cow<'_, str> {
    let command = |line: &str| line.trim_start_matches([' ', '\t', '\r']).starts_with("::");
    if !markup.split('\n').any(command) {
        return Cow::Borrowed(markup);
    }
    let lines: Vec<Cow<'_, str>> = markup
        .split('\n')
        .map(|line| {
            if command(line) {
                let indent = line.len() - line.trim_start_matches([' ', '\t', '\r']).len();
                Cow::Owned(format!("{}&#58;{}", &line[..indent], &line[indent + 1..]))
            } else {
                Cow::Borrowed(line)
            }
        })
        .collect();
    Cow::Owned(lines.join("\n"))
}

/// Escapes text for a Markdown table cell or list item: no `|` to split the
/// cell, no line break (`\n`, `\r`) to end it, no raw HTML (`<`, `>`, `&`
/// as entities), no backtick to open or close a code span, no `[` or `]` to
/// make a link, and no other control character or bidirectional control
/// (shown as `�`, as on a terminal). File names, ids, labels, hints and
/// error messages go through here.
pub fn markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '|' => out.push_str("\\|"),
            '`' => out.push_str("\\`"),
            '[' => out.push_str("\\["),
            ']' => out.push_str("\\]"),
            '\n' | '\r' | '\t' => out.push(' '),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            c if unsafe_inline(c) => out.push('\u{FFFD}'),
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
        .any(|c| matches!(c, '`' | '|' | '<' | '>' | '&' | '[' | ']') || unsafe_inline(c));
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
            c if unsafe_inline(c) => {}
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
            "a\\|b &lt;img src=x&gt;\\`c\\`&amp;\u{FFFD}\\]0;t\u{FFFD}"
        );
        assert_eq!(super::markdown_code("adr-process"), "`adr-process`");
        assert_eq!(super::markdown_code("x`|y"), "x\\`\\|y");
        assert_eq!(
            super::markdown("[x](https://evil) \u{202E}gpj.md"),
            "\\[x\\](https://evil) \u{FFFD}gpj.md"
        );
    }

    #[test]
    fn inline_text_has_no_line_break_control_or_override() {
        let name = "x\n::error file=README.md::Forged\r\t\u{1b}]0;t\u{7}\u{202E}dm.";
        assert_eq!(
            super::inline(name),
            "x\u{FFFD}::error file=README.md::Forged\u{FFFD}\u{FFFD}\u{FFFD}]0;t\u{FFFD}\u{FFFD}dm."
        );
        assert!(matches!(
            super::inline("plain é"),
            std::borrow::Cow::Borrowed(_)
        ));
        assert_eq!(
            super::html_controls("<p>a\u{1b}[2J\u{7}\n\u{2066}</p>"),
            "<p>a\u{FFFD}[2J\u{FFFD}\n\u{FFFD}</p>"
        );
        assert_eq!(
            super::markup_lines("<a b=\"x\n ::error::y\">\n::stop\n</a>"),
            "<a b=\"x\n &#58;:error::y\">\n&#58;:stop\n</a>"
        );
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
