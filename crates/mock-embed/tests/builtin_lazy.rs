//! The embedded model is parsed on first use only (a test binary of its own,
//! so that no other test touches it first).

use std::time::Instant;

use mock_embed::StaticModel;

#[test]
fn builtin_is_parsed_on_first_use_only() {
    assert!(!StaticModel::builtin_is_loaded());
    let start = Instant::now();
    let model = StaticModel::builtin();
    let elapsed = start.elapsed();
    assert!(StaticModel::builtin_is_loaded());
    eprintln!(
        "builtin model {} parsed in {elapsed:?}",
        model.fingerprint()
    );
    let start = Instant::now();
    let again = StaticModel::builtin();
    assert!(std::ptr::eq(model, again));
    assert!(start.elapsed() < elapsed);
    assert!(StaticModel::try_builtin().is_ok());
}
