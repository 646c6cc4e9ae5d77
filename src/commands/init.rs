//! `mock init`: scaffold a new bank.

use std::io::Write;

use crate::cli::InitArgs;
use crate::error::{Error, EXIT_OK};
use crate::scaffold;

/// Writes the new bank and says what to do next.
pub fn run(args: &InitArgs, out: &mut dyn Write) -> Result<i32, Error> {
    for path in scaffold::init(&args.dir, args.force)? {
        writeln!(out, "created {}", path.display())?;
    }
    let dir = args.dir.display();
    writeln!(
        out,
        "\nNext: mock --bank {dir} rubric check --strict && mock --bank {dir} rubric test"
    )?;
    Ok(EXIT_OK)
}
