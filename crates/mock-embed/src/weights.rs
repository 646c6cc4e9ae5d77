//! The embedding table from `model.safetensors`.

use std::borrow::Cow;

use safetensors::tensor::{Dtype, TensorView};
use safetensors::SafeTensors;

use crate::ModelError;

/// Names the table may have: Model2Vec's own, then the ones written by
/// older Model2Vec versions and by sentence-transformers' `StaticEmbedding`.
const TABLE_NAMES: [&str; 3] = ["embeddings", "0", "embedding.weight"];

/// The stored values of the table, row-major.
#[derive(Debug)]
pub(crate) enum Values {
    /// One f32 per value (F16 and BF16 files are widened to this, exactly).
    F32(Box<[f32]>),
    /// One i8 per value (kept as the file's bytes, read as `b as i8`), to
    /// be multiplied by the row's factor. Borrowed from the embedded model's
    /// bytes, without a copy.
    I8(Cow<'static, [u8]>),
}

/// An embedding table: `rows` rows of `dims` values, each row optionally
/// multiplied by a factor (int8 `scales` times Model2Vec `weights`).
#[derive(Debug)]
pub(crate) struct Table {
    pub(crate) values: Values,
    /// Per-row factor, exact in f64 (a product of at most two f32).
    pub(crate) factors: Option<Box<[f64]>>,
    /// Rows that are all zeros (e.g. scale 0: tokens left out of the
    /// distilled vocabulary); they are skipped when averaging.
    pub(crate) zero_rows: Box<[bool]>,
    pub(crate) rows: usize,
    pub(crate) dims: usize,
}

fn err(msg: impl Into<String>) -> ModelError {
    ModelError::Weights(msg.into())
}

impl Table {
    /// Parses and checks a Model2Vec `model.safetensors`, copying what it
    /// keeps.
    pub(crate) fn from_safetensors(bytes: &[u8]) -> Result<Table, ModelError> {
        Table::parse(bytes, |b| Cow::Owned(b.to_vec()))
    }

    /// Like [`from_safetensors`](Self::from_safetensors), but an int8 table
    /// is borrowed, not copied.
    pub(crate) fn from_static_safetensors(bytes: &'static [u8]) -> Result<Table, ModelError> {
        Table::parse(bytes, Cow::Borrowed)
    }

    fn parse<'a>(
        bytes: &'a [u8],
        keep: impl FnOnce(&'a [u8]) -> Cow<'static, [u8]>,
    ) -> Result<Table, ModelError> {
        let st = SafeTensors::deserialize(bytes).map_err(|e| err(format!("cannot parse: {e}")))?;
        if st.tensor("mapping").is_ok() {
            return Err(err(
                "tensor `mapping` found: vocabulary-quantized Model2Vec models are not supported",
            ));
        }
        let (name, table) = TABLE_NAMES
            .iter()
            .find_map(|&n| st.tensor(n).ok().map(|t| (n, t)))
            .ok_or_else(|| {
                let mut names: Vec<String> = st.names().into_iter().map(str::to_owned).collect();
                names.sort();
                err(format!(
                    "no tensor named `embeddings` (found: {})",
                    if names.is_empty() {
                        "none".to_owned()
                    } else {
                        names.join(", ")
                    }
                ))
            })?;
        let &[rows, dims] = table.shape() else {
            return Err(err(format!(
                "tensor `{name}` has shape {:?}; expected [vocab, dims]",
                table.shape()
            )));
        };
        if rows == 0 || dims == 0 {
            return Err(err(format!("tensor `{name}` is empty ({rows} x {dims})")));
        }
        let data = table.data();
        let values = match table.dtype() {
            Dtype::F32 => Values::F32(data.chunks_exact(4).map(le_f32).collect()),
            Dtype::F16 => Values::F32(
                data.chunks_exact(2)
                    .map(|b| f16_to_f32(u16::from_le_bytes([b[0], b[1]])))
                    .collect(),
            ),
            Dtype::BF16 => Values::F32(
                data.chunks_exact(2)
                    .map(|b| f32::from_bits(u32::from(u16::from_le_bytes([b[0], b[1]])) << 16))
                    .collect(),
            ),
            Dtype::I8 => Values::I8(keep(data)),
            other => {
                return Err(err(format!(
                    "tensor `{name}` has dtype {other:?}; expected F32, F16, BF16 or I8"
                )))
            }
        };
        if let Values::F32(v) = &values {
            if let Some(i) = v.iter().position(|x| !x.is_finite()) {
                return Err(err(format!(
                    "tensor `{name}` holds a non-finite value at row {}",
                    i / dims
                )));
            }
        }

        let scales = row_vector(&st, "scales", rows)?;
        let weights = row_vector(&st, "weights", rows)?;
        let factors: Option<Box<[f64]>> = match (scales, weights) {
            (None, None) => None,
            (Some(s), None) => Some(s.iter().map(|&x| f64::from(x)).collect()),
            (None, Some(w)) => Some(w.iter().map(|&x| f64::from(x)).collect()),
            (Some(s), Some(w)) => Some(
                s.iter()
                    .zip(w.iter())
                    .map(|(&a, &b)| f64::from(a) * f64::from(b))
                    .collect(),
            ),
        };
        // Stops at the first non-zero value, so only zero rows are read whole.
        let zero_rows = (0..rows)
            .map(|r| {
                factors.as_ref().is_some_and(|f| f[r] == 0.0)
                    || match &values {
                        Values::F32(v) => v[r * dims..(r + 1) * dims].iter().all(|&x| x == 0.0),
                        Values::I8(v) => v[r * dims..(r + 1) * dims].iter().all(|&b| b == 0),
                    }
            })
            .collect();
        Ok(Table {
            values,
            factors,
            zero_rows,
            rows,
            dims,
        })
    }

    /// Adds row `row` (times its factor) to `acc`, element by element, in
    /// f64. Each product of a stored value and its factor is exact in f64
    /// (8- or 24-bit times at most 48-bit significands, except for int8
    /// rows with both `scales` and `weights`), so only the additions round,
    /// and they always happen in the same order.
    ///
    /// On x86-64 with AVX2 the same loop is compiled for AVX2 and chosen at
    /// run time: the same IEEE operations on each element, four at a time
    /// (no fused multiply-add, no reassociation), so the result is
    /// bit-identical to the portable loop; a test checks it.
    #[inline]
    pub(crate) fn add_row(&self, row: usize, acc: &mut [f64]) {
        #[cfg(target_arch = "x86_64")]
        if std::arch::is_x86_feature_detected!("avx2") {
            // SAFETY: the CPU supports AVX2, checked just above.
            unsafe { self.add_row_avx2(row, acc) };
            return;
        }
        self.add_row_portable(row, acc);
    }

    #[cfg(target_arch = "x86_64")]
    #[target_feature(enable = "avx2")]
    unsafe fn add_row_avx2(&self, row: usize, acc: &mut [f64]) {
        self.add_row_portable(row, acc);
    }

    #[inline(always)]
    fn add_row_portable(&self, row: usize, acc: &mut [f64]) {
        let dims = self.dims;
        let start = row * dims;
        match (&self.values, &self.factors) {
            (Values::F32(v), None) => {
                for (a, &x) in acc.iter_mut().zip(&v[start..start + dims]) {
                    *a += f64::from(x);
                }
            }
            (Values::F32(v), Some(f)) => {
                let f = f[row];
                for (a, &x) in acc.iter_mut().zip(&v[start..start + dims]) {
                    *a += f64::from(x) * f;
                }
            }
            (Values::I8(v), None) => {
                for (a, &b) in acc.iter_mut().zip(&v[start..start + dims]) {
                    *a += f64::from(b as i8);
                }
            }
            (Values::I8(v), Some(f)) => {
                let f = f[row];
                for (a, &b) in acc.iter_mut().zip(&v[start..start + dims]) {
                    *a += f64::from(b as i8) * f;
                }
            }
        }
    }

    /// Row `row` as f32 values (stored value times factor, rounded once).
    pub(crate) fn row_f32(&self, row: usize) -> Vec<f32> {
        let mut acc = vec![0.0; self.dims];
        self.add_row(row, &mut acc);
        acc.into_iter().map(|x| x as f32).collect()
    }
}

/// An optional per-row F32 (or F16/F64) vector such as `scales`.
fn row_vector(
    st: &SafeTensors<'_>,
    name: &str,
    rows: usize,
) -> Result<Option<Vec<f32>>, ModelError> {
    let Ok(t) = st.tensor(name) else {
        return Ok(None);
    };
    let shape_ok = match t.shape() {
        [n] => *n == rows,
        [n, 1] => *n == rows,
        _ => false,
    };
    if !shape_ok {
        return Err(err(format!(
            "tensor `{name}` has shape {:?}; expected [{rows}], one value per embedding row",
            t.shape()
        )));
    }
    let v = decode_floats(&t, name)?;
    if let Some(i) = v.iter().position(|x| !x.is_finite()) {
        return Err(err(format!(
            "tensor `{name}` holds a non-finite value at row {i}"
        )));
    }
    Ok(Some(v))
}

fn decode_floats(t: &TensorView<'_>, name: &str) -> Result<Vec<f32>, ModelError> {
    let data = t.data();
    Ok(match t.dtype() {
        Dtype::F32 => data.chunks_exact(4).map(le_f32).collect(),
        Dtype::F16 => data
            .chunks_exact(2)
            .map(|b| f16_to_f32(u16::from_le_bytes([b[0], b[1]])))
            .collect(),
        Dtype::F64 => data
            .chunks_exact(8)
            .map(|b| {
                let mut a = [0u8; 8];
                a.copy_from_slice(b);
                f64::from_le_bytes(a) as f32
            })
            .collect(),
        other => {
            return Err(err(format!(
                "tensor `{name}` has dtype {other:?}; expected F32"
            )))
        }
    })
}

fn le_f32(b: &[u8]) -> f32 {
    f32::from_le_bytes([b[0], b[1], b[2], b[3]])
}

/// IEEE 754 half precision to single precision (exact for every input).
pub(crate) fn f16_to_f32(h: u16) -> f32 {
    let sign = u32::from(h >> 15) << 31;
    let exp = u32::from((h >> 10) & 0x1f);
    let frac = u32::from(h & 0x3ff);
    let bits = match (exp, frac) {
        (0, 0) => sign,
        (0, _) => {
            // Subnormal: frac * 2^-24, normalised for f32.
            let shift = frac.leading_zeros() - 21; // bring the top bit to position 10
            let frac = (frac << shift) & 0x3ff;
            let exp = 127 - 15 + 1 - shift;
            sign | (exp << 23) | (frac << 13)
        }
        (0x1f, 0) => sign | 0x7f80_0000,
        (0x1f, _) => sign | 0x7fc0_0000 | (frac << 13),
        _ => sign | ((exp + 127 - 15) << 23) | (frac << 13),
    };
    f32::from_bits(bits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dispatched_and_portable_rows_are_bit_identical() {
        let (rows, dims) = (64, 37); // dims not a multiple of the vector width
        let values: Cow<'static, [u8]> = (0..rows * dims)
            .map(|k| ((k * 7919 + 13) % 255) as u8)
            .collect();
        let floats: Box<[f32]> = (0..rows * dims)
            .map(|k| ((k * 104_729) % 10_007) as f32 / 3.0 - 1_500.0)
            .collect();
        let factors: Box<[f64]> = (0..rows).map(|r| 0.001_37 * (r as f64 + 0.5)).collect();
        for (values, factors) in [
            (Values::I8(values.clone()), Some(factors.clone())),
            (Values::I8(values), None),
            (Values::F32(floats.clone()), Some(factors)),
            (Values::F32(floats), None),
        ] {
            let table = Table {
                values,
                factors,
                zero_rows: vec![false; rows].into_boxed_slice(),
                rows,
                dims,
            };
            let (mut a, mut b) = (vec![0.25f64; dims], vec![0.25f64; dims]);
            for r in (0..rows).chain((0..rows).rev()) {
                table.add_row(r, &mut a);
                table.add_row_portable(r, &mut b);
            }
            let bits = |v: &[f64]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&a), bits(&b));
        }
    }

    #[test]
    fn f16_conversion_is_exact() {
        assert_eq!(f16_to_f32(0x0000), 0.0);
        assert_eq!(f16_to_f32(0x8000).to_bits(), (-0.0f32).to_bits());
        assert_eq!(f16_to_f32(0x3c00), 1.0);
        assert_eq!(f16_to_f32(0xc000), -2.0);
        assert_eq!(f16_to_f32(0x7bff), 65504.0);
        assert_eq!(f16_to_f32(0x0001), 2f32.powi(-24));
        assert_eq!(f16_to_f32(0x03ff), 1023.0 * 2f32.powi(-24));
        assert_eq!(f16_to_f32(0x0400), 2f32.powi(-14));
        assert_eq!(f16_to_f32(0x3555), 0.333_251_95);
        assert!(f16_to_f32(0x7c00).is_infinite());
        assert!(f16_to_f32(0x7e00).is_nan());
        // Positive halves are strictly increasing, negatives mirror them,
        // and subnormals are spaced 2^-24 apart.
        for h in 1u16..0x7c00 {
            assert!(f16_to_f32(h) > f16_to_f32(h - 1), "{h:#x}");
            assert_eq!(f16_to_f32(h | 0x8000), -f16_to_f32(h), "{h:#x}");
        }
        for h in 1u16..0x0400 {
            assert_eq!(f16_to_f32(h) - f16_to_f32(h - 1), 2f32.powi(-24), "{h:#x}");
        }
    }
}
