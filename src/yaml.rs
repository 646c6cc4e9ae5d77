//! A guard run before the YAML parser: the parser's cost grows with the
//! square of the nesting depth (80,000 levels of `[` take half a minute), so
//! bank files, front matter and `.mock.yaml` are refused beyond
//! [`MAX_NESTING`] levels, found by one linear scan of the text.
//!
//! The scan estimates the depth the parser will see: flow collections
//! (`[`, `{` where a value starts, outside quotes and comments), plus block
//! collections (each deeper indentation, and each compact `- ` or `? ` at
//! the start of a line). It never under-counts a real collection; it can
//! over-count a little (a block scalar indented deeper than its key), far
//! below the limit for any hand-written file.

/// Deepest nesting of collections accepted in a YAML file. Real bank files
/// nest five levels at most.
pub const MAX_NESTING: usize = 64;

/// Where `text` first nests deeper than `limit` levels, as a 1-based line
/// and column (in characters), if it does.
pub fn too_deep(text: &str, limit: usize) -> Option<(usize, usize)> {
    // Indentation columns of the open block collections.
    let mut blocks: Vec<usize> = Vec::new();
    let mut flow = 0usize;
    let mut quote: Option<char> = None;
    // The indentation of the line that opened a block scalar (`|`, `>`):
    // lines indented deeper are its text.
    let mut scalar: Option<usize> = None;
    for (index, line) in text.lines().enumerate() {
        let trimmed = line.trim_start_matches(' ');
        let indent = line.len() - trimmed.len();
        match scalar {
            Some(parent) if trimmed.is_empty() || indent > parent => continue,
            _ => scalar = None,
        }
        let mut column = indent;
        let mut chars = trimmed.chars().peekable();
        if quote.is_none() && flow == 0 {
            if trimmed.is_empty() || trimmed.starts_with('#') {
                continue;
            }
            while blocks.last().is_some_and(|&b| b > indent) {
                blocks.pop();
            }
            if blocks.last().is_none_or(|&b| b < indent) {
                blocks.push(indent);
            }
            // Compact nested collections: `- - - x`, `? - x`.
            let mut compact = 0;
            while let Some(&c) = chars.peek() {
                let mut ahead = chars.clone();
                ahead.next();
                if matches!(c, '-' | '?') && ahead.peek().is_none_or(|&n| n == ' ') {
                    compact += 1;
                    chars.next();
                    column += 1;
                    while chars.peek() == Some(&' ') {
                        chars.next();
                        column += 1;
                    }
                } else {
                    break;
                }
            }
            if blocks.len() + compact > limit {
                return Some((index + 1, column + 1));
            }
        }
        let base = blocks.len();
        // Whether a value may start here (so `[`, `{`, quotes open one).
        let mut value_start = true;
        let mut previous = ' ';
        for c in chars {
            column += 1;
            if let Some(q) = quote {
                // `\"` inside double quotes does not close them.
                if c == q && !(q == '"' && previous == '\\') {
                    quote = None;
                }
                previous = if previous == '\\' && c == '\\' {
                    ' '
                } else {
                    c
                };
                continue;
            }
            match c {
                '#' if previous == ' ' || previous == '\t' => break,
                '\'' | '"' if value_start => quote = Some(c),
                '[' | '{' if value_start || flow > 0 => {
                    flow += 1;
                    if base + flow > limit {
                        return Some((index + 1, column));
                    }
                }
                ']' | '}' if flow > 0 => flow -= 1,
                _ => {}
            }
            if quote.is_none() && flow == 0 && value_start && matches!(c, '|' | '>') {
                scalar = Some(indent);
            }
            value_start = match c {
                ' ' | '\t' => value_start || matches!(previous, ':' | '-' | '?' | ','),
                '[' | '{' | ',' => true,
                _ => false,
            };
            previous = c;
        }
    }
    None
}

/// The message for a file nested deeper than [`MAX_NESTING`].
pub fn too_deep_message() -> String {
    format!("nested deeper than {MAX_NESTING} levels; refusing to parse it")
}

#[cfg(test)]
mod tests {
    use super::too_deep;

    #[test]
    fn real_files_pass() {
        // The built-in bank's files (rubric v2 nests claims in concepts).
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        for dir in ["rubrics", "questions/cloud", "questions/dotnet"] {
            for file in std::fs::read_dir(root.join(dir)).unwrap() {
                let path = file.unwrap().path();
                let text = std::fs::read_to_string(&path).unwrap();
                assert_eq!(too_deep(&text, 8), None, "{}", path.display());
            }
        }
        assert_eq!(
            too_deep("a: \"[[[[\"\nb: it's [not\nc: '{{{{'\nd: x # [[[[\n", 2),
            None
        );
    }

    #[test]
    fn deep_flow_and_block_nesting_is_located() {
        assert_eq!(too_deep("a: [[[1]]]\n", 3), Some((1, 6)));
        assert_eq!(too_deep("a: [[[1]]]\n", 4), None);
        assert_eq!(too_deep("a:\n  - - - x\n", 3), Some((2, 9)));
        let deep: String = (0..10)
            .map(|i| format!("{}k{i}:\n", " ".repeat(i)))
            .collect();
        assert_eq!(too_deep(&deep, 5), Some((6, 6)));
        assert_eq!(too_deep(&deep, 10), None);
        assert_eq!(too_deep("a: [\n  [\n   [1]]]\n", 3), Some((3, 4)));
        // A block scalar's text is text, and hides nothing after it.
        assert_eq!(too_deep("a: |\n  'x [[[[\nb: [[[1]]]\n", 3), Some((3, 6)));
        assert_eq!(too_deep("a: >-\n  [[[[\n\n  [[[[\nb: 1\n", 3), None);
    }
}
