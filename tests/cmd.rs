//! Golden CLI cases as files (`tests/cmd/*.toml`): each case runs the real
//! binary with its arguments and stdin and compares the exact exit code,
//! stdout and stderr, so a change in output is a reviewed diff. Regenerate
//! with `TRYCMD=overwrite cargo test --test cmd`.

#[test]
fn cli_cases() {
    trycmd::TestCases::new().case("tests/cmd/*.toml");
}
