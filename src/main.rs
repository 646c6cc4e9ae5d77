//! The `mock` binary: parse arguments, run, print errors, exit with a code.

use clap::Parser;

fn main() {
    let cli = mock::cli::Cli::parse();
    let stdout = std::io::stdout();
    let code = match mock::commands::run(cli, &mut stdout.lock()) {
        Ok(code) => code,
        Err(error) if error.is_broken_pipe() => 0,
        Err(error) => {
            eprintln!("mock: {error}");
            error.exit_code()
        }
    };
    std::process::exit(code);
}
