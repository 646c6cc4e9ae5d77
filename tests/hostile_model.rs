//! Hostile input, round three (issue 29): crafted `--model` folders through
//! the binary. (The tokenizer's limits are tested in
//! `crates/mock-embed/tests/hostile.rs`.)

mod common;

use std::path::{Path, PathBuf};

use common::hostile::{mock, run, write, GOOD};

fn builtin_model() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/mock-embed/model")
}

/// A copy of the built-in model folder in `dir`, with `weights` as its
/// `model.safetensors` when given.
fn model_folder(dir: &Path, weights: Option<&[u8]>) -> PathBuf {
    std::fs::create_dir_all(dir).unwrap();
    for name in ["tokenizer.json", "config.json", "model.safetensors"] {
        std::fs::copy(builtin_model().join(name), dir.join(name)).unwrap();
    }
    if let Some(weights) = weights {
        std::fs::write(dir.join("model.safetensors"), weights).unwrap();
    }
    dir.to_owned()
}

/// The built-in `model.safetensors` with every embedding row cut to its
/// first `dims` values.
fn builtin_cut_to(dims: usize) -> Vec<u8> {
    let bytes = std::fs::read(builtin_model().join("model.safetensors")).unwrap();
    let n = u64::from_le_bytes(bytes[..8].try_into().unwrap()) as usize;
    let header: serde_json::Value = serde_json::from_slice(&bytes[8..8 + n]).unwrap();
    let data = &bytes[8 + n..];
    let range = |name: &str| {
        let offsets = &header[name]["data_offsets"];
        offsets[0].as_u64().unwrap() as usize..offsets[1].as_u64().unwrap() as usize
    };
    let rows = header["embeddings"]["shape"][0].as_u64().unwrap() as usize;
    let full = header["embeddings"]["shape"][1].as_u64().unwrap() as usize;
    let embeddings = &data[range("embeddings")];
    let cut: Vec<u8> = (0..rows)
        .flat_map(|r| embeddings[r * full..r * full + dims].iter().copied())
        .collect();
    let scales = &data[range("scales")];
    let header = format!(
        r#"{{"embeddings":{{"dtype":"I8","shape":[{rows},{dims}],"data_offsets":[0,{}]}},"scales":{{"dtype":"F32","shape":[{rows}],"data_offsets":[{},{}]}}}}"#,
        cut.len(),
        cut.len(),
        cut.len() + scales.len()
    );
    let mut out = (header.len() as u64).to_le_bytes().to_vec();
    out.extend_from_slice(header.as_bytes());
    out.extend_from_slice(&cut);
    out.extend_from_slice(scales);
    out
}

// 7. Model files are checked before they are read.

/// A 3 GB sparse `model.safetensors` cost 17 s and 3.2 GB before "invalid
/// JSON in header": it is over the 2 GB limit now, and a file within the
/// limit has only its header read.
#[test]
fn a_huge_broken_weights_file_is_refused_unread() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let answer = write(d, "a.md", GOOD);
    for (size, expected) in [
        (
            3u64 << 30,
            "model.safetensors: 3.0 GB is too large for this file (limit 2.0 GB)",
        ),
        (
            1_500 << 20,
            "model.safetensors: cannot parse: invalid header",
        ),
    ] {
        let model = model_folder(&d.join("model"), Some(&[100, 0, 0, 0, 0, 0, 0, 0]));
        std::fs::OpenOptions::new()
            .append(true)
            .open(model.join("model.safetensors"))
            .unwrap()
            .set_len(size)
            .unwrap();
        let args = ["--model", model.to_str().unwrap(), "score", answer.as_str()];
        let out = run(mock(d).args(args));
        assert_eq!(out.code, Some(2), "{}", out.stderr);
        assert!(out.stderr.contains(expected), "{}", out.stderr);
        if let Some(kb) = common::hostile::peak_kb(&args, d) {
            assert!(kb < 200_000, "peak {kb} KB");
        }
        if let Some(cpu) = common::hostile::cpu_seconds(&args, d, 60) {
            assert!(cpu < 2.0, "{cpu} s of CPU time");
        }
    }
}

// 8. Degenerate models.

/// A one-dimension model scored an off-topic answer 50 (its every pair of
/// texts is identical or opposite): refused, as any model under 16
/// dimensions is.
#[test]
fn a_model_of_too_few_dimensions_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let answer = write(d, "a.md", GOOD);
    for dims in [1, 8] {
        let model = model_folder(
            &d.join(format!("model-{dims}")),
            Some(&builtin_cut_to(dims)),
        );
        let out = run(mock(d).args(["--model", model.to_str().unwrap(), "score", &answer]));
        assert_eq!(out.code, Some(2), "{}", out.stderr);
        assert!(
            out.stderr.contains(&format!(
                "the model has {dims} dimension{}; at least 16 are needed",
                if dims == 1 { "" } else { "s" }
            )),
            "{}",
            out.stderr
        );
    }
}

/// Any model but the built-in one is used with a warning: the semantic
/// stage's thresholds were calibrated on the built-in model. A copy of the
/// built-in model is the built-in model.
#[test]
fn a_model_that_is_not_the_builtin_one_is_used_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let answer = write(d, "a.md", GOOD);
    let copy = model_folder(&d.join("copy"), None);
    let out = run(mock(d).args(["--model", copy.to_str().unwrap(), "score", &answer]));
    assert!(matches!(out.code, Some(0 | 1)), "{}", out.stderr);
    assert!(!out.stderr.contains("warning"), "{}", out.stderr);
    let other = model_folder(&d.join("other"), Some(&builtin_cut_to(64)));
    let out = run(mock(d).args(["--model", other.to_str().unwrap(), "score", &answer]));
    assert!(matches!(out.code, Some(0 | 1)), "{}", out.stderr);
    assert!(
        out.stderr.contains("warning: --model ")
            && out.stderr.contains("no calibration.json for model ")
            && out.stderr.contains(
                "using the default similarity thresholds, calibrated for the built-in model"
            ),
        "{}",
        out.stderr
    );
}

// Low: errors name `MOCK_MODEL` when that is how the model was chosen.

#[test]
fn model_errors_name_the_variable_that_chose_the_model() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let answer = write(d, "a.md", GOOD);
    let missing = d.join("no-model");
    let out = run(mock(d).env("MOCK_MODEL", &missing).args(["score", &answer]));
    assert_eq!(out.code, Some(2), "{}", out.stderr);
    assert!(
        out.stderr.starts_with("mock: MOCK_MODEL: cannot read "),
        "{}",
        out.stderr
    );
    let out = run(mock(d).args(["--model", missing.to_str().unwrap(), "score", &answer]));
    assert!(
        out.stderr.starts_with("mock: --model: cannot read "),
        "{}",
        out.stderr
    );
}
