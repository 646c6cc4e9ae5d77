//! The `mock` binary: parse arguments, run, print errors, exit with a code.

use std::io::Write;

use clap::Parser;

// mimalloc: see docs/adr/0006-allocator.md (fewer instructions per
// allocation, and threads that free each other's memory without contention).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let cli = mock::cli::Cli::parse();
    // Buffered: batch output is written result by result.
    let mut stdout = std::io::BufWriter::new(std::io::stdout().lock());
    let result = mock::commands::run(cli, &mut stdout);
    let flushed = stdout.flush();
    let code = match result {
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
