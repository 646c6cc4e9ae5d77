//! Reading answers: files with YAML front matter, JSONL records, stdin, and
//! folders of answer files.
//!
//! An answer file may start with YAML front matter that names its question:
//!
//! ```text
//! ---
//! question: data-consistency
//! ---
//! My guiding rule is ...
//! ```
//!
//! The front matter is blanked out (replaced by spaces, newlines kept) rather
//! than cut off, so byte offsets, lines and columns in the feedback point at
//! the right place in the *file*.

use std::io::{BufRead, Read};
use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::error::AnswerError;

/// One answer to score.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// Where it came from: a path, `-`, or `file.jsonl:LINE`.
    pub source: String,
    /// The question id from the front matter or the record, if any.
    pub question: Option<String>,
    /// An optional label from a JSONL record's `id`.
    pub label: Option<String>,
    /// The answer text (front matter blanked out).
    pub text: String,
}

/// Extensions of answer files found when walking a folder.
const ANSWER_EXTENSIONS: &[&str] = &["md", "markdown", "txt"];

/// An input named on the command line, expanded into the files to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputFile {
    /// Standard input.
    Stdin,
    /// An answer file (text or Markdown).
    Text(PathBuf),
    /// A JSONL file with one answer record per line.
    Jsonl(PathBuf),
}

/// Expands command-line paths into input files, in order: folders are walked
/// recursively (sorted by name) for `.md`, `.markdown` and `.txt` files,
/// leaving out `exclude` (a report being written into the folder).
/// Unreadable folders are reported as errors in place, so a batch goes on;
/// so is a folder without any answer file, which is a mistake (a wrong path
/// in a CI gate would otherwise pass with nothing scored).
///
/// The walk stays in the named folder: a link to a file or a folder outside
/// it (`answers/link -> /usr`, or to a key) is an error in place and is not
/// followed, and a link back to a folder being walked is a loop, reported
/// once. Links that stay inside are followed.
pub fn expand(paths: &[PathBuf], exclude: Option<&Path>) -> Vec<Result<InputFile, AnswerError>> {
    let excluded = exclude.and_then(|p| p.canonicalize().ok());
    let mut files = Vec::new();
    for path in paths {
        if path.as_os_str() == "-" {
            files.push(Ok(InputFile::Stdin));
        } else if path.is_dir() {
            let before = files.len();
            walk(path, excluded.as_deref(), &mut files);
            if files.len() == before {
                files.push(Err(AnswerError::NoAnswers {
                    path: path.display().to_string(),
                }));
            }
        } else if has_extension(path, &["jsonl"]) {
            files.push(Ok(InputFile::Jsonl(path.clone())));
        } else {
            files.push(Ok(InputFile::Text(path.clone())));
        }
    }
    files
}

/// The answer files of the folder `root`, in name order, into `files`.
fn walk(root: &Path, excluded: Option<&Path>, files: &mut Vec<Result<InputFile, AnswerError>>) {
    let real_root = match root.canonicalize() {
        Ok(real) => real,
        Err(source) => {
            files.push(Err(AnswerError::Io {
                path: root.display().to_string(),
                source,
            }));
            return;
        }
    };
    // Links out of the folder, found while pruning them from the walk.
    let outside = std::cell::RefCell::new(Vec::new());
    let walker = walkdir::WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| {
            if entry.depth() == 0 || !entry.path_is_symlink() {
                return true;
            }
            let inside = entry
                .path()
                .canonicalize()
                .is_ok_and(|real| real.starts_with(&real_root));
            // Only what would be read or walked: another file is no answer.
            let relevant =
                entry.file_type().is_dir() || has_extension(entry.path(), ANSWER_EXTENSIONS);
            if !inside && relevant {
                outside.borrow_mut().push(AnswerError::OutsideFolder {
                    path: entry.path().display().to_string(),
                    folder: root.display().to_string(),
                });
            }
            inside
        });
    for item in walker {
        // Links pruned so far are reported in name order, where they were.
        files.extend(outside.borrow_mut().drain(..).map(Err));
        match item {
            Ok(item)
                if item.file_type().is_file() && has_extension(item.path(), ANSWER_EXTENSIONS) =>
            {
                if excluded.is_some() && item.path().canonicalize().ok().as_deref() == excluded {
                    continue;
                }
                files.push(Ok(InputFile::Text(item.into_path())));
            }
            Ok(_) => {}
            Err(error) => {
                let loop_found = error.loop_ancestor().is_some();
                files.push(Err(AnswerError::Io {
                    path: error.path().unwrap_or(root).display().to_string(),
                    source: if loop_found {
                        std::io::Error::other(
                            "a link back to a folder above it (a loop); not followed",
                        )
                    } else {
                        error
                            .into_io_error()
                            .unwrap_or_else(|| std::io::Error::other("cannot be walked"))
                    },
                }));
            }
        }
    }
    files.extend(outside.borrow_mut().drain(..).map(Err));
}

fn has_extension(path: &Path, extensions: &[&str]) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| extensions.iter().any(|x| e.eq_ignore_ascii_case(x)))
}

/// Reads the answers of one input file lazily: a JSONL file is read line by
/// line, so a batch of any size holds only the answers being scored.
pub fn read_lazily(file: &InputFile) -> Box<dyn Iterator<Item = Result<Answer, AnswerError>>> {
    let InputFile::Jsonl(path) = file else {
        return Box::new(read(file).into_iter());
    };
    let source = path.display().to_string();
    match std::fs::File::open(path) {
        Err(error) => Box::new(std::iter::once(Err(AnswerError::Io {
            path: source,
            source: error,
        }))),
        Ok(handle) => {
            let mut reader = std::io::BufReader::new(handle);
            let mut number = 0usize;
            Box::new(std::iter::from_fn(move || loop {
                let mut bytes = Vec::new();
                number += 1;
                // A record holds at most the answer limit; a longer line is
                // skipped without being held in memory.
                let read = match read_line_bounded(&mut reader, &mut bytes, MAX_ANSWER_BYTES) {
                    Ok(read) => read,
                    Err(error) => {
                        return Some(Err(AnswerError::Io {
                            path: source.clone(),
                            source: error,
                        }))
                    }
                };
                match read {
                    Line::End => return None,
                    Line::TooLong => {
                        return Some(Err(AnswerError::TooLarge {
                            path: format!("{source}:{number}"),
                            megabytes: None,
                            limit: MAX_ANSWER_MB,
                        }))
                    }
                    Line::Read => {}
                }
                let line = match String::from_utf8(bytes) {
                    Ok(line) => line,
                    Err(e) => {
                        let message =
                            format!("not valid UTF-8 (byte {})", e.utf8_error().valid_up_to());
                        return Some(Err(AnswerError::Jsonl {
                            path: source.clone(),
                            line: number,
                            message,
                        }));
                    }
                };
                let line = if number == 1 {
                    line.trim_start_matches('\u{feff}').to_owned()
                } else {
                    line
                };
                if !line.trim().is_empty() {
                    return Some(parse_record(&source, number, &line));
                }
            }))
        }
    }
}

/// Reads the answers of one input file. A text file gives one answer; a JSONL
/// file gives one per non-blank line, and a bad line is an error in place.
pub fn read(file: &InputFile) -> Vec<Result<Answer, AnswerError>> {
    match file {
        InputFile::Stdin => vec![read_bounded("-", std::io::stdin().lock(), None)],
        InputFile::Text(path) => vec![read_text(path)],
        InputFile::Jsonl(_) => read_lazily(file).collect(),
    }
}

/// Reads one text answer file (front matter and body).
pub fn read_text(path: &Path) -> Result<Answer, AnswerError> {
    let source = path.display().to_string();
    let opened = std::fs::File::open(path).and_then(|file| {
        let size = file.metadata()?.len();
        Ok((file, size))
    });
    match opened {
        Ok((file, size)) => read_bounded(&source, file, Some(size)),
        Err(error) => Err(AnswerError::Io {
            path: source,
            source: error,
        }),
    }
}

/// Reads an answer of at most [`MAX_ANSWER_MB`] from `reader` (a file of
/// `size` bytes, or a stream of unknown size): never more than the limit
/// plus one byte is read, so a device or a pipe without end is refused
/// instead of filling memory.
fn read_bounded(source: &str, reader: impl Read, size: Option<u64>) -> Result<Answer, AnswerError> {
    let mut bytes = Vec::new();
    let read = reader
        .take(MAX_ANSWER_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|error| AnswerError::Io {
            path: source.to_owned(),
            source: error,
        });
    read?;
    if bytes.len() as u64 > MAX_ANSWER_BYTES {
        // A regular file's size is known; a stream's is not.
        let megabytes = size
            .filter(|&s| s > MAX_ANSWER_BYTES)
            .map(|s| s as f64 / f64::from(1 << 20));
        return Err(AnswerError::TooLarge {
            path: source.to_owned(),
            megabytes,
            limit: MAX_ANSWER_MB,
        });
    }
    parse_text(source, &bytes)
}

/// What [`read_line_bounded`] found.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Line {
    /// A line (with its newline, unless it is the last).
    Read,
    /// The end of the input: nothing was read.
    End,
    /// A line longer than the limit, skipped up to and including its newline.
    TooLong,
}

/// Reads one line into `bytes` (cleared first), holding at most `limit`
/// bytes of it: a longer line is skipped to its end and reported as
/// [`Line::TooLong`], so no line of any length fills memory.
pub fn read_line_bounded(
    reader: &mut dyn BufRead,
    bytes: &mut Vec<u8>,
    limit: u64,
) -> std::io::Result<Line> {
    bytes.clear();
    let read = (&mut *reader).take(limit + 1).read_until(b'\n', bytes)?;
    if read == 0 {
        return Ok(Line::End);
    }
    if bytes.len() as u64 > limit {
        let ended = bytes.ends_with(b"\n");
        bytes.clear();
        if !ended {
            reader.skip_until(b'\n')?;
        }
        return Ok(Line::TooLong);
    }
    Ok(Line::Read)
}

/// Decodes bytes as UTF-8 text, dropping a byte-order mark.
pub fn decode(source: &str, bytes: &[u8]) -> Result<String, AnswerError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.contains(&0) {
        return Err(AnswerError::FrontMatter {
            path: source.to_owned(),
            message: "looks like a binary file (contains NUL bytes), not an answer".into(),
        });
    }
    String::from_utf8(bytes.to_vec()).map_err(|e| AnswerError::NotUtf8 {
        path: source.to_owned(),
        offset: e.utf8_error().valid_up_to(),
    })
}

/// Largest answer file accepted, in megabytes: 2.5 million words, far beyond
/// any real answer. Analysis holds about 100 bytes per word, so the worst
/// case (one-letter words, measured by `bench/adversarial/run`) stays near
/// 1.5 GB instead of growing without bound.
pub const MAX_ANSWER_MB: u64 = 16;

/// [`MAX_ANSWER_MB`] in bytes.
pub const MAX_ANSWER_BYTES: u64 = MAX_ANSWER_MB << 20;

/// Parses an answer file's bytes: decoding, then front matter. An answer
/// with no text is an error ([`AnswerError::Empty`]).
pub fn parse_text(source: &str, bytes: &[u8]) -> Result<Answer, AnswerError> {
    crate::guard::injected_fault(bytes);
    if bytes.len() as u64 > MAX_ANSWER_BYTES {
        return Err(AnswerError::TooLarge {
            path: source.to_owned(),
            megabytes: Some(bytes.len() as f64 / f64::from(1 << 20)),
            limit: MAX_ANSWER_MB,
        });
    }
    let text = decode(source, bytes)?;
    let (question, text) = split_front_matter(source, text)?;
    if text.trim().is_empty() {
        return Err(AnswerError::Empty {
            path: source.to_owned(),
        });
    }
    Ok(Answer {
        source: source.to_owned(),
        question,
        label: None,
        text,
    })
}

/// The id of front matter that is exactly one `question: <slug>` line, the
/// shape `mock` itself writes, read without a YAML parser (a fifth of the cost
/// of reading an answer file). Anything else, including ids that YAML would
/// read as another type, goes to the parser.
fn plain_question_line(yaml: &str) -> Option<&str> {
    let id = yaml.trim().strip_prefix("question:")?.trim();
    let slug = id.starts_with(|c: char| c.is_ascii_lowercase())
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_');
    let yaml_word = matches!(
        id,
        "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n"
    );
    (slug && !yaml_word).then_some(id)
}

#[derive(Deserialize)]
struct FrontMatter {
    question: Option<String>,
}

/// Finds YAML front matter at the start of `text`, reads its `question`, and
/// blanks it out. Other keys are allowed and ignored.
fn split_front_matter(
    source: &str,
    mut text: String,
) -> Result<(Option<String>, String), AnswerError> {
    let first_line_end = text.find('\n').unwrap_or(text.len());
    if text[..first_line_end].trim_end() != "---" {
        return Ok((None, text));
    }
    let mut offset = first_line_end + 1;
    let mut close = None;
    for line in text.get(offset..).unwrap_or_default().split_inclusive('\n') {
        if matches!(line.trim_end(), "---" | "...") {
            close = Some((offset, offset + line.len()));
            break;
        }
        offset += line.len();
    }
    let Some((yaml_end, block_end)) = close else {
        return Err(AnswerError::FrontMatter {
            path: source.to_owned(),
            message: "front matter starts with `---` on line 1 but is never closed by a `---` line"
                .into(),
        });
    };
    let yaml = &text[first_line_end + 1..yaml_end];
    let question = if yaml.trim().is_empty() {
        None
    } else if let Some(id) = plain_question_line(yaml) {
        Some(id.to_owned())
    } else {
        let front: FrontMatter =
            crate::yaml::from_str(yaml, MAX_ANSWER_BYTES).map_err(|error| match error {
                // The YAML starts on line 2 of the file.
                crate::yaml::Error::Refused(refusal) => AnswerError::FrontMatter {
                    path: format!("{source}:{}:{}", refusal.line + 1, refusal.column),
                    message: format!("front matter {}", refusal.message),
                },
                crate::yaml::Error::Yaml(e) => {
                    let line = e.location().map_or(2, |l| l.line() + 1);
                    AnswerError::FrontMatter {
                        path: format!("{source}:{line}"),
                        message: format!("front matter is not valid YAML: {e}"),
                    }
                }
            })?;
        front.question
    };
    // Each character becomes as many spaces as it has bytes (newlines kept),
    // so every later offset, line and column stays where it was, whatever
    // the size of the front matter.
    let mut blanked = String::with_capacity(block_end);
    for c in text[..block_end].chars() {
        match c {
            '\n' | '\r' => blanked.push(c),
            c => blanked.extend(std::iter::repeat_n(' ', c.len_utf8())),
        }
    }
    text.replace_range(..block_end, &blanked);
    Ok((
        question
            .map(|q| q.trim().to_owned())
            .filter(|q| !q.is_empty()),
        text,
    ))
}

#[derive(Deserialize)]
struct Record {
    question: String,
    answer: String,
    id: Option<String>,
}

#[cfg(test)]
fn parse_jsonl(source: &str, text: &str) -> Vec<Result<Answer, AnswerError>> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .map(|(index, line)| parse_record(source, index + 1, line))
        .collect()
}

/// Parses line `number` of a JSONL file.
fn parse_record(source: &str, number: usize, line: &str) -> Result<Answer, AnswerError> {
    let record: Record = serde_json::from_str(line).map_err(|e| AnswerError::Jsonl {
        path: source.to_owned(),
        line: number,
        message: format!("not an answer record ({{\"question\", \"answer\", \"id\"}}): {e}"),
    })?;
    Ok(Answer {
        source: format!("{source}:{number}"),
        question: Some(record.question),
        label: record.id,
        text: record.answer,
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_plain_question_line_agrees_with_yaml() {
        for yaml in [
            "question: cloud-native",
            "  question:   adr_process2 ",
            "question: true",
            "question: null",
            "question: 'quoted'",
            "question: Cloud",
            "question: a # comment",
            "title: x\nquestion: cloud-native",
            "question: 12",
        ] {
            let parsed: Option<super::FrontMatter> = serde_norway::from_str(yaml).ok();
            if let Some(fast) = super::plain_question_line(yaml) {
                let parsed = parsed.and_then(|f| f.question);
                assert_eq!(Some(fast), parsed.as_deref(), "{yaml}");
            }
        }
        assert_eq!(
            super::plain_question_line("question: cloud-native"),
            Some("cloud-native")
        );
        assert_eq!(super::plain_question_line("question: true"), None);
        assert_eq!(super::plain_question_line("title: x\nquestion: y"), None);
    }

    use super::*;

    #[test]
    fn front_matter_is_read_and_blanked() {
        let answer =
            parse_text("a.md", b"---\nquestion: adr-process\n---\nWe write ADRs.").unwrap();
        assert_eq!(answer.question.as_deref(), Some("adr-process"));
        assert_eq!(
            answer.text.len(),
            "---\nquestion: adr-process\n---\nWe write ADRs.".len()
        );
        assert_eq!(answer.text.trim(), "We write ADRs.");
        assert_eq!(answer.text.lines().count(), 4);
    }

    #[test]
    fn non_ascii_front_matter_keeps_offsets() {
        let raw = "---\ntitle: café ☕\nquestion: q\n---\nOutbox.";
        let answer = parse_text("a.md", raw.as_bytes()).unwrap();
        assert_eq!(answer.text.len(), raw.len());
        assert_eq!(&answer.text[raw.find("Outbox").unwrap()..], "Outbox.");
    }

    #[test]
    fn files_without_front_matter_keep_their_text() {
        let answer = parse_text("a.txt", "\u{feff}Just text\r\n".as_bytes()).unwrap();
        assert_eq!(answer.question, None);
        assert_eq!(answer.text, "Just text\r\n");
    }

    #[test]
    fn broken_inputs_are_clear_errors() {
        let open = parse_text("a.md", b"---\nquestion: x\nno end").unwrap_err();
        assert!(open.to_string().contains("never closed"), "{open}");
        let binary = parse_text("a.bin", b"\x00\x01").unwrap_err();
        assert!(binary.to_string().contains("binary"), "{binary}");
        let latin1 = parse_text("a.txt", b"caf\xe9").unwrap_err();
        assert_eq!(
            latin1.to_string(),
            "a.txt: not valid UTF-8 text (byte 3); save the answer as UTF-8"
        );
    }

    #[test]
    fn long_lines_are_skipped_without_being_held() {
        let mut reader = std::io::Cursor::new(b"short\nmuch too long\nend".to_vec());
        let mut bytes = Vec::new();
        let mut lines = Vec::new();
        loop {
            match read_line_bounded(&mut reader, &mut bytes, 8).unwrap() {
                Line::End => break,
                Line::TooLong => lines.push("(too long)".to_owned()),
                Line::Read => lines.push(String::from_utf8(bytes.clone()).unwrap()),
            }
        }
        assert_eq!(lines, ["short\n", "(too long)", "end"]);
    }

    #[test]
    fn jsonl_lines_are_records_and_bad_lines_are_errors_in_place() {
        let results = parse_jsonl(
            "a.jsonl",
            "{\"question\":\"q\",\"answer\":\"x\",\"id\":\"n1\"}\n\nnot json\n",
        );
        assert_eq!(results.len(), 2);
        let first = results[0].as_ref().unwrap();
        assert_eq!(
            (first.source.as_str(), first.label.as_deref()),
            ("a.jsonl:1", Some("n1"))
        );
        assert!(results[1]
            .as_ref()
            .unwrap_err()
            .to_string()
            .starts_with("a.jsonl:3: "));
    }
}
