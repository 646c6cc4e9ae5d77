//! Terminal styling: colour only when wanted, borders only on a terminal.

use comfy_table::{presets, Cell, ContentArrangement, Table};
use unicode_width::UnicodeWidthStr;

/// How to decorate human output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// Use ANSI colours.
    pub color: bool,
    /// Draw table borders and bars (stdout is a terminal).
    pub decorated: bool,
    /// The width to fit, in columns: the terminal's, or `COLUMNS` when
    /// output is piped; `None` leaves lines unwrapped.
    pub width: Option<u16>,
    /// Show everything (the full concept table in the feedback of one
    /// answer) rather than the compact default.
    pub verbose: bool,
}

impl Style {
    /// Plain text: no colour, no borders. Used when output is piped.
    pub const PLAIN: Style = Style {
        color: false,
        decorated: false,
        width: None,
        verbose: false,
    };

    /// Wraps `text` in an ANSI colour when colour is on.
    pub fn paint(&self, text: &str, color: Color) -> String {
        if self.color {
            format!("\x1b[{}m{text}\x1b[0m", color as u8)
        } else {
            text.to_owned()
        }
    }

    /// A table with this style's borders.
    pub fn table(&self) -> Table {
        let mut table = Table::new();
        if self.decorated {
            table.load_preset(presets::UTF8_FULL_CONDENSED);
            table.set_content_arrangement(ContentArrangement::Dynamic);
        } else {
            table.load_preset(presets::NOTHING);
        }
        if let Some(width) = self.width {
            table.set_content_arrangement(ContentArrangement::Dynamic);
            table.set_width(width);
        }
        if self.color {
            // Colour is decided here (TTY, NO_COLOR, --color), not by comfy-table.
            table.enforce_styling();
        }
        table
    }

    /// A table cell, coloured when colour is on. Colour must go through
    /// comfy-table rather than ANSI codes in the text, which would be counted
    /// as width and break the column alignment.
    pub fn cell(&self, text: &str, color: Color) -> Cell {
        let cell = Cell::new(text);
        if !self.color {
            return cell;
        }
        match color {
            Color::Green => cell.fg(comfy_table::Color::Green),
            Color::Red => cell.fg(comfy_table::Color::Red),
            Color::Yellow => cell.fg(comfy_table::Color::Yellow),
            Color::Bold => cell.add_attribute(comfy_table::Attribute::Bold),
            Color::Dim => cell.add_attribute(comfy_table::Attribute::Dim),
        }
    }

    /// `text` wrapped at word boundaries to this style's width: the first
    /// line starts with `first`, the others with `rest`; lines of the text
    /// stay lines. A word longer than a line gets a line of its own and is
    /// never split. Without a width, only the prefixes are added.
    pub fn wrap(&self, text: &str, first: &str, rest: &str) -> String {
        wrap(text, self.width.map(usize::from), first, rest)
    }

    /// A bar of `width` cells filled to `percent`.
    pub fn bar(&self, percent: f64, width: usize) -> String {
        let filled = ((percent / 100.0) * width as f64)
            .round()
            .clamp(0.0, width as f64) as usize;
        if self.decorated {
            format!("{}{}", "█".repeat(filled), "░".repeat(width - filled))
        } else {
            format!("[{}{}]", "#".repeat(filled), "-".repeat(width - filled))
        }
    }
}

/// `text` wrapped at word boundaries to `width` columns (see [`Style::wrap`]).
pub fn wrap(text: &str, width: Option<usize>, first: &str, rest: &str) -> String {
    let mut out = String::new();
    for (index, line) in text.trim_end().lines().enumerate() {
        let prefix = if index == 0 { first } else { rest };
        if index > 0 {
            out.push('\n');
        }
        out.push_str(prefix);
        let Some(width) = width else {
            out.push_str(line.trim_end());
            continue;
        };
        let mut used = prefix.width();
        let mut fresh = true;
        for word in line.split_whitespace() {
            let w = word.width();
            if !fresh && used + 1 + w > width {
                out.push('\n');
                out.push_str(rest);
                used = rest.width();
                fresh = true;
            }
            if !fresh {
                out.push(' ');
                used += 1;
            }
            out.push_str(word);
            used += w;
            fresh = false;
        }
    }
    out
}

/// ANSI colour codes used by the renderers.
#[derive(Debug, Clone, Copy)]
#[repr(u8)]
pub enum Color {
    /// Covered concepts, good scores.
    Green = 32,
    /// Missed concepts, red flags, failing scores.
    Red = 31,
    /// Middling scores.
    Yellow = 33,
    /// Headings.
    Bold = 1,
    /// Secondary text.
    Dim = 2,
}

/// The colour for a score.
pub fn score_color(score: f64) -> Color {
    if score >= 80.0 {
        Color::Green
    } else if score >= 50.0 {
        Color::Yellow
    } else {
        Color::Red
    }
}

#[cfg(test)]
mod tests {
    use super::wrap;

    #[test]
    fn wraps_at_word_boundaries_with_prefixes() {
        let text = "Cover multi-step processes with sagas and compensating actions.";
        assert_eq!(
            wrap(text, Some(30), "  - ", "    "),
            "  - Cover multi-step processes\n    with sagas and\n    compensating actions."
        );
        assert_eq!(wrap(text, None, "> ", ""), format!("> {text}"));
    }

    #[test]
    fn never_splits_a_word_longer_than_the_line() {
        assert_eq!(
            wrap("a cognitive-load-dependent choice", Some(10), "", ""),
            "a\ncognitive-load-dependent\nchoice"
        );
    }

    #[test]
    fn keeps_the_lines_of_the_text() {
        assert_eq!(
            wrap("one\ntwo three", Some(80), "* ", "  "),
            "* one\n  two three"
        );
    }
}
