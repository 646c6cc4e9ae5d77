//! Rebuild when the embedded bank changes: `include_dir!` does not tell
//! cargo which files it read, so edits to questions/, rubrics/ or library/ would
//! otherwise leave a stale bank in the binary.
fn main() {
    for dir in ["questions", "rubrics", "library", "src/scaffold"] {
        println!("cargo:rerun-if-changed={dir}");
    }
}
