//! Fuzzes scoring: arbitrary bytes (lossily decoded) scored against every
//! built-in rubric must never panic and must keep the score invariants.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use mock::Bank;

fn bank() -> &'static Bank {
    static BANK: OnceLock<Bank> = OnceLock::new();
    BANK.get_or_init(|| Bank::builtin().expect("the built-in bank loads"))
}

fuzz_target!(|data: &[u8]| {
    let answer = String::from_utf8_lossy(data);
    for entry in bank().entries() {
        let a = mock::score(entry, &answer);
        assert!((0.0..=100.0).contains(&a.score) && a.coverage >= a.score);
        for concept in &a.concepts {
            for e in &concept.evidence {
                assert_eq!(&answer[e.start..e.end], e.text);
            }
        }
    }
});
