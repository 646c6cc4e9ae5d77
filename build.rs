//! Rebuild when the embedded bank changes: `include_dir!` does not tell
//! cargo which files it read, so edits to questions/ or rubrics/ would
//! otherwise leave a stale bank in the binary.
fn main() {
    for dir in ["questions", "rubrics", "src/scaffold"] {
        println!("cargo:rerun-if-changed={dir}");
    }
}
