//! The transformer's tensors from a Hugging Face `model.safetensors`
//! (`BertModel` names, with or without a `bert.` prefix), and an int8 copy of
//! them.
//!
//! Every tensor is widened to f32 at load. F32, F16 and BF16 are read
//! exactly; an I8 matrix comes with an F32 tensor `<name>.scales`, one scale
//! per row (the layout [`quantize_int8`] writes), and row `r` is
//! `values[r] * scales[r]`.

use safetensors::tensor::{Dtype, TensorView};
use safetensors::SafeTensors;

use super::config::BertConfig;
use crate::weights::f16_to_f32;
use crate::ModelError;

/// A dense layer `y = x W + b`, with `W` stored `[inputs, outputs]` row-major
/// (the transpose of PyTorch's `[out, in]`), so the matrix product reads it
/// row by row.
#[derive(Debug)]
pub(crate) struct Linear {
    pub(crate) w: Box<[f32]>,
    pub(crate) b: Box<[f32]>,
    pub(crate) inputs: usize,
    pub(crate) outputs: usize,
}

/// A LayerNorm's gain and bias.
#[derive(Debug)]
pub(crate) struct Norm {
    pub(crate) gain: Box<[f32]>,
    pub(crate) bias: Box<[f32]>,
}

/// One encoder layer.
#[derive(Debug)]
pub(crate) struct Layer {
    /// Query, key and value in one product: outputs `[q | k | v]`.
    pub(crate) qkv: Linear,
    pub(crate) attn_out: Linear,
    pub(crate) attn_norm: Norm,
    pub(crate) intermediate: Linear,
    pub(crate) output: Linear,
    pub(crate) out_norm: Norm,
}

/// Every tensor the forward pass uses.
#[derive(Debug)]
pub(crate) struct BertWeights {
    /// `[vocab, hidden]`.
    pub(crate) word: Box<[f32]>,
    /// `[max_positions, hidden]`.
    pub(crate) position: Box<[f32]>,
    /// Row 0 of the token-type table (a single segment).
    pub(crate) token_type0: Box<[f32]>,
    pub(crate) embed_norm: Norm,
    pub(crate) layers: Vec<Layer>,
}

fn weights_err(msg: impl Into<String>) -> ModelError {
    ModelError::Weights(msg.into())
}

/// Looks tensors up by their `BertModel` name, with or without `bert.`.
struct Tensors<'a> {
    st: SafeTensors<'a>,
    prefix: &'static str,
}

impl<'a> Tensors<'a> {
    fn new(bytes: &'a [u8]) -> Result<Self, ModelError> {
        let st = SafeTensors::deserialize(bytes)
            .map_err(|e| weights_err(format!("cannot parse: {e}")))?;
        let prefix = if st.tensor("embeddings.word_embeddings.weight").is_ok() {
            ""
        } else if st.tensor("bert.embeddings.word_embeddings.weight").is_ok() {
            "bert."
        } else {
            return Err(weights_err(
                "no tensor `embeddings.word_embeddings.weight`: not a BERT model",
            ));
        };
        Ok(Tensors { st, prefix })
    }

    fn view(&self, name: &str) -> Result<TensorView<'a>, ModelError> {
        self.st
            .tensor(&format!("{}{name}", self.prefix))
            .map_err(|_| weights_err(format!("missing tensor `{}{name}`", self.prefix)))
    }

    /// A tensor of exactly `shape`, as f32 in its stored (row-major) order.
    fn get(&self, name: &str, shape: &[usize]) -> Result<Box<[f32]>, ModelError> {
        let t = self.view(name)?;
        if t.shape() != shape {
            return Err(weights_err(format!(
                "tensor `{name}` has shape {:?}; config.json implies {shape:?}",
                t.shape()
            )));
        }
        let values: Box<[f32]> = match t.dtype() {
            Dtype::F32 => t.data().chunks_exact(4).map(le_f32).collect(),
            Dtype::F16 => t
                .data()
                .chunks_exact(2)
                .map(|b| f16_to_f32(u16::from_le_bytes([b[0], b[1]])))
                .collect(),
            Dtype::BF16 => t
                .data()
                .chunks_exact(2)
                .map(|b| f32::from_bits(u32::from(u16::from_le_bytes([b[0], b[1]])) << 16))
                .collect(),
            Dtype::I8 => {
                let scales = self.get(&format!("{name}.scales"), &shape[..1])?;
                let cols: usize = shape[1..].iter().product();
                t.data()
                    .chunks_exact(cols.max(1))
                    .zip(scales.iter())
                    .flat_map(|(row, &s)| row.iter().map(move |&q| f32::from(q as i8) * s))
                    .collect()
            }
            other => {
                return Err(weights_err(format!(
                    "tensor `{name}` has dtype {other:?}; expected F32, F16, BF16 or I8"
                )))
            }
        };
        if let Some(i) = values.iter().position(|x| !x.is_finite()) {
            return Err(weights_err(format!(
                "tensor `{name}` holds a non-finite value at index {i}"
            )));
        }
        Ok(values)
    }

    /// A PyTorch `Linear` (`weight [out, in]`, `bias [out]`), transposed.
    fn linear(&self, name: &str, inputs: usize, outputs: usize) -> Result<Linear, ModelError> {
        let w = self.get(&format!("{name}.weight"), &[outputs, inputs])?;
        let b = self.get(&format!("{name}.bias"), &[outputs])?;
        Ok(Linear {
            w: transpose(&w, outputs, inputs),
            b,
            inputs,
            outputs,
        })
    }

    fn norm(&self, name: &str, hidden: usize) -> Result<Norm, ModelError> {
        Ok(Norm {
            gain: self.get(&format!("{name}.weight"), &[hidden])?,
            bias: self.get(&format!("{name}.bias"), &[hidden])?,
        })
    }
}

impl BertWeights {
    /// Reads and checks every tensor against `config`.
    pub(crate) fn from_safetensors(
        bytes: &[u8],
        config: &BertConfig,
    ) -> Result<BertWeights, ModelError> {
        let t = Tensors::new(bytes)?;
        let h = config.hidden_size;
        let word = t.get("embeddings.word_embeddings.weight", &[config.vocab_size, h])?;
        let position = t.get(
            "embeddings.position_embeddings.weight",
            &[config.max_position_embeddings, h],
        )?;
        let types = t.view("embeddings.token_type_embeddings.weight")?;
        let type_rows = types.shape().first().copied().unwrap_or(0);
        let token_type = t.get(
            "embeddings.token_type_embeddings.weight",
            &[type_rows.max(1), h],
        )?;
        let embed_norm = t.norm("embeddings.LayerNorm", h)?;
        let layers = (0..config.num_hidden_layers)
            .map(|i| {
                let p = format!("encoder.layer.{i}.");
                let q = t.linear(&format!("{p}attention.self.query"), h, h)?;
                let k = t.linear(&format!("{p}attention.self.key"), h, h)?;
                let v = t.linear(&format!("{p}attention.self.value"), h, h)?;
                Ok(Layer {
                    qkv: concat_outputs(&[q, k, v]),
                    attn_out: t.linear(&format!("{p}attention.output.dense"), h, h)?,
                    attn_norm: t.norm(&format!("{p}attention.output.LayerNorm"), h)?,
                    intermediate: t.linear(
                        &format!("{p}intermediate.dense"),
                        h,
                        config.intermediate_size,
                    )?,
                    output: t.linear(&format!("{p}output.dense"), config.intermediate_size, h)?,
                    out_norm: t.norm(&format!("{p}output.LayerNorm"), h)?,
                })
            })
            .collect::<Result<Vec<_>, ModelError>>()?;
        Ok(BertWeights {
            word,
            position,
            token_type0: token_type[..h].into(),
            embed_norm,
            layers,
        })
    }
}

/// `[rows, cols]` row-major to `[cols, rows]` row-major.
fn transpose(m: &[f32], rows: usize, cols: usize) -> Box<[f32]> {
    let mut out = vec![0.0; m.len()];
    for r in 0..rows {
        for c in 0..cols {
            out[c * rows + r] = m[r * cols + c];
        }
    }
    out.into_boxed_slice()
}

/// Layers over the same inputs side by side: one product gives all outputs.
fn concat_outputs(parts: &[Linear]) -> Linear {
    let inputs = parts[0].inputs;
    let outputs: usize = parts.iter().map(|p| p.outputs).sum();
    let mut w = Vec::with_capacity(inputs * outputs);
    for r in 0..inputs {
        for p in parts {
            w.extend_from_slice(&p.w[r * p.outputs..(r + 1) * p.outputs]);
        }
    }
    let b = parts.iter().flat_map(|p| p.b.iter().copied()).collect();
    Linear {
        w: w.into_boxed_slice(),
        b,
        inputs,
        outputs,
    }
}

fn le_f32(b: &[u8]) -> f32 {
    f32::from_le_bytes([b[0], b[1], b[2], b[3]])
}

/// An int8 copy of a transformer's `model.safetensors`: every 2-D tensor
/// becomes I8, quantised symmetrically per row (`scale = max|row| / 127`,
/// `q = round(x / scale)`), with its scales in an F32 tensor
/// `<name>.scales`; other tensors (biases, LayerNorms) are copied as F32.
/// About a quarter of the size; [`Transformer`](crate::Transformer) reads
/// it like the original.
///
/// # Errors
///
/// [`ModelError::Weights`] if the file cannot be parsed, holds a dtype other
/// than F32, F16 or BF16, or cannot be written.
pub fn quantize_int8(safetensors: &[u8]) -> Result<Vec<u8>, ModelError> {
    let st = SafeTensors::deserialize(safetensors)
        .map_err(|e| weights_err(format!("cannot parse: {e}")))?;
    let mut names: Vec<String> = st.names().into_iter().map(str::to_owned).collect();
    names.sort();
    let reader = Tensors { st, prefix: "" };
    let mut out: Vec<(String, Dtype, Vec<usize>, Vec<u8>)> = Vec::new();
    for name in names {
        let view = reader.view(&name)?;
        let shape = view.shape().to_vec();
        if view.dtype() == Dtype::I8 || view.dtype() == Dtype::I64 {
            // Already quantised, or an integer buffer such as `position_ids`.
            out.push((name, view.dtype(), shape, view.data().to_vec()));
            continue;
        }
        let values = reader.get(&name, &shape)?;
        if shape.len() == 2 && shape[1] > 0 {
            let cols = shape[1];
            let mut q = Vec::with_capacity(values.len());
            let mut scales = Vec::with_capacity(shape[0]);
            for row in values.chunks_exact(cols) {
                let max = row.iter().fold(0.0f32, |m, x| m.max(x.abs()));
                let scale = max / 127.0;
                scales.push(scale);
                let inv = if scale > 0.0 { f64::from(scale) } else { 1.0 };
                q.extend(
                    row.iter()
                        .map(|&x| (f64::from(x) / inv).round().clamp(-127.0, 127.0) as i8 as u8),
                );
            }
            let scale_bytes = scales.iter().flat_map(|s| s.to_le_bytes()).collect();
            out.push((
                format!("{name}.scales"),
                Dtype::F32,
                vec![shape[0]],
                scale_bytes,
            ));
            out.push((name, Dtype::I8, shape, q));
        } else {
            let bytes = values.iter().flat_map(|x| x.to_le_bytes()).collect();
            out.push((name, Dtype::F32, shape, bytes));
        }
    }
    let views = out
        .iter()
        .map(|(name, dtype, shape, data)| {
            TensorView::new(*dtype, shape.clone(), data)
                .map(|v| (name.clone(), v))
                .map_err(|e| weights_err(format!("tensor `{name}`: {e}")))
        })
        .collect::<Result<Vec<_>, _>>()?;
    safetensors::serialize(views, None).map_err(|e| weights_err(format!("cannot write: {e}")))
}
