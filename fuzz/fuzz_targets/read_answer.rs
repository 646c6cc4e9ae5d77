//! Fuzzes answer-file reading (BOM, front matter, UTF-8 checks).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(answer) = mock::input::parse_text("fuzz.md", data) {
        assert!(answer.text.len() <= data.len());
    }
});
