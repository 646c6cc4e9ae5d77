//! Terminal styling: colour only when wanted, borders only on a terminal.

use comfy_table::{presets, Cell, ColumnConstraint, ContentArrangement, Table, Width};
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

    /// Rows for people at this style's width: a table when every cell fits
    /// whole (or there is no width), else one block per row, its id and
    /// number cells on one line and each text cell on wrapped lines of its
    /// own under its header, so no id is shortened and no text squeezed
    /// into a column a word wide. Empty columns are dropped either way.
    pub fn table_or_lines(
        &self,
        columns: &[(&str, Fit)],
        rows: Vec<Vec<(String, Option<Color>)>>,
    ) -> String {
        let Some(total) = self.width.map(usize::from) else {
            return format!("{}", self.fitted_table(columns, rows));
        };
        let used: Vec<usize> = (0..columns.len())
            .filter(|&i| {
                rows.iter()
                    .any(|r| r.get(i).is_some_and(|c| !c.0.trim().is_empty()))
            })
            .collect();
        let natural: usize = used
            .iter()
            .map(|&i| {
                rows.iter()
                    .filter_map(|r| r.get(i))
                    .map(|c| c.0.width())
                    .chain([columns[i].0.width()])
                    .max()
                    .unwrap_or(0)
            })
            .sum();
        let overhead = 2 * used.len() + if self.decorated { used.len() + 1 } else { 0 };
        if natural + overhead <= total {
            return format!("{}", self.fitted_table(columns, rows));
        }
        let mut out = String::new();
        for row in rows {
            let head: Vec<String> = used
                .iter()
                .filter(|&&i| columns[i].1 != Fit::Text)
                .filter_map(|&i| row.get(i).map(|c| (columns[i], c)))
                .filter(|(_, c)| !c.0.is_empty())
                .map(|((header, fit), (text, color))| {
                    let text = text.replace('\n', " ");
                    // A number says what it is; ids speak for themselves.
                    let text = if fit == Fit::Fixed {
                        format!("{header} {text}")
                    } else {
                        text
                    };
                    match color {
                        Some(color) => self.paint(&text, *color),
                        None => text,
                    }
                })
                .collect();
            // The cells stay whole: a line breaks between two of them.
            let mut used_width = 0;
            for (n, cell) in head.iter().enumerate() {
                let w = strip_sgr(cell).width();
                if n > 0 && used_width + 2 + w > total {
                    out.push_str("\n  ");
                    used_width = 2;
                } else if n > 0 {
                    out.push_str("  ");
                    used_width += 2;
                }
                out.push_str(cell);
                used_width += w;
            }
            out.push('\n');
            for &i in used.iter().filter(|&&i| columns[i].1 == Fit::Text) {
                if let Some((text, _)) = row.get(i).filter(|c| !c.0.trim().is_empty()) {
                    let line = format!("{}: {text}", columns[i].0);
                    out.push_str(&self.wrap(&line, "  ", "    "));
                    out.push('\n');
                }
            }
        }
        out.trim_end().to_owned()
    }

    /// A table that fits this style's width without breaking a word: empty
    /// columns are dropped, [`Fit::Id`] cells (ids, file names) are never
    /// wrapped but shortened in the middle with `…` when the row would not
    /// fit otherwise, [`Fit::Fixed`] cells keep their width, and
    /// [`Fit::Text`] cells wrap at word boundaries (the column is at least
    /// as wide as its longest word). Each cell is its text and its colour.
    pub fn fitted_table(
        &self,
        columns: &[(&str, Fit)],
        rows: Vec<Vec<(String, Option<Color>)>>,
    ) -> Table {
        let keep: Vec<usize> = (0..columns.len())
            .filter(|&i| {
                rows.iter()
                    .any(|row| row.get(i).is_some_and(|c| !c.0.trim().is_empty()))
            })
            .collect();
        let kinds: Vec<Fit> = keep.iter().map(|&i| columns[i].1).collect();
        let header: Vec<&str> = keep.iter().map(|&i| columns[i].0).collect();
        let mut rows: Vec<Vec<(String, Option<Color>)>> = rows
            .into_iter()
            .map(|mut row| {
                keep.iter()
                    .map(|&i| row.get_mut(i).map(std::mem::take).unwrap_or_default())
                    .collect()
            })
            .collect();
        let mut table = self.table();
        let cell_width = |text: &str| text.lines().map(|l| l.width()).max().unwrap_or(0);
        let word_width = |text: &str| {
            text.split_whitespace()
                .map(|w| w.width())
                .max()
                .unwrap_or(0)
        };
        let mut widths: Vec<usize> = kinds
            .iter()
            .enumerate()
            .map(|(i, kind)| {
                let cells = rows.iter().filter_map(|r| r.get(i)).map(|c| c.0.as_str());
                let content = match kind {
                    Fit::Text => cells.map(word_width).max().unwrap_or(0),
                    _ => cells.map(cell_width).max().unwrap_or(0),
                };
                content.max(word_width(header[i]))
            })
            .collect();
        if let Some(total) = self.width.map(usize::from) {
            // Padding of one on each side, and a border between columns and
            // at both ends when decorated.
            let overhead = 2 * kinds.len() + if self.decorated { kinds.len() + 1 } else { 0 };
            let needed = |widths: &[usize]| overhead + widths.iter().sum::<usize>();
            // Text columns should get a readable width (up to TEXT_WIDTH,
            // or all they need), not only their longest word.
            let mut wanted = widths.clone();
            for (i, kind) in kinds.iter().enumerate() {
                if *kind == Fit::Text {
                    let full = rows
                        .iter()
                        .filter_map(|r| r.get(i))
                        .map(|c| cell_width(&c.0))
                        .max()
                        .unwrap_or(0);
                    wanted[i] = widths[i].max(full.min(TEXT_WIDTH));
                }
            }
            // Shorten the widest id column, one at a time, down to a floor.
            while needed(&wanted) > total {
                let widest = (0..kinds.len())
                    .filter(|&i| kinds[i] == Fit::Id && wanted[i] > MIN_ID_WIDTH)
                    .max_by_key(|&i| wanted[i]);
                let Some(i) = widest else { break };
                let excess = needed(&wanted) - total;
                wanted[i] = wanted[i].saturating_sub(excess).max(MIN_ID_WIDTH);
            }
            for (i, kind) in kinds.iter().enumerate() {
                if *kind == Fit::Id {
                    widths[i] = wanted[i];
                }
            }
            for row in &mut rows {
                for (i, kind) in kinds.iter().enumerate() {
                    if *kind == Fit::Id && cell_width(&row[i].0) > widths[i] {
                        row[i].0 = shorten(&row[i].0, widths[i]);
                    }
                }
            }
        }
        table.set_header(header);
        for row in rows {
            table.add_row(row.into_iter().map(|(text, color)| match color {
                Some(color) => self.cell(&text, color),
                None => Cell::new(text),
            }));
        }
        if self.width.is_some() {
            for (i, kind) in kinds.iter().enumerate() {
                // comfy-table counts the padding in a constraint.
                let width = Width::Fixed((widths[i] + 2).min(usize::from(u16::MAX)) as u16);
                let constraint = match kind {
                    Fit::Id | Fit::Fixed => ColumnConstraint::Absolute(width),
                    Fit::Text => ColumnConstraint::LowerBoundary(width),
                };
                if let Some(column) = table.column_mut(i) {
                    column.set_constraint(constraint);
                }
            }
        }
        table
    }

    /// Markdown emphasis rendered for the terminal: `**strong**` in bold,
    /// `*emphasis*` and `_emphasis_` in italics when colour is on, and the
    /// marks dropped either way. Apply it after [`Style::wrap`], which then
    /// counts the marks, not escape codes (a span broken over two lines
    /// stays as typed).
    pub fn emphasis(&self, text: &str) -> String {
        static STRONG: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
            regex::Regex::new(r"\*\*([^*\s](?:[^*\n]*[^*\s])?)\*\*").expect("valid regex")
        });
        static EMPHASIS: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
            regex::Regex::new(r"(^|[^\w*])[*_]([^*_\s](?:[^*_\n]*[^*_\s])?)[*_]($|[^\w*])")
                .expect("valid regex")
        });
        let (bold, italic, reset) = if self.color {
            ("\x1b[1m", "\x1b[3m", "\x1b[0m")
        } else {
            ("", "", "")
        };
        let text = STRONG.replace_all(text, format!("{bold}${{1}}{reset}").as_str());
        EMPHASIS
            .replace_all(&text, format!("${{1}}{italic}${{2}}{reset}${{3}}").as_str())
            .into_owned()
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

/// How a column of [`Style::fitted_table`] fits a narrow width.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fit {
    /// An id or a file name: never wrapped; shortened in the middle with
    /// `…` when too long.
    Id,
    /// A number or a short value: kept whole.
    Fixed,
    /// Words: wrapped at word boundaries.
    Text,
}

/// The narrowest an id column is shortened to.
const MIN_ID_WIDTH: usize = 12;
/// The width a text column of a fitted table gets before ids are left
/// whole.
const TEXT_WIDTH: usize = 20;

/// `text` without SGR colour sequences, to measure it.
fn strip_sgr(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            for c in chars.by_ref() {
                if c == 'm' {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// `text` shortened to `width` columns with `…` in the middle, keeping its
/// start and its end (where a file name's distinctive part is).
pub fn shorten(text: &str, width: usize) -> String {
    use unicode_width::UnicodeWidthChar;
    if text.width() <= width {
        return text.to_owned();
    }
    let room = width.saturating_sub(1);
    let tail_room = room / 2;
    let head_room = room - tail_room;
    let mut head = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w > head_room {
            break;
        }
        head.push(c);
        used += w;
    }
    let mut tail: Vec<char> = Vec::new();
    let mut used = 0;
    for c in text.chars().rev() {
        let w = c.width().unwrap_or(0);
        if used + w > tail_room {
            break;
        }
        tail.push(c);
        used += w;
    }
    tail.reverse();
    format!("{head}…{}", tail.into_iter().collect::<String>())
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
    fn shortens_in_the_middle_to_the_width() {
        use unicode_width::UnicodeWidthStr;
        let short = super::shorten("examples/answers/engineering-metrics/partial.md", 24);
        assert_eq!(short.width(), 24);
        assert!(
            short.starts_with("examples/ans") && short.ends_with("partial.md"),
            "{short}"
        );
        assert_eq!(super::shorten("adr-process", 24), "adr-process");
    }

    #[test]
    fn renders_markdown_emphasis() {
        let plain = super::Style::PLAIN;
        assert_eq!(
            plain.emphasis("When is it the *wrong* choice, **really**? a*b stays, snake_case too"),
            "When is it the wrong choice, really? a*b stays, snake_case too"
        );
        let color = super::Style {
            color: true,
            ..plain
        };
        assert_eq!(
            color.emphasis("the *wrong* choice"),
            "the \x1b[3mwrong\x1b[0m choice"
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
