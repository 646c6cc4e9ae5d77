//! What the transformer encoder reads from `config.json` (Hugging Face
//! `BertConfig`) and `sentence_bert_config.json` (sentence-transformers).

use serde::Deserialize;

use crate::ModelError;

/// The shape of a BERT encoder, as `config.json` gives it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub(crate) struct BertConfig {
    pub(crate) hidden_size: usize,
    pub(crate) num_hidden_layers: usize,
    pub(crate) num_attention_heads: usize,
    pub(crate) intermediate_size: usize,
    pub(crate) vocab_size: usize,
    pub(crate) max_position_embeddings: usize,
    #[serde(default = "default_eps")]
    pub(crate) layer_norm_eps: f64,
    #[serde(default = "default_act")]
    pub(crate) hidden_act: String,
    #[serde(default = "default_position_embedding_type")]
    pub(crate) position_embedding_type: String,
    /// Only used in the fingerprint.
    #[serde(default)]
    pub(crate) name: Option<String>,
}

fn default_eps() -> f64 {
    1e-12
}

fn default_act() -> String {
    "gelu".to_owned()
}

fn default_position_embedding_type() -> String {
    "absolute".to_owned()
}

fn config_err(msg: impl Into<String>) -> ModelError {
    ModelError::Config(msg.into())
}

impl BertConfig {
    /// Parses and checks `config.json`: a BERT encoder with erf GELU and
    /// absolute positions, whose hidden size splits evenly into heads.
    pub(crate) fn parse(bytes: &[u8]) -> Result<BertConfig, ModelError> {
        let config: BertConfig = serde_json::from_slice(bytes)
            .map_err(|e| config_err(format!("not a BERT config: {e}")))?;
        if !is_bert(bytes) {
            return Err(config_err(
                "not a BERT model: `model_type` must be \"bert\" or `architectures` name a Bert model",
            ));
        }
        if config.hidden_act != "gelu" {
            return Err(config_err(format!(
                "`hidden_act` is {:?}; only \"gelu\" (erf) is implemented",
                config.hidden_act
            )));
        }
        if config.position_embedding_type != "absolute" {
            return Err(config_err(format!(
                "`position_embedding_type` is {:?}; only \"absolute\" is implemented",
                config.position_embedding_type
            )));
        }
        let sizes = [
            config.hidden_size,
            config.num_hidden_layers,
            config.num_attention_heads,
            config.intermediate_size,
            config.vocab_size,
            config.max_position_embeddings,
        ];
        if sizes.contains(&0) {
            return Err(config_err("a size in config.json is 0"));
        }
        if config.hidden_size % config.num_attention_heads != 0 {
            return Err(config_err(format!(
                "`hidden_size` {} is not a multiple of `num_attention_heads` {}",
                config.hidden_size, config.num_attention_heads
            )));
        }
        if !(config.layer_norm_eps.is_finite() && config.layer_norm_eps > 0.0) {
            return Err(config_err("`layer_norm_eps` must be a positive number"));
        }
        Ok(config)
    }

    /// The size of one attention head.
    pub(crate) fn head_dim(&self) -> usize {
        self.hidden_size / self.num_attention_heads
    }
}

/// Whether `config.json` describes a BERT encoder (`model_type: "bert"`, or
/// an `architectures` entry starting with `Bert`), as opposed to a Model2Vec
/// static model or anything else.
pub(crate) fn is_bert(config_json: &[u8]) -> bool {
    #[derive(Deserialize)]
    struct Kind {
        #[serde(default)]
        model_type: Option<String>,
        #[serde(default)]
        architectures: Option<Vec<String>>,
    }
    let Ok(kind) = serde_json::from_slice::<Kind>(config_json) else {
        return false;
    };
    kind.model_type.as_deref() == Some("bert")
        || kind
            .architectures
            .unwrap_or_default()
            .iter()
            .any(|a| a.starts_with("Bert"))
}

/// `max_seq_length` from sentence-transformers' `sentence_bert_config.json`:
/// the number of tokens, `[CLS]` and `[SEP]` included, beyond which a text
/// is truncated.
pub(crate) fn max_seq_length(bytes: &[u8]) -> Result<usize, ModelError> {
    #[derive(Deserialize)]
    struct SentenceConfig {
        max_seq_length: usize,
    }
    let c: SentenceConfig = serde_json::from_slice(bytes).map_err(|e| {
        ModelError::Config(format!("sentence_bert_config.json: no max_seq_length: {e}"))
    })?;
    Ok(c.max_seq_length)
}
