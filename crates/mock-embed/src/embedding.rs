//! Sentence vectors and their similarity.

/// A sentence vector: the L2-normalised mean of the text's token rows (see
/// [`StaticModel::embed`](crate::StaticModel::embed)), or all zeros when the
/// text has no known token.
#[derive(Clone, Debug, PartialEq)]
pub struct Embedding(Box<[f32]>);

impl Embedding {
    /// Wraps values computed elsewhere (for example cached exemplar vectors).
    pub fn from_vec(values: Vec<f32>) -> Embedding {
        Embedding(values.into_boxed_slice())
    }

    /// An all-zero vector of `dims` dimensions.
    pub fn zeros(dims: usize) -> Embedding {
        Embedding(vec![0.0; dims].into_boxed_slice())
    }

    /// The values, one per dimension.
    pub fn as_slice(&self) -> &[f32] {
        &self.0
    }

    /// The number of dimensions.
    pub fn dims(&self) -> usize {
        self.0.len()
    }

    /// Whether every value is zero, i.e. the text had no known token.
    pub fn is_zero(&self) -> bool {
        self.0.iter().all(|&x| x == 0.0)
    }

    /// The values as a `Vec`.
    pub fn into_vec(self) -> Vec<f32> {
        self.0.into_vec()
    }

    /// Cosine similarity in `[-1, 1]`; 0 when either vector is all zeros.
    ///
    /// Computed in f64 in index order (dot product and both norms), then
    /// rounded once to f32, so the result is bit-identical everywhere. It
    /// does not assume the vectors are normalised.
    ///
    /// # Panics
    ///
    /// If the two vectors have different numbers of dimensions (they come
    /// from different models).
    pub fn cosine(&self, other: &Embedding) -> f32 {
        assert_eq!(
            self.dims(),
            other.dims(),
            "cosine of embeddings with different dimensions"
        );
        let (mut dot, mut na, mut nb) = (0.0f64, 0.0f64, 0.0f64);
        for (&a, &b) in self.0.iter().zip(other.0.iter()) {
            let (a, b) = (f64::from(a), f64::from(b));
            dot += a * b;
            na += a * a;
            nb += b * b;
        }
        if na == 0.0 || nb == 0.0 {
            return 0.0;
        }
        let cos = dot / (na.sqrt() * nb.sqrt());
        cos.clamp(-1.0, 1.0) as f32
    }
}

impl AsRef<[f32]> for Embedding {
    fn as_ref(&self) -> &[f32] {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cosine_of_known_vectors() {
        let a = Embedding::from_vec(vec![1.0, 0.0, 0.0]);
        let b = Embedding::from_vec(vec![0.0, 2.0, 0.0]);
        let c = Embedding::from_vec(vec![3.0, 4.0, 0.0]);
        assert_eq!(a.cosine(&a), 1.0);
        assert_eq!(a.cosine(&b), 0.0);
        assert_eq!(a.cosine(&c), 0.6);
        assert_eq!(b.cosine(&c), 0.8);
        let minus_a = Embedding::from_vec(vec![-5.0, 0.0, 0.0]);
        assert_eq!(a.cosine(&minus_a), -1.0);
        assert_eq!(c.cosine(&a), a.cosine(&c));
    }

    #[test]
    fn zero_vectors_have_zero_similarity() {
        let z = Embedding::zeros(3);
        assert!(z.is_zero());
        assert_eq!(z.dims(), 3);
        let a = Embedding::from_vec(vec![1.0, 2.0, 3.0]);
        assert!(!a.is_zero());
        assert_eq!(z.cosine(&a), 0.0);
        assert_eq!(z.cosine(&z), 0.0);
    }

    #[test]
    fn cosine_stays_in_range_for_nearly_parallel_vectors() {
        let a = Embedding::from_vec(vec![0.1; 256]);
        let b = Embedding::from_vec(vec![0.1; 256]);
        let cos = a.cosine(&b);
        assert!((-1.0..=1.0).contains(&cos));
        assert_eq!(cos, 1.0);
    }

    #[test]
    #[should_panic(expected = "different dimensions")]
    fn cosine_of_different_models_panics() {
        Embedding::zeros(3).cosine(&Embedding::zeros(4));
    }
}
