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
    /// Bytes held back: the start of an escape sequence or of a C1 character.
    pending: Vec<u8>,
}

impl ControlFilter {
    /// A filter that keeps colour sequences when `keep_color`.
    pub fn new(keep_color: bool) -> Self {
        ControlFilter {
            keep_color,
            pending: Vec::new(),
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
            match byte {
                b'\n' | b'\t' => out.push(byte),
                0x1b if self.keep_color => self.pending.push(byte),
                // C1 controls are U+0080..U+009F: 0xC2 0x80..0x9F in UTF-8.
                0xc2 => self.pending.push(byte),
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

/// `text` with every control character but newline and tab replaced by
/// U+FFFD; for messages on stderr and other plain text.
pub fn safe(text: &str) -> Cow<'_, str> {
    if !text
        .chars()
        .any(|c| c.is_control() && c != '\n' && c != '\t')
    {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| {
                if c.is_control() && c != '\n' && c != '\t' {
                    '\u{FFFD}'
                } else {
                    c
                }
            })
            .collect(),
    )
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
