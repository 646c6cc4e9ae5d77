//! Depth: is a mentioned concept also explained? A concept may list
//! supporting phrases; a counting mention is explained when one of them
//! occurs within `within` words of it (on either side), in any polarity.

use crate::matching::{CompiledTarget, Matcher, Mention, Prepared};

/// Whether any of `mentions` has a supporting phrase near it.
pub fn explained(
    matcher: &Matcher,
    prepared: &Prepared<'_>,
    support: &CompiledTarget,
    mentions: &[Mention],
    within: usize,
) -> bool {
    let supports = matcher.mentions(prepared, support);
    mentions.iter().any(|m| {
        supports.iter().any(|s| {
            let overlap = s.first_token <= m.last_token && m.first_token <= s.last_token;
            let gap = if s.first_token > m.last_token {
                s.first_token - m.last_token
            } else {
                m.first_token.saturating_sub(s.last_token)
            };
            !overlap && gap <= within
        })
    })
}
