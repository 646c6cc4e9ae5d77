//! The credit rule: how much of a concept's weight an answer earns, from
//! what the matching stages found. This is the one place the rule lives;
//! `mock explain`, `mock rubric test` and every output read its decision.
//!
//! | the answer ... | status | credit |
//! |---|---|---|
//! | states a misconception that contradicts the concept | `contradicted` | 0 |
//! | **rubric v2** (the concept has claims): | | |
//! | names it (or describes it in plain words) and makes a claim | `explained` / `own-words` | 1 |
//! | makes two of its claims (all, when it has one), without naming it | `own-words` | 1 |
//! | makes one of several claims, without naming it | `partial` | [`PARTIAL_CLAIM_CREDIT`] |
//! | names it but makes no claim | `named` | `named_credit` (default [`NAMED_CREDIT`]) |
//! | describes it in plain words but makes no claim | `partial` | `named_credit` |
//! | **rubric v1** (no claims): | | |
//! | names it (explaining it, when it asks for depth) | `covered` | 1 |
//! | names it without the depth it asks for | `named` | the depth's `credit` |
//! | says it in plain words (semantic, at the full threshold) | `own-words` | 1 |
//! | comes close in plain words (semantic half threshold, or its gist) | `partial` | [`SEMANTIC_PARTIAL_CREDIT`] |
//! | otherwise | `missed` | 0 |
//!
//! A mention counts as naming the concept only under its polarity, and a
//! lone common English word ("metrics", "security") never names a v2
//! concept of weight 2 or more: it is too easily said in passing.

use serde::Serialize;

/// Share of the weight a concept earns when it is named but not explained.
pub const NAMED_CREDIT: f64 = 0.3;
/// The most a rubric may set as a concept's `named_credit`.
pub const MAX_NAMED_CREDIT: f64 = 0.4;
/// Share of the weight earned by one claim of several, without the name.
pub const PARTIAL_CLAIM_CREDIT: f64 = 0.5;
/// Share of the weight earned by a near paraphrase of a v1 concept.
pub const SEMANTIC_PARTIAL_CREDIT: f64 = 0.5;
/// Weight from which a lone common word no longer names a concept.
pub const GENERIC_WORD_WEIGHT: f64 = 2.0;

/// What an answer does with a concept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// Named (rubric v1, or a v2 concept that asks for no explanation).
    Covered,
    /// Named and explained by at least one claim.
    Explained,
    /// Explained in the answer's own words, without the key terms.
    OwnWords,
    /// Named, but not explained.
    Named,
    /// Partly said in other words.
    Partial,
    /// A misconception stated about it.
    Contradicted,
    /// Not there.
    Missed,
}

impl Status {
    /// A short phrase for people.
    pub fn describe(self) -> &'static str {
        match self {
            Status::Covered => "covered",
            Status::Explained => "explained",
            Status::OwnWords => "explained in your own words",
            Status::Named => "named, not explained",
            Status::Partial => "partly said",
            Status::Contradicted => "contradicted",
            Status::Missed => "missed",
        }
    }
}

/// What the matching stages found for one concept.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct Findings {
    /// The rubric gives the concept claims (rubric v2).
    pub claims: usize,
    /// How many of them the answer makes.
    pub claims_made: usize,
    /// A mention counts under the concept's polarity.
    pub named: bool,
    /// The concept's exemplars matched at the full semantic threshold.
    pub described: bool,
    /// The concept's exemplars matched at the half threshold, or its gist.
    pub near: bool,
    /// A misconception about it was stated.
    pub contradicted: bool,
    /// Rubric v1 depth: `Some(false)` when named without its support.
    pub depth_explained: Option<bool>,
    /// Rubric v1 depth: the credit of a mention without support.
    pub depth_credit: f64,
    /// The rubric's `named_credit`, if set.
    pub named_credit: Option<f64>,
}

/// The decision for one concept: its status and the share of its weight.
pub fn decide(f: &Findings) -> (Status, f64) {
    let named_credit = f
        .named_credit
        .unwrap_or(NAMED_CREDIT)
        .clamp(0.0, MAX_NAMED_CREDIT);
    if f.contradicted {
        return (Status::Contradicted, 0.0);
    }
    if f.claims == 0 {
        return match (f.named, f.depth_explained) {
            (true, Some(false)) => (Status::Named, f.depth_credit.clamp(0.0, 1.0)),
            (true, _) => (Status::Covered, 1.0),
            (false, _) if f.described => (Status::OwnWords, 1.0),
            (false, _) if f.near => (Status::Partial, SEMANTIC_PARTIAL_CREDIT),
            _ => (Status::Missed, 0.0),
        };
    }
    let both_claims = f.claims_made >= f.claims.min(2);
    match (f.named, f.described, f.claims_made) {
        (true, _, made) if made >= 1 => (Status::Explained, 1.0),
        (false, true, made) if made >= 1 => (Status::OwnWords, 1.0),
        (false, _, _) if both_claims => (Status::OwnWords, 1.0),
        (false, _, 1) => (Status::Partial, PARTIAL_CLAIM_CREDIT),
        (true, _, _) => (Status::Named, named_credit),
        (false, true, _) => (Status::Partial, named_credit),
        _ => (Status::Missed, 0.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v2(named: bool, described: bool, made: usize, claims: usize) -> (Status, f64) {
        decide(&Findings {
            claims,
            claims_made: made,
            named,
            described,
            ..Findings::default()
        })
    }

    #[test]
    fn naming_without_explaining_earns_at_most_the_named_credit() {
        assert_eq!(v2(true, false, 0, 2), (Status::Named, NAMED_CREDIT));
        assert_eq!(v2(true, false, 1, 2), (Status::Explained, 1.0));
        let capped = decide(&Findings {
            claims: 1,
            named: true,
            named_credit: Some(0.9),
            ..Findings::default()
        });
        assert_eq!(capped, (Status::Named, MAX_NAMED_CREDIT));
    }

    #[test]
    fn claims_in_plain_words_earn_without_the_name() {
        assert_eq!(v2(false, false, 2, 3), (Status::OwnWords, 1.0));
        assert_eq!(v2(false, false, 1, 1), (Status::OwnWords, 1.0));
        assert_eq!(
            v2(false, false, 1, 2),
            (Status::Partial, PARTIAL_CLAIM_CREDIT)
        );
        assert_eq!(v2(false, true, 1, 2), (Status::OwnWords, 1.0));
        assert_eq!(v2(false, true, 0, 2), (Status::Partial, NAMED_CREDIT));
        assert_eq!(v2(false, false, 0, 2), (Status::Missed, 0.0));
    }

    #[test]
    fn a_contradiction_earns_nothing_whatever_else_was_said() {
        let f = Findings {
            claims: 2,
            claims_made: 2,
            named: true,
            contradicted: true,
            ..Findings::default()
        };
        assert_eq!(decide(&f), (Status::Contradicted, 0.0));
    }

    #[test]
    fn v1_concepts_keep_their_rules() {
        let named = Findings {
            named: true,
            ..Findings::default()
        };
        assert_eq!(decide(&named), (Status::Covered, 1.0));
        let shallow = Findings {
            named: true,
            depth_explained: Some(false),
            depth_credit: 0.5,
            ..Findings::default()
        };
        assert_eq!(decide(&shallow), (Status::Named, 0.5));
        let near = Findings {
            near: true,
            ..Findings::default()
        };
        assert_eq!(decide(&near), (Status::Partial, SEMANTIC_PARTIAL_CREDIT));
    }
}
