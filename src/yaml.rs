//! The one guard run before every YAML parse (bank files, answer front
//! matter, `.mock.yaml`): [`from_str`] checks the text with libyaml's own
//! event parser, the very parser `serde_norway` uses, and deserializes it
//! only when it passes.
//!
//! Two shapes of YAML are refused, each with the line and column where the
//! limit is crossed:
//!
//! - **Nesting deeper than [`MAX_NESTING`] levels.** libyaml's scanner
//!   costs time in proportion to the flow nesting depth for every token, so
//!   a file of nothing but brackets costs the square of its size (80,000
//!   levels took half a minute). A scan of the text that guesses where
//!   collections start can be fooled (a tag or an anchor before each
//!   bracket, a quote the scanner misreads), so the depth is counted on the
//!   parser's own events, and the check stops at the first event past the
//!   limit: it never pays for the depth it refuses.
//! - **Aliases that expand beyond a size limit** (the file limit of the
//!   kind of file). `serde_norway` copies an aliased node every time it is
//!   referenced, so 20,000 references to one 93 KB string made 1.77 GB. The
//!   expanded size of every anchored node is computed once, when it ends,
//!   and each alias adds it; an alias to a collection it is part of (which
//!   would expand without end) is refused. A file without aliases is never
//!   refused for its size here: its size is bounded where it is read.
//!
//! A syntax error ends the check quietly: the deserializer, whose parser
//! stops at the same place, reports it with its own message.

use std::collections::HashMap;
use std::mem::MaybeUninit;

use serde::de::DeserializeOwned;
use unsafe_libyaml_norway as unsafe_libyaml;

/// Deepest nesting of collections accepted in a YAML file. Real bank files
/// nest five levels at most.
pub const MAX_NESTING: usize = 64;

/// Why a YAML text was refused before it was deserialized: where, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// What is wrong (`nested deeper than 64 levels; ...`).
    pub message: String,
}

/// Errors of [`from_str`].
#[derive(Debug)]
pub enum Error {
    /// The guard refused the text; it was not deserialized.
    Refused(Refusal),
    /// The YAML parser or the deserializer failed.
    Yaml(serde_norway::Error),
}

/// Checks `text` with [`check`], then deserializes it with `serde_norway`.
/// `max_expanded` bounds the size the text's aliases may expand it to, in
/// bytes (the file limit of its kind).
pub fn from_str<T: DeserializeOwned>(text: &str, max_expanded: u64) -> Result<T, Error> {
    check(text, max_expanded).map_err(Error::Refused)?;
    serde_norway::from_str(text).map_err(Error::Yaml)
}

/// Checks `text` against the guard's limits: nesting at most
/// [`MAX_NESTING`] levels, and aliases that expand it to at most
/// `max_expanded` bytes. Linear in the text's size; it stops at the first
/// problem, and at the first syntax error (which the deserializer reports).
pub fn check(text: &str, max_expanded: u64) -> Result<(), Refusal> {
    let mut parser = Parser::new(text);
    // Per open collection: its expanded size so far, and its anchor.
    let mut open: Vec<(u64, Option<Box<[u8]>>)> = Vec::new();
    // Expanded size of each completed anchored node; `None` while the
    // collection it anchors is still open.
    let mut anchors: HashMap<Box<[u8]>, Option<u64>> = HashMap::new();
    // Everything read so far, aliases expanded.
    let mut expanded: u64 = 0;
    let mut aliased = false;
    while let Some((event, (line, column))) = parser.next() {
        let refuse = |message: String| Refusal {
            line,
            column,
            message,
        };
        // The size a node adds to the collection it is in: its bytes, plus
        // one for the node itself (so that many empty nodes are not free).
        let added = match event {
            Event::DocumentStart => {
                anchors.clear();
                continue;
            }
            Event::Other => continue,
            Event::Start { anchor } => {
                if open.len() >= MAX_NESTING {
                    return Err(refuse(too_deep_message()));
                }
                if let Some(name) = &anchor {
                    anchors.insert(name.clone(), None);
                }
                open.push((1, anchor));
                expanded = expanded.saturating_add(1);
                continue;
            }
            Event::End => {
                let Some((size, anchor)) = open.pop() else {
                    continue;
                };
                if let Some(name) = anchor {
                    anchors.insert(name, Some(size));
                }
                // Counted in `expanded` already, part by part.
                if let Some((parent, _)) = open.last_mut() {
                    *parent = parent.saturating_add(size);
                }
                continue;
            }
            Event::Scalar { anchor, length } => {
                let size = length.saturating_add(1);
                if let Some(name) = anchor {
                    anchors.insert(name, Some(size));
                }
                size
            }
            Event::Alias { anchor } => {
                aliased = true;
                match anchors.get(&anchor) {
                    Some(Some(size)) => *size,
                    Some(None) => {
                        return Err(refuse(format!(
                            "alias *{} refers to a collection that contains it, which would \
                             expand without end; refusing to parse it",
                            String::from_utf8_lossy(&anchor[..anchor.len().min(80)])
                        )))
                    }
                    // An unknown anchor: the deserializer reports it.
                    None => return Ok(()),
                }
            }
        };
        if let Some((size, _)) = open.last_mut() {
            *size = size.saturating_add(added);
        }
        expanded = expanded.saturating_add(added);
        if aliased && expanded > max_expanded {
            return Err(refuse(format!(
                "its aliases expand it to more than {}, the limit for the file; refusing to \
                 parse it",
                megabytes(max_expanded)
            )));
        }
    }
    Ok(())
}

/// `12 MB`, `1.5 MB`, `0.1 MB`: a size in megabytes for messages.
fn megabytes(bytes: u64) -> String {
    let mb = bytes as f64 / f64::from(1 << 20);
    if mb >= 10.0 || mb.fract() == 0.0 {
        format!("{mb:.0} MB")
    } else {
        format!("{mb:.1} MB")
    }
}

/// The message for a file nested deeper than [`MAX_NESTING`].
pub fn too_deep_message() -> String {
    format!("nested deeper than {MAX_NESTING} levels; refusing to parse it")
}

/// What the guard needs of one libyaml event.
enum Event {
    DocumentStart,
    /// The start of a sequence or mapping.
    Start {
        anchor: Option<Box<[u8]>>,
    },
    /// The end of a sequence or mapping.
    End,
    Scalar {
        anchor: Option<Box<[u8]>>,
        length: u64,
    },
    Alias {
        anchor: Box<[u8]>,
    },
    /// Stream start and end, document end.
    Other,
}

/// libyaml's event parser over a borrowed text (the same parser, with the
/// same settings, as `serde_norway`'s loader).
struct Parser<'a> {
    /// Boxed: libyaml keeps a pointer to the parser in it, so it must not
    /// move once the input is set.
    sys: Box<MaybeUninit<unsafe_libyaml::yaml_parser_t>>,
    done: bool,
    _text: std::marker::PhantomData<&'a str>,
}

impl<'a> Parser<'a> {
    fn new(text: &'a str) -> Parser<'a> {
        let mut sys = Box::new(MaybeUninit::<unsafe_libyaml::yaml_parser_t>::uninit());
        // SAFETY: `yaml_parser_initialize` fills the whole struct (it zeroes
        // it, then allocates its buffers); it only fails when allocation
        // fails, which aborts in Rust. The input string outlives the parser
        // (`'a`), and the boxed parser never moves.
        let done = unsafe {
            let parser = sys.as_mut_ptr();
            if unsafe_libyaml::yaml_parser_initialize(parser).fail {
                true
            } else {
                unsafe_libyaml::yaml_parser_set_encoding(
                    parser,
                    unsafe_libyaml::YAML_UTF8_ENCODING,
                );
                unsafe_libyaml::yaml_parser_set_input_string(
                    parser,
                    text.as_ptr(),
                    text.len() as u64,
                );
                false
            }
        };
        Parser {
            sys,
            done,
            _text: std::marker::PhantomData,
        }
    }

    /// The next event and its 1-based line and column; `None` at the end of
    /// the stream and after a syntax error.
    fn next(&mut self) -> Option<(Event, (usize, usize))> {
        if self.done {
            return None;
        }
        let mut event = MaybeUninit::<unsafe_libyaml::yaml_event_t>::uninit();
        // SAFETY: the parser was initialized (`done` is false otherwise) and
        // is never used again after it failed. A successful
        // `yaml_parser_parse` initializes the event; its strings are
        // NUL-terminated (or null) and live until `yaml_event_delete`,
        // which is called once, after they were copied.
        unsafe {
            let parser = self.sys.as_mut_ptr();
            if unsafe_libyaml::yaml_parser_parse(parser, event.as_mut_ptr()).fail {
                self.done = true;
                return None;
            }
            let event = event.as_mut_ptr();
            let mark = (*event).start_mark;
            let at = (mark.line as usize + 1, mark.column as usize + 1);
            let data = &(*event).data;
            let kind = match (*event).type_ {
                unsafe_libyaml::YAML_STREAM_END_EVENT => {
                    self.done = true;
                    Event::Other
                }
                unsafe_libyaml::YAML_DOCUMENT_START_EVENT => Event::DocumentStart,
                unsafe_libyaml::YAML_SEQUENCE_START_EVENT => Event::Start {
                    anchor: name(data.sequence_start.anchor),
                },
                unsafe_libyaml::YAML_MAPPING_START_EVENT => Event::Start {
                    anchor: name(data.mapping_start.anchor),
                },
                unsafe_libyaml::YAML_SEQUENCE_END_EVENT
                | unsafe_libyaml::YAML_MAPPING_END_EVENT => Event::End,
                unsafe_libyaml::YAML_SCALAR_EVENT => Event::Scalar {
                    anchor: name(data.scalar.anchor),
                    length: data.scalar.length,
                },
                unsafe_libyaml::YAML_ALIAS_EVENT => Event::Alias {
                    anchor: name(data.alias.anchor).unwrap_or_default(),
                },
                _ => Event::Other,
            };
            unsafe_libyaml::yaml_event_delete(event);
            Some((kind, at))
        }
    }
}

/// A copy of a NUL-terminated anchor name (`None` for a null pointer).
///
/// # Safety
///
/// `pointer` is null or points to a NUL-terminated string.
unsafe fn name(pointer: *const u8) -> Option<Box<[u8]>> {
    if pointer.is_null() {
        return None;
    }
    // SAFETY: as the caller promises.
    let name = unsafe { std::ffi::CStr::from_ptr(pointer.cast()) };
    Some(name.to_bytes().into())
}

impl Drop for Parser<'_> {
    fn drop(&mut self) {
        // SAFETY: `yaml_parser_initialize` ran in `new` (on its failure the
        // struct is zeroed, which `yaml_parser_delete` accepts as well:
        // every buffer is null). Deleting frees libyaml's buffers once.
        unsafe { unsafe_libyaml::yaml_parser_delete(self.sys.as_mut_ptr()) };
    }
}

#[cfg(test)]
mod tests {
    use super::check;

    const LIMIT: u64 = 4 << 20;

    #[test]
    fn real_files_pass() {
        // The built-in bank's files (rubric v2 nests claims in concepts) and
        // its concept library.
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut dirs = vec![root.join("rubrics"), root.join("library")];
        for theme in std::fs::read_dir(root.join("questions")).unwrap() {
            dirs.push(theme.unwrap().path());
        }
        let mut checked = 0;
        for dir in dirs {
            for file in std::fs::read_dir(dir).unwrap() {
                let path = file.unwrap().path();
                let text = std::fs::read_to_string(&path).unwrap();
                assert_eq!(check(&text, LIMIT), Ok(()), "{}", path.display());
                checked += 1;
            }
        }
        assert!(checked > 20, "{checked} files");
        let quoted = "a: \"[[[[\"\nb: it's [not\nc: '{{{{'\nd: x # [[[[\n";
        assert_eq!(check(quoted, LIMIT), Ok(()));
    }

    #[test]
    fn deep_flow_and_block_nesting_is_located() {
        let limit = super::MAX_NESTING;
        let flow = |n: usize| format!("a: {}1{}\n", "[".repeat(n), "]".repeat(n));
        // The mapping is one level: 63 brackets pass, the 64th is refused.
        assert_eq!(check(&flow(limit - 1), LIMIT), Ok(()));
        let refused = check(&flow(limit), LIMIT).unwrap_err();
        assert_eq!((refused.line, refused.column), (1, 3 + limit));
        assert!(refused.message.starts_with("nested deeper than 64 levels"));
        let block: String = (0..=limit)
            .map(|i| format!("{}k{i}:\n", " ".repeat(i)))
            .collect();
        let refused = check(&block, LIMIT).unwrap_err();
        assert_eq!((refused.line, refused.column), (limit + 1, limit + 1));
        // A block scalar's text is text.
        assert_eq!(check("a: |\n  'x [[[[\nb: [[[1]]]\n", LIMIT), Ok(()));
    }

    #[test]
    fn tags_anchors_and_misread_quotes_do_not_hide_brackets() {
        let n = super::MAX_NESTING + 1;
        for (open, close) in [
            ("! [", "]"),
            ("!!seq [", "]"),
            ("&a [", "]"),
            ("&a !t {k: ", "}"),
        ] {
            let text = format!("x: {}1{}\n", open.repeat(n), close.repeat(n));
            let refused = check(&text, LIMIT).unwrap_err();
            assert_eq!(refused.line, 1, "{open}");
            assert!(refused.message.starts_with("nested deeper"), "{open}");
        }
        // A continuation line of a plain scalar that starts with a quote
        // is no quoted string: the brackets after it still count.
        let text = format!("x: a\n  'b\ny: {}1{}\n", "[".repeat(n), "]".repeat(n));
        let refused = check(&text, LIMIT).unwrap_err();
        assert_eq!(refused.line, 3);
    }

    #[test]
    fn aliases_are_bounded_by_their_expanded_size() {
        let value = "x".repeat(1000);
        let refs = |n: usize| format!("a: &s {value}\nb: [{}]\n", vec!["*s"; n].join(", "));
        assert_eq!(check(&refs(100), 200_000), Ok(()));
        let refused = check(&refs(300), 200_000).unwrap_err();
        assert_eq!(refused.line, 2);
        assert!(
            refused
                .message
                .starts_with("its aliases expand it to more than 0.2 MB, the limit"),
            "{}",
            refused.message
        );
        // Nested anchors multiply: each level's size is computed once.
        let mut laughs = String::from("l0: &l0 [x, x, x, x, x, x, x, x, x, x]\n");
        for level in 1..30 {
            let below = format!("*l{}", level - 1);
            laughs.push_str(&format!(
                "l{level}: &l{level} [{}]\n",
                [below.as_str(); 10].join(", ")
            ));
        }
        let refused = check(&laughs, LIMIT).unwrap_err();
        assert!(
            refused.message.contains("more than 4 MB"),
            "{}",
            refused.message
        );
        // An alias inside the collection it names.
        let refused = check("a: &a [1, *a]\n", LIMIT).unwrap_err();
        assert!(refused
            .message
            .starts_with("alias *a refers to a collection that contains it"));
        // Without aliases, size is not this check's business.
        assert_eq!(check(&format!("a: {value}\n"), 10), Ok(()));
    }

    #[test]
    fn syntax_errors_are_left_to_the_deserializer() {
        assert_eq!(check("a: [1, 2\nb: {", LIMIT), Ok(()));
        assert_eq!(check("a: *missing\n", LIMIT), Ok(()));
        let error = super::from_str::<serde_norway::Value>("a: [1, 2\nb: {", LIMIT).unwrap_err();
        assert!(matches!(error, super::Error::Yaml(_)));
    }
}
