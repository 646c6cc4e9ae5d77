//! The sentence encoder of the semantic stage, with its calibration: the
//! static model embedded in the binary (`crates/mock-embed`), or one the
//! user names with `--model DIR` (`MOCK_MODEL`), a folder in the Model2Vec
//! layout (`tokenizer.json`, `model.safetensors`, optional `config.json`)
//! that may bring its thresholds in `calibration.json`, or a BERT sentence
//! transformer in the Hugging Face layout (`config.json` with `model_type:
//! "bert"`, `tokenizer.json`, `model.safetensors`), such as the
//! all-MiniLM-L6-v2 folder `scripts/fetch-minilm` writes (ADR 0016).
//!
//! The engine sees the model only through its `Encoder` trait; this is the
//! adapter. The thresholds are looked up by the model's fingerprint: the
//! built-in model's are the engine's documented defaults
//! ([`Calibration::DEFAULT`]); another model's come from its folder's
//! `calibration.json`, whose `fingerprint` must be the model's. A model
//! without one gets the defaults and a warning, since thresholds measured
//! on one model mean little on another (ADR 0013).

use std::path::Path;
use std::sync::Arc;

use mock_embed::StaticModel;
use mock_engine::semantic::Encoder;
use mock_engine::Calibration;
use serde::Deserialize;

use crate::error::Error;

/// The fingerprint of the model embedded in the binary. A test checks it
/// against the model's files: a new model needs a new calibration.
pub const BUILTIN_FINGERPRINT: &str = "all-minilm-l6-v2-m2v-256:48abe7137566";

/// The file in a `--model` folder that holds the model's calibration.
pub const CALIBRATION_FILE: &str = "calibration.json";

/// Calibrations known by encoder fingerprint.
const KNOWN: &[(&str, Calibration)] = &[(BUILTIN_FINGERPRINT, Calibration::DEFAULT)];

/// The thresholds calibrated for the encoder with `fingerprint`, if known.
pub fn known_calibration(fingerprint: &str) -> Option<Calibration> {
    KNOWN
        .iter()
        .find(|(known, _)| *known == fingerprint)
        .map(|(_, calibration)| *calibration)
}

/// `calibration.json`: the thresholds, and the fingerprint of the model
/// they were measured with.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CalibrationFile {
    /// The fingerprint of the model (as `mock explain` and JSON `model` show it).
    fingerprint: String,
    /// The thresholds; any left out keep their defaults.
    thresholds: Calibration,
}

/// A static model as an [`Encoder`].
#[derive(Debug)]
struct StaticEncoder {
    model: Model,
    calibration: Calibration,
}

#[derive(Debug)]
enum Model {
    /// The embedded model, parsed only when something is encoded.
    Builtin,
    /// A model loaded at run time; it lives as long as the process.
    Loaded(&'static StaticModel),
}

impl Encoder for StaticEncoder {
    fn encode(&self, text: &str) -> Vec<f32> {
        match self.model {
            Model::Builtin => StaticModel::builtin().embed(text).into_vec(),
            Model::Loaded(model) => model.embed(text).into_vec(),
        }
    }

    fn fingerprint(&self) -> String {
        match self.model {
            // Hashing the 8 MB of weights would cost every run 0.1 s.
            Model::Builtin => BUILTIN_FINGERPRINT.to_owned(),
            Model::Loaded(model) => model.fingerprint().to_owned(),
        }
    }

    fn calibration(&self) -> Calibration {
        self.calibration
    }
}

/// A BERT sentence transformer ([`mock_embed::Transformer`]) as an
/// [`Encoder`]: each text through the whole network, mean-pooled and
/// normalised.
#[derive(Debug)]
struct TransformerEncoder {
    model: mock_embed::Transformer,
    calibration: Calibration,
}

impl Encoder for TransformerEncoder {
    fn encode(&self, text: &str) -> Vec<f32> {
        self.model.embed(text).into_vec()
    }

    fn fingerprint(&self) -> String {
        self.model.fingerprint().to_owned()
    }

    fn calibration(&self) -> Calibration {
        self.calibration
    }
}

/// Whether `dir` holds a transformer rather than a static model: its
/// `config.json` describes a BERT encoder.
pub fn is_transformer_dir(dir: &Path) -> bool {
    std::fs::read(dir.join("config.json"))
        .is_ok_and(|bytes| mock_embed::Transformer::is_transformer_config(&bytes))
}

/// The embedded model, parsed only when a question is first scored.
pub fn builtin_encoder() -> Arc<dyn Encoder> {
    Arc::new(StaticEncoder {
        model: Model::Builtin,
        calibration: Calibration::DEFAULT,
    })
}

/// An encoder and what the user should know about it.
pub struct Chosen {
    /// The encoder; `None` scores lexically only.
    pub encoder: Option<Arc<dyn Encoder>>,
    /// A warning for stderr: a model without a calibration of its own.
    pub warning: Option<String>,
}

impl Chosen {
    /// The encoder, once the warning (if any) is on stderr.
    pub fn warned(self) -> Option<Arc<dyn Encoder>> {
        if let Some(warning) = &self.warning {
            crate::terminal::error_line(warning);
        }
        self.encoder
    }
}

/// Fewest dimensions a model may have: with fewer, unrelated texts come out
/// close (with one dimension every pair of texts is identical or opposite:
/// an off-topic answer scored 50 instead of 0).
pub const MIN_DIMS: usize = 16;

/// How the model folder was named: the flag, or the environment variable
/// (errors name the one the user set).
fn named_by(dir: &Path) -> &'static str {
    let flag = std::env::args_os().any(|a| {
        let a = a.to_string_lossy();
        a == "--model" || a.starts_with("--model=")
    });
    let from_env = std::env::var_os("MOCK_MODEL").is_some_and(|v| Path::new(&v) == dir);
    if from_env && !flag {
        "MOCK_MODEL"
    } else {
        "--model"
    }
}

/// The model in `dir` with its calibration, loaded now so that a missing,
/// truncated or mismatched file is one clear error (exit 2) before any
/// answer is scored. A model with fewer than [`MIN_DIMS`] dimensions is
/// refused.
pub fn load(dir: &Path) -> Result<Chosen, Error> {
    let name = named_by(dir);
    let shown = crate::escape::path(&dir.join(""));
    let usage = |e: mock_embed::ModelError| match e {
        mock_embed::ModelError::Io { .. } | mock_embed::ModelError::TooLarge { .. } => {
            Error::Usage(format!("{name}: {}", crate::escape::inline(&e.to_string())))
        }
        other => Error::Usage(format!("{name} {shown}: {other}")),
    };
    if is_transformer_dir(dir) {
        let model = mock_embed::Transformer::from_dir(dir).map_err(usage)?;
        let (calibration, warning) = calibration_for(dir, model.fingerprint())?;
        return Ok(Chosen {
            encoder: Some(Arc::new(TransformerEncoder { model, calibration })),
            warning,
        });
    }
    let model = StaticModel::from_dir(dir).map_err(usage)?;
    if model.dims() < MIN_DIMS {
        return Err(Error::Usage(format!(
            "{name} {shown}: the model has {} dimension{}; at least {MIN_DIMS} are needed for its similarities to mean anything",
            model.dims(),
            if model.dims() == 1 { "" } else { "s" }
        )));
    }
    let fingerprint = model.fingerprint().to_owned();
    let (calibration, warning) = calibration_for(dir, &fingerprint)?;
    let encoder = StaticEncoder {
        model: Model::Loaded(Box::leak(Box::new(model))),
        calibration,
    };
    Ok(Chosen {
        encoder: Some(Arc::new(encoder)),
        warning,
    })
}

/// The calibration of the model with `fingerprint` in `dir`: its
/// `calibration.json`, else the known one, else the defaults with a warning.
fn calibration_for(dir: &Path, fingerprint: &str) -> Result<(Calibration, Option<String>), Error> {
    let path = dir.join(CALIBRATION_FILE);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Ok(match known_calibration(fingerprint) {
                Some(known) => (known, None),
                None => (Calibration::DEFAULT, Some(uncalibrated(dir, fingerprint))),
            });
        }
        Err(e) => return Err(Error::Usage(format!("--model: {}: {e}", path.display()))),
    };
    let invalid = |message: String| Error::Usage(format!("--model: {}: {message}", path.display()));
    let file: CalibrationFile =
        serde_json::from_str(&text).map_err(|e| invalid(format!("not a calibration: {e}")))?;
    if file.fingerprint != fingerprint {
        return Err(invalid(format!(
            "calibrated for model {:?}, not for this folder's model {fingerprint:?}",
            file.fingerprint
        )));
    }
    let problems = file.thresholds.problems();
    if !problems.is_empty() {
        return Err(invalid(problems.join("; ")));
    }
    Ok((file.thresholds, None))
}

fn uncalibrated(dir: &Path, fingerprint: &str) -> String {
    format!(
        "warning: --model {}: no {CALIBRATION_FILE} for model {fingerprint}; using the default similarity thresholds, calibrated for the built-in model (see README, \"How scoring works\"), which may judge this model's similarities wrongly",
        dir.join("").display()
    )
}

/// The encoder the settings ask for: none with `--lexical-only`, the model
/// in `--model DIR`, else the embedded one.
pub fn choose(lexical_only: bool, dir: Option<&Path>) -> Result<Chosen, Error> {
    match (lexical_only, dir) {
        (true, _) => Ok(Chosen {
            encoder: None,
            warning: None,
        }),
        (false, Some(dir)) => load(dir),
        (false, None) => Ok(Chosen {
            encoder: Some(builtin_encoder()),
            warning: None,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_fingerprint_is_the_embedded_models_and_it_is_calibrated() {
        assert_eq!(StaticModel::builtin().fingerprint(), BUILTIN_FINGERPRINT);
        assert_eq!(builtin_encoder().fingerprint(), BUILTIN_FINGERPRINT);
        assert_eq!(
            known_calibration(BUILTIN_FINGERPRINT),
            Some(Calibration::DEFAULT)
        );
        assert_eq!(
            known_calibration("potion-base-8m-m2v-256:000000000000"),
            None
        );
    }

    #[test]
    fn a_calibration_file_must_name_its_model_and_hold_valid_thresholds() {
        let dir = tempfile::tempdir().unwrap();
        let write = |text: &str| std::fs::write(dir.path().join(CALIBRATION_FILE), text).unwrap();
        let fp = "other-m2v-256:0123456789ab";
        // No file: the defaults, with a warning for an unknown model only.
        let (calibration, warning) = calibration_for(dir.path(), fp).unwrap();
        assert_eq!(calibration, Calibration::DEFAULT);
        assert!(warning
            .unwrap()
            .contains("no calibration.json for model other-m2v-256"));
        assert!(calibration_for(dir.path(), BUILTIN_FINGERPRINT)
            .unwrap()
            .1
            .is_none());
        // A file for this model: its thresholds, the others by default.
        write(&format!(
            r#"{{"fingerprint": "{fp}", "thresholds": {{"claim": 0.5}}}}"#
        ));
        let (calibration, warning) = calibration_for(dir.path(), fp).unwrap();
        assert_eq!((calibration.claim, warning), (0.5, None));
        assert_eq!(calibration.concept, Calibration::DEFAULT.concept);
        // Another model's file, a misspelt threshold, a value out of range.
        for (text, expected) in [
            (
                r#"{"fingerprint": "x", "thresholds": {}}"#.to_owned(),
                "calibrated for model \"x\"",
            ),
            (
                format!(r#"{{"fingerprint": "{fp}", "thresholds": {{"clam": 0.5}}}}"#),
                "unknown field",
            ),
            (
                format!(r#"{{"fingerprint": "{fp}", "thresholds": {{"claim": 5}}}}"#),
                "claim must be",
            ),
        ] {
            write(&text);
            let error = calibration_for(dir.path(), fp).unwrap_err().to_string();
            assert!(error.contains(expected), "{error}");
        }
    }
}
