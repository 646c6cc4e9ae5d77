//! Terminal styling: colour only when wanted, borders only on a terminal.

use comfy_table::{presets, Cell, ContentArrangement, Table};

/// How to decorate human output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Style {
    /// Use ANSI colours.
    pub color: bool,
    /// Draw table borders and bars (stdout is a terminal).
    pub decorated: bool,
    /// Fixed table width; `None` fits the terminal.
    pub width: Option<u16>,
}

impl Style {
    /// Plain text: no colour, no borders. Used when output is piped.
    pub const PLAIN: Style = Style {
        color: false,
        decorated: false,
        width: None,
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
            if let Some(width) = self.width {
                table.set_width(width);
            }
        } else {
            table.load_preset(presets::NOTHING);
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
