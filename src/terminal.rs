//! Human output never carries terminal control characters from untrusted
//! text (answer evidence, JSONL ids, file names, imported history, bank
//! titles): `ESC c` would reset the terminal, an OSC sequence would set its
//! title. Every control character but newline and tab becomes U+FFFD (`�`),
//! visible and inert. The one exception is colour: when colour is on, SGR
//! sequences (`ESC [ digits ; m`) pass, since they only style text.
//!
//! [`SafeWriter`] filters everything a human-facing command writes to
//! stdout; [`safe`] cleans one message for stderr. Both use [`ControlFilter`].

use std::borrow::Cow;
use std::io::Write;

const REPLACEMENT: &[u8] = "\u{FFFD}".as_bytes();

/// A streaming filter of UTF-8 bytes (sequences may be split across calls).
#[derive(Debug, Default)]
pub struct ControlFilter {
    /// Keep SGR colour sequences.
    keep_color: bool,
    /// Bytes held back: the start of an escape sequence, of a C1 character
    /// or of a bidirectional control.
    pending: Vec<u8>,
    /// Only spaces and tabs since the start of the line.
    line_start: bool,
    /// A `:` at the start of a line, held until the next byte shows whether
    /// it starts a workflow command (`::`).
    colon: bool,
}

impl ControlFilter {
    /// A filter that keeps colour sequences when `keep_color`.
    pub fn new(keep_color: bool) -> Self {
        ControlFilter {
            keep_color,
            pending: Vec::new(),
            line_start: true,
            colon: false,
        }
    }

    /// Filters `bytes` into `out`; an unfinished sequence at the end is
    /// held until the next call or [`ControlFilter::finish`].
    pub fn push(&mut self, bytes: &[u8], out: &mut Vec<u8>) {
        for &byte in bytes {
            if !self.pending.is_empty() {
                self.pending.push(byte);
                self.settle(out);
                continue;
            }
            if std::mem::take(&mut self.colon) {
                // `::` at the start of a line would be read as a workflow
                // command by a CI runner: its first colon is shown as `�`.
                out.extend_from_slice(if byte == b':' { REPLACEMENT } else { b":" });
                self.line_start = false;
            }
            match byte {
                b'\n' => {
                    out.push(byte);
                    self.line_start = true;
                    continue;
                }
                b' ' | b'\t' => {
                    out.push(byte);
                    continue;
                }
                b':' if self.line_start => {
                    self.colon = true;
                    continue;
                }
                _ => self.line_start = false,
            }
            match byte {
                0x1b if self.keep_color => self.pending.push(byte),
                // C1 controls are U+0080..U+009F: 0xC2 0x80..0x9F in UTF-8;
                // the bidirectional controls start with 0xE2.
                0xc2 | 0xe2 => self.pending.push(byte),
                0x00..=0x1f | 0x7f => out.extend_from_slice(REPLACEMENT),
                _ => out.push(byte),
            }
        }
    }

    /// Decides a held-back sequence once it is complete or cannot be one.
    fn settle(&mut self, out: &mut Vec<u8>) {
        let pending = &self.pending;
        if pending[0] == 0xc2 {
            if (0x80..=0x9f).contains(&pending[1]) {
                out.extend_from_slice(REPLACEMENT);
            } else {
                out.extend_from_slice(pending);
            }
            self.pending.clear();
            return;
        }
        if pending[0] == 0xe2 {
            if pending.len() < 3 && matches!(pending[1], 0x80 | 0x81) {
                return;
            }
            let bidi = std::str::from_utf8(pending)
                .ok()
                .and_then(|s| s.chars().next())
                .is_some_and(crate::escape::is_bidi_control);
            if bidi {
                out.extend_from_slice(REPLACEMENT);
                self.pending.clear();
            } else {
                // Not a bidirectional control: the bytes after the first are
                // filtered anew (one of them may start a sequence).
                let rest = self.pending.split_off(1);
                self.pending.clear();
                out.push(0xe2);
                self.push(&rest, out);
            }
            return;
        }
        // ESC: `ESC [ (digit | ;)* m` is colour; anything else is not.
        let last = *pending.last().expect("not empty");
        let body_ok = pending.len() == 2 && last == b'['
            || pending.len() > 2 && (last.is_ascii_digit() || last == b';' || last == b'm');
        if !body_ok || pending.len() > 32 {
            // Not colour: the ESC is replaced, the rest is filtered anew.
            let rest = self.pending.split_off(1);
            self.pending.clear();
            out.extend_from_slice(REPLACEMENT);
            self.push(&rest, out);
        } else if last == b'm' {
            out.extend_from_slice(&self.pending);
            self.pending.clear();
        }
    }

    /// Flushes what is held back (an unfinished sequence is not colour).
    pub fn finish(&mut self, out: &mut Vec<u8>) {
        if std::mem::take(&mut self.colon) {
            out.push(b':');
        }
        if self.pending.is_empty() {
            return;
        }
        let pending = std::mem::take(&mut self.pending);
        if pending[0] == 0x1b {
            out.extend_from_slice(REPLACEMENT);
            self.push(&pending[1..], out);
        } else {
            out.extend_from_slice(&pending);
        }
    }
}

/// Whether [`safe`] replaces `c`: a control character but newline and tab,
/// or a bidirectional control.
fn unsafe_char(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || crate::escape::is_bidi_control(c)
}

/// Whether a line would be read as a workflow command (`::name ...`) by the
/// GitHub Actions runner, which looks for one on stdout and stderr.
fn workflow_command(line: &str) -> bool {
    line.trim_start_matches([' ', '\t']).starts_with("::")
}

/// `text` with every control character but newline and tab, and every
/// bidirectional control, replaced by U+FFFD, and no line that starts a
/// workflow command (its first colon replaced); for messages on stderr and
/// other plain text.
pub fn safe(text: &str) -> Cow<'_, str> {
    if !text.chars().any(unsafe_char) && !text.split('\n').any(workflow_command) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for (index, mut line) in text.split('\n').enumerate() {
        if index > 0 {
            out.push('\n');
        }
        if workflow_command(line) {
            let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
            out.push_str(&line[..indent]);
            out.push('\u{FFFD}');
            line = &line[indent + 1..];
        }
        out.extend(
            line.chars()
                .map(|c| if unsafe_char(c) { '\u{FFFD}' } else { c }),
        );
    }
    Cow::Owned(out)
}

/// Prints `mock: <message>` on stderr, cleaned by [`safe`]. A closed or
/// full stderr is ignored: there is nowhere left to report it, and the
/// exit code still tells.
pub fn error_line(message: &str) {
    let _ = writeln!(std::io::stderr(), "mock: {}", safe(message));
}

/// A writer that passes everything through a [`ControlFilter`].
pub struct SafeWriter<'a> {
    inner: &'a mut dyn Write,
    filter: ControlFilter,
    buffer: Vec<u8>,
}

impl<'a> SafeWriter<'a> {
    /// Filters what is written into `inner`, keeping colour when `keep_color`.
    pub fn new(inner: &'a mut dyn Write, keep_color: bool) -> Self {
        SafeWriter {
            inner,
            filter: ControlFilter::new(keep_color),
            buffer: Vec::new(),
        }
    }
}

impl Write for SafeWriter<'_> {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.buffer.clear();
        self.filter.push(bytes, &mut self.buffer);
        self.inner.write_all(&self.buffer)?;
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.buffer.clear();
        self.filter.finish(&mut self.buffer);
        self.inner.write_all(&self.buffer)?;
        self.inner.flush()
    }
}

impl Drop for SafeWriter<'_> {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filtered(keep_color: bool, pieces: &[&[u8]]) -> String {
        let mut filter = ControlFilter::new(keep_color);
        let mut out = Vec::new();
        for piece in pieces {
            filter.push(piece, &mut out);
        }
        filter.finish(&mut out);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn control_characters_are_replaced_and_colour_kept() {
        let hostile = "a\x1bcb\x1b]0;title\x07c\rd\u{9b}e\u{e9}\n\tf".as_bytes();
        assert_eq!(
            filtered(false, &[hostile]),
            "a\u{FFFD}cb\u{FFFD}]0;title\u{FFFD}c\u{FFFD}d\u{FFFD}e\u{e9}\n\tf"
        );
        assert_eq!(filtered(true, &[hostile]), filtered(false, &[hostile]));
        assert_eq!(
            filtered(true, &[b"\x1b[1;32mok\x1b[0m"]),
            "\x1b[1;32mok\x1b[0m"
        );
        assert_eq!(filtered(false, &[b"\x1b[1mok"]), "\u{FFFD}[1mok");
        // Split anywhere, the result is the same.
        let split: Vec<&[u8]> = hostile.chunks(1).collect();
        assert_eq!(filtered(true, &split), filtered(true, &[hostile]));
        assert_eq!(
            filtered(true, &[b"\x1b[2J", b"\x1b["]),
            "\u{FFFD}[2J\u{FFFD}["
        );
        assert_eq!(safe("file\x1b[2J.md"), "file\u{FFFD}[2J.md");
        assert!(matches!(safe("plain é"), Cow::Borrowed(_)));
    }

    #[test]
    fn no_line_starts_a_workflow_command_and_bidi_controls_are_replaced() {
        let hostile = "a: x\n  ::error::forged\n::stop-commands::t\nk :: v\n:a\u{202E}b\u{2066}\u{2019}\u{e9}";
        let expected = "a: x\n  \u{FFFD}:error::forged\n\u{FFFD}:stop-commands::t\nk :: v\n:a\u{FFFD}b\u{FFFD}\u{2019}\u{e9}";
        assert_eq!(filtered(false, &[hostile.as_bytes()]), expected);
        let split: Vec<&[u8]> = hostile.as_bytes().chunks(1).collect();
        assert_eq!(filtered(true, &split), expected);
        assert_eq!(safe(hostile), expected);
        assert_eq!(filtered(false, &[b":"]), ":");
    }
}

/// `1 answer`, `2 answers`: a count with its noun, in the plural when the
/// count is not one (every noun mock counts takes an `s`).
pub fn plural(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

#[cfg(test)]
mod plural_tests {
    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        assert_eq!(super::plural(1, "input"), "1 input");
        assert_eq!(super::plural(0, "input"), "0 inputs");
        assert_eq!(
            super::plural(2, "threshold failure"),
            "2 threshold failures"
        );
    }
}
