//! Depth: is a mentioned concept also explained? A concept may list
//! supporting phrases; a counting mention is explained when one of them
//! occurs within `within` words of it (on either side), in any polarity.

use crate::matching::{CompiledTarget, Matcher, Mention, Prepared};

/// Whether any of `mentions` has a supporting phrase near it.
///
/// A sweep over sorted positions, not a comparison of every pair: for each
/// mention, the nearest support starting after it and the nearest ending
/// before it are found by binary search, so the check is n log n in the
/// number of mentions however far apart they are.
pub fn explained(
    matcher: &Matcher,
    prepared: &Prepared<'_>,
    support: &CompiledTarget,
    mentions: &[Mention],
    within: usize,
) -> bool {
    let supports: Vec<(usize, usize)> = matcher
        .mentions(prepared, support)
        .iter()
        .map(|s| (s.first_token, s.last_token))
        .collect();
    let mentions: Vec<(usize, usize)> = mentions
        .iter()
        .map(|m| (m.first_token, m.last_token))
        .collect();
    any_near(&mentions, &supports, within)
}

/// Whether a span of `mentions` has a span of `supports` within `within`
/// tokens of it, on either side, without overlapping it. Spans are
/// (first token, last token).
fn any_near(mentions: &[(usize, usize)], supports: &[(usize, usize)], within: usize) -> bool {
    let mut firsts: Vec<usize> = supports.iter().map(|s| s.0).collect();
    let mut lasts: Vec<usize> = supports.iter().map(|s| s.1).collect();
    firsts.sort_unstable();
    lasts.sort_unstable();
    mentions.iter().any(|&(first, last)| {
        // A support after the mention, starting at most `within` tokens on.
        let after = firsts.partition_point(|&f| f <= last);
        let follows = firsts.get(after).is_some_and(|&f| f - last <= within);
        // A support before the mention, ending at most `within` tokens back.
        let before = lasts.partition_point(|&l| l < first);
        let precedes = before > 0 && first - lasts[before - 1] <= within;
        follows || precedes
    })
}

#[cfg(test)]
mod tests {
    /// The definition, pair by pair (quadratic).
    fn pairwise(mentions: &[(usize, usize)], supports: &[(usize, usize)], within: usize) -> bool {
        mentions.iter().any(|m| {
            supports.iter().any(|s| {
                let overlap = s.0 <= m.1 && m.0 <= s.1;
                let gap = if s.0 > m.1 {
                    s.0 - m.1
                } else {
                    m.0.saturating_sub(s.1)
                };
                !overlap && gap <= within
            })
        })
    }

    #[test]
    fn the_sweep_agrees_with_the_pairwise_definition() {
        let spans: Vec<(usize, usize)> = (0..8)
            .flat_map(|first| (first..first + 3).map(move |last| (first, last)))
            .collect();
        // Every pair of small span sets, at every distance.
        for (i, &m) in spans.iter().enumerate() {
            for &s in &spans {
                for &t in &spans[i..] {
                    for within in 0..4 {
                        let supports = [s, t];
                        assert_eq!(
                            super::any_near(&[m], &supports, within),
                            pairwise(&[m], &supports, within),
                            "{m:?} {supports:?} {within}"
                        );
                        assert_eq!(
                            super::any_near(&[m, t], &[s], within),
                            pairwise(&[m, t], &[s], within),
                        );
                    }
                }
            }
        }
    }
}
