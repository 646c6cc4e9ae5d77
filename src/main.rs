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

/// Whether stdout was closed when `mock` started, as recorded by
/// [`RECORD_CLOSED_STDOUT`] before the Rust runtime put /dev/null in its
/// place. (Telling it afterwards from /proc mistook a /dev/null opened
/// read-write on purpose, as Python's `subprocess.DEVNULL` does, for a closed
/// stdout.)
fn stdout_was_closed() -> bool {
    STDOUT_CLOSED_AT_START.load(std::sync::atomic::Ordering::Relaxed)
}

static STDOUT_CLOSED_AT_START: std::sync::atomic::AtomicBool =
    std::sync::atomic::AtomicBool::new(false);

/// Runs from `.init_array`, before `main` and so before the Rust runtime
/// reopens closed standard descriptors: file descriptor 1 not being open
/// then is what `>&-` looks like.
#[cfg(target_os = "linux")]
#[used]
#[link_section = ".init_array"]
static RECORD_CLOSED_STDOUT: extern "C" fn() = {
    extern "C" fn record() {
        // SAFETY: F_GETFD only reads the descriptor's flags; it touches no
        // memory and is async-signal-safe.
        let closed = unsafe { libc::fcntl(1, libc::F_GETFD) } == -1;
        STDOUT_CLOSED_AT_START.store(closed, std::sync::atomic::Ordering::Relaxed);
    }
    record
};

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
