//! The `mock` binary: parse arguments, run, print errors, exit with a code.

use std::io::Write;

use clap::Parser;

// mimalloc: see docs/adr/0006-allocator.md (fewer instructions per
// allocation, and threads that free each other's memory without contention).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let cli = mock::cli::Cli::parse();
    // A closed stdout (`mock list >&-`): the Rust runtime opens /dev/null in
    // its place before `main`, so the output would be lost with exit code 0.
    // Writing anything to it is an error.
    let closed = stdout_was_closed();
    // Buffered: batch output is written result by result.
    let mut stdout = Counted {
        inner: std::io::BufWriter::new(std::io::stdout().lock()),
        bytes: 0,
    };
    let result = mock::commands::run(cli, &mut stdout);
    let flushed = stdout.flush();
    let code = match result {
        Ok(_) if closed && stdout.bytes > 0 => {
            mock::terminal::error_line("cannot write the output: standard output is closed");
            mock::error::EXIT_INPUT
        }
        Ok(code) => match flushed {
            // A reader that went away (`| head`): quiet, but not a success,
            // since the output was not all delivered.
            Err(error) if error.kind() == std::io::ErrorKind::BrokenPipe => mock::error::EXIT_INPUT,
            Err(error) => {
                mock::terminal::error_line(&format!("cannot write the output: {error}"));
                mock::error::EXIT_INPUT
            }
            Ok(()) => code,
        },
        Err(error) if error.is_broken_pipe() => mock::error::EXIT_INPUT,
        Err(error) => {
            mock::terminal::error_line(&error.to_string());
            error.exit_code()
        }
    };
    std::process::exit(code);
}

/// Whether stdout was closed when `mock` started. The Rust runtime then
/// opened /dev/null read-write in its place, which no shell redirection
/// does (`>/dev/null` opens it write-only); Linux tells both through /proc.
fn stdout_was_closed() -> bool {
    let null = std::fs::read_link("/proc/self/fd/1")
        .is_ok_and(|target| target == std::path::Path::new("/dev/null"));
    null && std::fs::read_to_string("/proc/self/fdinfo/1").is_ok_and(|info| {
        info.lines()
            .find_map(|line| line.strip_prefix("flags:"))
            .and_then(|flags| u32::from_str_radix(flags.trim(), 8).ok())
            // O_ACCMODE is 3, O_RDWR 2.
            .is_some_and(|flags| flags & 3 == 2)
    })
}

/// A writer that counts the bytes written through it.
struct Counted<W: Write> {
    inner: W,
    bytes: u64,
}

impl<W: Write> Write for Counted<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let written = self.inner.write(buf)?;
        self.bytes += written as u64;
        Ok(written)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}
