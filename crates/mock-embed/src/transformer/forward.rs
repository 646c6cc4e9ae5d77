//! The BERT encoder's forward pass over a batch of token sequences laid end
//! to end in one token matrix (no padding): the dense layers see every token
//! of the batch at once, attention stays within each sequence.
//!
//! Matrix products go through `matrixmultiply::sgemm` (pure Rust, packed
//! micro-kernels, SIMD picked at run time, outputs split over
//! `MATMUL_NUM_THREADS` threads); everything else is plain loops in a fixed
//! order, so the same text gives the same bits on every run on the same CPU.

use super::config::BertConfig;
use super::weights::{BertWeights, Linear, Norm};

/// A sequence of the batch: `len` rows of the token matrix from `start`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Span {
    pub(crate) start: usize,
    pub(crate) len: usize,
}

/// Buffers of one forward pass, reused across layers.
#[derive(Debug, Default)]
pub(crate) struct Buffers {
    x: Vec<f32>,
    qkv: Vec<f32>,
    ctx: Vec<f32>,
    tmp: Vec<f32>,
    inter: Vec<f32>,
    scores: Vec<f32>,
}

/// `c = a b (+ c if accumulate)`: `a` is `[m, k]`, `b` `[k, n]`, `c` `[m, n]`,
/// all row-major and contiguous.
fn matmul(a: &[f32], b: &[f32], c: &mut [f32], m: usize, k: usize, n: usize, accumulate: bool) {
    assert!(a.len() >= m * k && b.len() >= k * n && c.len() >= m * n);
    let beta = if accumulate { 1.0 } else { 0.0 };
    // SAFETY: the asserts above keep every access of sgemm (rows times row
    // strides plus columns, all within m*k, k*n and m*n) inside the slices,
    // and `c` does not alias `a` or `b` (it is a distinct `&mut`).
    unsafe {
        matrixmultiply::sgemm(
            m,
            k,
            n,
            1.0,
            a.as_ptr(),
            k as isize,
            1,
            b.as_ptr(),
            n as isize,
            1,
            beta,
            c.as_mut_ptr(),
            n as isize,
            1,
        );
    }
}

/// Fills each of the `rows` rows of `out` (`cols` wide) with `bias`, plus the
/// same row of `residual` if given: the starting value that a product is
/// then accumulated onto.
fn init_rows(out: &mut Vec<f32>, rows: usize, bias: &[f32], residual: Option<&[f32]>) {
    let cols = bias.len();
    out.clear();
    out.resize(rows * cols, 0.0);
    for (r, row) in out.chunks_exact_mut(cols).enumerate() {
        match residual {
            Some(res) => {
                for ((o, &x), &b) in row.iter_mut().zip(&res[r * cols..]).zip(bias) {
                    *o = x + b;
                }
            }
            None => row.copy_from_slice(bias),
        }
    }
}

/// `x W + b (+ residual)` for the `rows` rows of `x`, into `out`.
fn dense(layer: &Linear, x: &[f32], rows: usize, residual: Option<&[f32]>, out: &mut Vec<f32>) {
    init_rows(out, rows, &layer.b, residual);
    matmul(x, &layer.w, out, rows, layer.inputs, layer.outputs, true);
}

/// LayerNorm of each row of `x` into `out` (mean and biased variance in f64).
fn layer_norm(x: &[f32], norm: &Norm, eps: f64, out: &mut Vec<f32>) {
    let h = norm.gain.len();
    out.clear();
    out.resize(x.len(), 0.0);
    for (row, dst) in x.chunks_exact(h).zip(out.chunks_exact_mut(h)) {
        let mean = row.iter().map(|&v| f64::from(v)).sum::<f64>() / h as f64;
        let var = row
            .iter()
            .map(|&v| {
                let d = f64::from(v) - mean;
                d * d
            })
            .sum::<f64>()
            / h as f64;
        let inv = 1.0 / (var + eps).sqrt();
        for (((d, &v), &g), &b) in dst.iter_mut().zip(row).zip(&norm.gain).zip(&norm.bias) {
            *d = ((f64::from(v) - mean) * inv) as f32 * g + b;
        }
    }
}

/// Exact (erf) GELU, as BERT's `hidden_act: "gelu"`.
fn gelu(x: &mut [f32]) {
    for v in x {
        *v = 0.5 * *v * (1.0 + libm::erff(*v * std::f32::consts::FRAC_1_SQRT_2));
    }
}

/// Softmax of one row, in place (max subtracted first).
fn softmax(row: &mut [f32]) {
    let max = row.iter().fold(f32::NEG_INFINITY, |m, &v| m.max(v));
    let mut sum = 0.0f64;
    for v in row.iter_mut() {
        *v = (*v - max).exp();
        sum += f64::from(*v);
    }
    let inv = (1.0 / sum) as f32;
    for v in row.iter_mut() {
        *v *= inv;
    }
}

/// Multi-head self-attention of each span over itself: reads `[q | k | v]`
/// rows from `qkv`, writes the heads' outputs side by side into `ctx`.
fn attention(
    qkv: &[f32],
    spans: &[Span],
    config: &BertConfig,
    ctx: &mut Vec<f32>,
    scores: &mut Vec<f32>,
) {
    let h = config.hidden_size;
    let d = config.head_dim();
    let rows: usize = spans.iter().map(|s| s.len).sum();
    ctx.clear();
    ctx.resize(rows * h, 0.0);
    let scale = 1.0 / (d as f32).sqrt();
    let stride = 3 * h;
    for span in spans {
        let n = span.len;
        scores.clear();
        scores.resize(n * n, 0.0);
        let base = span.start * stride;
        assert!(qkv.len() >= (span.start + n) * stride && ctx.len() >= (span.start + n) * h);
        for head in 0..config.num_attention_heads {
            let q = base + head * d;
            let k = base + h + head * d;
            let v = base + 2 * h + head * d;
            // SAFETY: q, k and v address rows span.start..span.start+n of
            // qkv (row stride 3h) and columns below 3h; the assert above
            // keeps the last of them inside qkv. `scores` is n x n. The ctx
            // block is rows span.start.. of width h, inside ctx by the same
            // assert, and ctx, scores and qkv are distinct buffers.
            unsafe {
                // scores = scale * Q K^T
                matrixmultiply::sgemm(
                    n,
                    d,
                    n,
                    scale,
                    qkv.as_ptr().add(q),
                    stride as isize,
                    1,
                    qkv.as_ptr().add(k),
                    1,
                    stride as isize,
                    0.0,
                    scores.as_mut_ptr(),
                    n as isize,
                    1,
                );
            }
            for row in scores.chunks_exact_mut(n) {
                softmax(row);
            }
            // SAFETY: as above.
            unsafe {
                // ctx[:, head] = P V
                matrixmultiply::sgemm(
                    n,
                    n,
                    d,
                    1.0,
                    scores.as_ptr(),
                    n as isize,
                    1,
                    qkv.as_ptr().add(v),
                    stride as isize,
                    1,
                    0.0,
                    ctx.as_mut_ptr().add(span.start * h + head * d),
                    h as isize,
                    1,
                );
            }
        }
    }
}

/// The last hidden states, `[tokens, hidden]`, of the sequences in `spans`
/// (token ids in `ids`, positions counted from each span's start). Every id
/// is below the vocabulary size and every span no longer than the position
/// table; the caller checks both.
pub(crate) fn forward<'b>(
    weights: &BertWeights,
    config: &BertConfig,
    ids: &[u32],
    spans: &[Span],
    buf: &'b mut Buffers,
) -> &'b [f32] {
    let h = config.hidden_size;
    let rows = ids.len();
    let eps = config.layer_norm_eps;
    let Buffers {
        x,
        qkv,
        ctx,
        tmp,
        inter,
        scores,
    } = buf;
    // Embeddings: word + token type 0, then + position (Hugging Face's order).
    tmp.clear();
    tmp.resize(rows * h, 0.0);
    for span in spans {
        for p in 0..span.len {
            let t = span.start + p;
            let word = &weights.word[ids[t] as usize * h..][..h];
            let pos = &weights.position[p * h..][..h];
            for (j, dst) in tmp[t * h..(t + 1) * h].iter_mut().enumerate() {
                *dst = (word[j] + weights.token_type0[j]) + pos[j];
            }
        }
    }
    layer_norm(tmp, &weights.embed_norm, eps, x);
    for layer in &weights.layers {
        dense(&layer.qkv, x, rows, None, qkv);
        attention(qkv, spans, config, ctx, scores);
        dense(&layer.attn_out, ctx, rows, Some(x), tmp);
        layer_norm(tmp, &layer.attn_norm, eps, x);
        dense(&layer.intermediate, x, rows, None, inter);
        gelu(inter);
        dense(&layer.output, inter, rows, Some(x), tmp);
        layer_norm(tmp, &layer.out_norm, eps, x);
    }
    x
}
