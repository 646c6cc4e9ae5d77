//! Finding where a value sits in a YAML file, for `path:line:column`
//! diagnostics about values that parsed fine but mean something wrong.
//!
//! serde gives locations only for syntax and type errors, so semantic checks
//! locate their value by searching the text: the item whose `id:` is the
//! concept's id, then the key inside that item, then the value on the key's
//! line or in the block below it. Bank files are small and hand-written, so
//! a textual search is exact in practice; when it fails, the diagnostic falls
//! back to the item or the top of the file rather than guessing.

use std::collections::HashMap;

/// A 1-based line and column.
pub type Location = (usize, usize);

/// Text search over one YAML file.
pub struct Locator<'a> {
    lines: Vec<&'a str>,
    /// Per section, the items' ids and locations, indexed on first use: a
    /// rubric of many concepts is scanned once, not once per concept.
    items: std::cell::RefCell<HashMap<String, ItemIndex<'a>>>,
}

/// Where each id's items are in one section, in file order.
type ItemIndex<'a> = HashMap<&'a str, Vec<Location>>;

impl<'a> Locator<'a> {
    /// Indexes `text`.
    pub fn new(text: &'a str) -> Self {
        Locator {
            lines: text.lines().collect(),
            items: std::cell::RefCell::new(HashMap::new()),
        }
    }

    /// The line of the list item `- id: <id>` below the top-level `section:`
    /// (`concepts` or `red_flags`); the `n`-th such item when ids repeat.
    pub fn item(&self, section: &str, id: &str, n: usize) -> Option<Location> {
        let mut items = self.items.borrow_mut();
        let index = items
            .entry(section.to_owned())
            .or_insert_with(|| self.index_section(section));
        index.get(id).and_then(|found| found.get(n)).copied()
    }

    /// Every `id:` item of `section`, in one pass over its lines.
    fn index_section(&self, section: &str) -> ItemIndex<'a> {
        let mut index: ItemIndex<'a> = HashMap::new();
        let heading = format!("{section}:");
        let Some(start) = self.lines.iter().position(|l| l.trim_end() == heading) else {
            return index;
        };
        let lines: &[&'a str] = &self.lines;
        for (i, l) in lines
            .iter()
            .enumerate()
            .skip(start + 1)
            .take_while(|(_, l)| l.is_empty() || l.starts_with([' ', '-', '#']))
        {
            let t = l.trim_start().trim_start_matches("- ").trim_start();
            // Block style `- id: x`, or flow style `- {id: x, ...}`.
            let t = t.strip_prefix('{').map_or(t, str::trim_start);
            if let Some(v) = t.strip_prefix("id:") {
                let location = (i + 1, l.find("id:").unwrap_or(0) + 1);
                index.entry(id_value(v)).or_default().push(location);
            }
        }
        index
    }

    /// The line of the `n`-th list item (from 0) below the top-level
    /// `section:`, whatever its keys: how a `- use: <id>` concept is found.
    pub fn list_item(&self, section: &str, n: usize) -> Option<Location> {
        let heading = format!("{section}:");
        let start = self.lines.iter().position(|l| l.trim_end() == heading)?;
        let mut indent = None;
        let mut seen = 0;
        for (i, line) in self
            .lines
            .iter()
            .enumerate()
            .skip(start + 1)
            .take_while(|(_, l)| l.is_empty() || l.starts_with([' ', '-', '#']))
        {
            let trimmed = line.trim_start();
            if !trimmed.starts_with("- ") {
                continue;
            }
            let column = line.len() - trimmed.len();
            // The first item sets the list's indentation; deeper dashes are
            // lists inside an item.
            if *indent.get_or_insert(column) != column {
                continue;
            }
            if seen == n {
                let key = trimmed[2..].trim_start();
                return Some((i + 1, line.len() - key.len() + 1));
            }
            seen += 1;
        }
        None
    }

    /// The value of `key` inside the item starting at `item` (or at the top
    /// level when `item` is `None`), pointing at the value itself.
    pub fn key(&self, item: Option<Location>, key: &str) -> Option<Location> {
        let (from, indent) = match item {
            Some((line, column)) => (line - 1, column - 1),
            None => (0, 0),
        };
        for (i, line) in self.lines.iter().enumerate().skip(from) {
            let trimmed = line.trim_start().trim_start_matches("- ");
            let column = line.len() - trimmed.len();
            // Stop at the end of the item: a line indented less, or the next
            // list item at the same indentation.
            let outside = column < indent || line.trim_start().starts_with("- ");
            if i > from && item.is_some() && column <= indent && !line.trim().is_empty() && outside
            {
                return None;
            }
            if let Some(rest) = trimmed.strip_prefix(key).and_then(|r| r.strip_prefix(':')) {
                let value = rest.len() - rest.trim_start().len();
                return Some((i + 1, column + key.len() + 1 + value + 1));
            }
        }
        None
    }

    /// Where `needle` (a list value such as a phrase) appears at or after
    /// `from`, within `span` lines.
    pub fn value(&self, from: Location, needle: &str, span: usize) -> Option<Location> {
        self.lines
            .iter()
            .enumerate()
            .skip(from.0 - 1)
            .take(span)
            .find_map(|(i, line)| find_value(line, needle).map(|c| (i + 1, c + 1)))
    }
}

/// The byte column of `needle` as a whole YAML scalar on `line`.
fn find_value(line: &str, needle: &str) -> Option<usize> {
    let mut start = 0;
    while let Some(found) = line[start..].find(needle) {
        let at = start + found;
        let before = line[..at].trim_end_matches(['"', '\'']).chars().last();
        let after = line[at + needle.len()..]
            .trim_start_matches(['"', '\''])
            .chars()
            .next();
        let bounded_before = before.is_none_or(|c| matches!(c, '[' | ',' | ' ' | '-' | ':'));
        let bounded_after = after.is_none_or(|c| matches!(c, ']' | ',' | ' '));
        if bounded_before && bounded_after {
            let quoted = line[..at].ends_with(['"', '\'']);
            return Some(if quoted { at - 1 } else { at });
        }
        start = at + needle.len().max(1);
    }
    None
}

/// The id in the rest of an `id:` line: a quoted scalar, or a plain one up
/// to the end of a flow item (`,`, `}`) or a comment.
fn id_value(rest: &str) -> &str {
    let rest = rest.trim();
    match rest.chars().next() {
        Some(quote @ ('"' | '\'')) => rest[1..].split(quote).next().unwrap_or_default(),
        _ => rest
            .split([',', '}'])
            .next()
            .unwrap_or_default()
            .split(" #")
            .next()
            .unwrap_or_default()
            .trim(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const RUBRIC: &str = "question: q\nconcepts:\n  - id: a\n    weight: 1\n    phrases: [x, \"y z\"]\n  - id: b\n    weight: 0\n    phrases:\n      - w\nred_flags:\n  - id: f\n    penalty: 5\n";

    #[test]
    fn finds_items_keys_and_values() {
        let locator = Locator::new(RUBRIC);
        let b = locator.item("concepts", "b", 0).unwrap();
        assert_eq!(b, (6, 5));
        assert_eq!(locator.key(Some(b), "weight"), Some((7, 13)));
        let a = locator.item("concepts", "a", 0).unwrap();
        let phrases = locator.key(Some(a), "phrases").unwrap();
        assert_eq!(
            locator.value(phrases, "y z", 3),
            Some((5, 18)),
            "a quoted scalar starts at its quote"
        );
        let b_phrases = locator.key(Some(b), "phrases").unwrap();
        assert_eq!(locator.value(b_phrases, "w", 3), Some((9, 9)));
        assert_eq!(locator.item("red_flags", "f", 0), Some((11, 5)));
        assert_eq!(locator.key(None, "question"), Some((1, 11)));
    }

    #[test]
    fn flow_style_items_are_found() {
        let locator = Locator::new("concepts:\n  - {id: a, weight: 1}\n  - { id: \"b\", weight: 2 }\n  - id: c # the third\n");
        assert_eq!(locator.item("concepts", "a", 0), Some((2, 6)));
        assert_eq!(locator.item("concepts", "b", 0), Some((3, 7)));
        assert_eq!(locator.item("concepts", "c", 0), Some((4, 5)));
    }

    #[test]
    fn a_key_is_not_taken_from_the_next_item() {
        let locator = Locator::new(RUBRIC);
        let a = locator.item("concepts", "a", 0).unwrap();
        assert_eq!(locator.key(Some(a), "penalty"), None);
    }
}
