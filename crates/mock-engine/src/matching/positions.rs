//! Token positions grouped by key (a stem, a stem id), in one flat array.
//!
//! An answer's index maps each distinct key to the positions where it
//! occurs. A map of `Vec`s costs one allocation per distinct key (about 150
//! for a 300-word answer, measured as 5% of a batch's instructions); this
//! counting sort stores every position in one array, with a range per key.

use std::hash::Hash;

use rustc_hash::FxHashMap;

/// Positions per key, each group in ascending order.
#[derive(Debug, Clone, Default)]
pub struct Positions<K> {
    /// Each key's group number.
    groups: FxHashMap<K, u32>,
    /// The positions, grouped by key.
    dense: DensePositions,
}

impl<K: Hash + Eq + Copy> Positions<K> {
    /// Groups `keys` (the key at each position; `None` for positions
    /// without one). Each key is hashed once: it is numbered on first sight,
    /// and the grouping itself works on the numbers.
    pub fn new(keys: impl Iterator<Item = Option<K>>) -> Self {
        let size = keys.size_hint().0;
        // Sized for an answer whose words are half distinct, so that the map
        // rarely grows.
        let mut groups: FxHashMap<K, u32> =
            FxHashMap::with_capacity_and_hasher(size / 2, Default::default());
        let numbers: Vec<Option<u32>> = keys
            .map(|key| {
                key.map(|key| {
                    let next = groups.len() as u32;
                    *groups.entry(key).or_insert(next)
                })
            })
            .collect();
        let dense = DensePositions::new(groups.len(), &numbers);
        Positions { groups, dense }
    }

    /// Where `key` occurs, in ascending order.
    pub fn get<Q>(&self, key: &Q) -> &[usize]
    where
        K: std::borrow::Borrow<Q>,
        Q: Hash + Eq + ?Sized,
    {
        self.groups
            .get(key)
            .map_or(&[], |&group| self.dense.get(group))
    }
}

/// Positions per dense id (`0..ids`), such as a rubric's interned stem ids:
/// like [`Positions`], with the ranges in an array instead of a map.
#[derive(Debug, Clone, Default)]
pub struct DensePositions {
    ranges: Vec<(u32, u32)>,
    positions: Vec<usize>,
}

impl DensePositions {
    /// Groups `keys` (the id at each position; `None` for positions without
    /// one); every id is below `ids`.
    pub fn new(ids: usize, keys: &[Option<u32>]) -> Self {
        let mut ranges = vec![(0u32, 0u32); ids];
        for &id in keys.iter().flatten() {
            ranges[id as usize].1 += 1;
        }
        let mut total = 0u32;
        for range in &mut ranges {
            let count = range.1;
            *range = (total, total);
            total += count;
        }
        let mut positions = vec![0; total as usize];
        for (position, &id) in keys.iter().enumerate() {
            if let Some(id) = id {
                let range = &mut ranges[id as usize];
                positions[range.1 as usize] = position;
                range.1 += 1;
            }
        }
        DensePositions { ranges, positions }
    }

    /// Where `id` occurs, in ascending order.
    pub fn get(&self, id: u32) -> &[usize] {
        self.ranges.get(id as usize).map_or(&[], |&(start, end)| {
            &self.positions[start as usize..end as usize]
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_positions_by_key_in_order() {
        let keys = [Some("a"), None, Some("b"), Some("a"), Some("c"), Some("a")];
        let index = Positions::new(keys.into_iter());
        assert_eq!(index.get("a"), [0, 3, 5]);
        assert_eq!(index.get("b"), [2]);
        assert_eq!(index.get("c"), [4]);
        assert!(index.get("d").is_empty());
    }

    #[test]
    fn dense_ids_group_like_keys() {
        let keys = [Some(2), None, Some(0), Some(2)];
        let index = DensePositions::new(4, &keys);
        assert_eq!(index.get(2), [0, 3]);
        assert_eq!(index.get(0), [2]);
        assert!(index.get(1).is_empty());
        assert!(index.get(9).is_empty());
    }

    #[test]
    fn an_empty_input_has_no_positions() {
        let index: Positions<u32> = Positions::new(std::iter::empty());
        assert!(index.get(&1).is_empty());
    }
}
