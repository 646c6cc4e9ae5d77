//! Scoring: from mentions to a weighted coverage, penalties and a final score.
//!
//! - A concept is **hit** when at least one mention counts under its
//!   polarity (affirmed, rejected or any); mentioning it twenty times earns it
//!   once.
//! - **coverage** = 100 × (weight of the concepts hit) / (total weight).
//! - A red flag **fires** when one of its mentions is affirmed (not negated);
//!   "I would never use 2PC" does not fire "recommends 2PC".
//! - **score** = coverage − the penalties of the red flags that fired,
//!   clamped to 0..=100.
//!
//! Both numbers are rounded to one decimal, so results are stable to print
//! and compare.

mod depth;
mod feedback;
mod order;
pub mod quality;

pub use feedback::{follow_up, missed_by_weight};
pub use order::SequenceResult;

use serde::Serialize;

use crate::analysis::LineIndex;
use crate::bank::{Entry, Polarity};
use crate::matching::{FuzzyNote, MatchKind, Mention};

/// Evidence quoted per concept at most.
const MAX_EVIDENCE: usize = 3;

/// A quoted piece of the answer with its position.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Evidence {
    /// The text of the answer at this place.
    pub text: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, in characters.
    pub column: usize,
    /// Byte offset of the start in the answer.
    pub start: usize,
    /// Byte offset of the end in the answer.
    pub end: usize,
    /// The rubric phrase or pattern that matched here.
    pub matched: String,
    /// The negation cue that governs this mention, if any ("never").
    #[serde(skip_serializing_if = "Option::is_none")]
    pub negated_by: Option<String>,
    /// Misspelt words accepted here.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fuzzy: Vec<FuzzyNote>,
}

/// The result for one concept.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConceptResult {
    /// Concept id.
    pub id: String,
    /// Concept label.
    pub label: String,
    /// Concept weight.
    pub weight: f64,
    /// Whether the answer mentions the concept in a way that counts.
    pub hit: bool,
    /// Share of the weight earned: 1 when covered (and explained, if the
    /// concept asks for depth), the concept's depth credit when only
    /// mentioned, 0 when missed.
    pub credit: f64,
    /// Whether a mention is explained by supporting terms nearby; `null`
    /// when the concept asks for no depth or is missed.
    pub explained: Option<bool>,
    /// What explaining the concept takes, when it was only mentioned.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub depth_hint: Option<String>,
    /// How the best counting mention matched; `null` when missed.
    pub how: Option<MatchKind>,
    /// The counting mentions (at most three).
    pub evidence: Vec<Evidence>,
    /// Mentions that did not count because of their polarity (at most three):
    /// "we never write ADRs" is a blocked mention of ADRs.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub blocked: Vec<Evidence>,
    /// What to add when missed, and why it matters (empty, and left out of
    /// JSON, when the concept was covered).
    #[serde(skip_serializing_if = "String::is_empty")]
    pub hint: String,
}

/// A red flag that fired.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RedFlagResult {
    /// Red flag id.
    pub id: String,
    /// Red flag label.
    pub label: String,
    /// Points taken off.
    pub penalty: f64,
    /// Where the answer affirms the anti-pattern.
    pub evidence: Vec<Evidence>,
    /// Why it is a problem and what to say instead.
    pub feedback: String,
}

/// The full assessment of one answer against one question's rubric.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assessment {
    /// Question id.
    pub question: String,
    /// Question theme.
    pub theme: String,
    /// Weighted share of concepts met, 0-100.
    pub coverage: f64,
    /// Coverage after red-flag penalties, 0-100.
    pub score: f64,
    /// Number of words in the answer.
    pub words: usize,
    /// Every concept of the rubric, in rubric order.
    pub concepts: Vec<ConceptResult>,
    /// Ordered processes of the rubric and how well the answer keeps their order.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sequences: Vec<SequenceResult>,
    /// The red flags that fired.
    pub red_flags: Vec<RedFlagResult>,
    /// Remarks about the answer as a whole: `empty`, `too-short`,
    /// `gibberish`, `question-echo`, `keyword-stuffing` (see `docs/rubric-format.md`).
    pub flags: Vec<String>,
    /// One follow-up question aimed at the most important miss.
    pub follow_up: Option<String>,
}

/// Scores `answer` against the rubric of `entry`.
pub fn score(entry: &Entry, answer: &str) -> Assessment {
    let matcher = &entry.matcher;
    let prepared = matcher.prepare(answer);
    let lines = LineIndex::new(answer);
    // The answer's stems, indexed once if any concept needs its gist.
    let stems = std::cell::OnceCell::new();
    // Token ranges of every counting mention, for the keyword-stuffing check.
    let mut mentioned: Vec<(usize, usize)> = Vec::new();
    // Pattern matches counted beyond the cap, each at least one word.
    let mut uncollected = 0;

    let concepts: Vec<ConceptResult> =
        entry
            .rubric
            .concepts
            .iter()
            .enumerate()
            .map(|(index, concept)| {
                let (all, beyond) = matcher.mentions_counted(&prepared, &matcher.concepts[index]);
                uncollected += beyond;
                let (mut counting, blocked): (Vec<Mention>, Vec<Mention>) =
                    all.into_iter().partition(|m| counts(concept.polarity, m));
                if counting.is_empty() && concept.polarity != Polarity::Rejected {
                    counting.extend(paraphrase(entry, &prepared, &stems, index));
                }
                mentioned.extend(counting.iter().map(|m| (m.first_token, m.last_token)));
                let explained =
                    match (&concept.depth, &matcher.depth[index]) {
                        (Some(depth), Some(target)) if !counting.is_empty() => Some(
                            depth::explained(matcher, &prepared, target, &counting, depth.within),
                        ),
                        _ => None,
                    };
                let paraphrased = counting.iter().all(|m| m.kind == MatchKind::Paraphrase);
                let credit = match (counting.is_empty(), explained, &concept.depth) {
                    (true, _, _) => 0.0,
                    (false, _, _) if paraphrased => PARAPHRASE_CREDIT,
                    (false, Some(false), Some(depth)) => depth.credit.clamp(0.0, 1.0),
                    _ => 1.0,
                };
                ConceptResult {
                    id: concept.id.clone(),
                    label: concept.label.clone(),
                    weight: concept.weight,
                    hit: !counting.is_empty(),
                    how: counting.iter().map(|m| m.kind).min(),
                    credit,
                    explained,
                    depth_hint: concept
                        .depth
                        .as_ref()
                        .filter(|_| explained == Some(false))
                        .map(|d| d.hint.clone()),
                    evidence: evidence(answer, &lines, &counting),
                    blocked: evidence(answer, &lines, &blocked),
                    // Hints are for what was missed; leaving them out of hits
                    // halves the size of a batch's JSON.
                    hint: if counting.is_empty() {
                        concept.hint.clone()
                    } else {
                        String::new()
                    },
                }
            })
            .collect();

    let sequences: Vec<SequenceResult> = entry
        .rubric
        .sequences
        .iter()
        .map(|sequence| order::assess(sequence, &concepts))
        .collect();

    let red_flags: Vec<RedFlagResult> = entry
        .rubric
        .red_flags
        .iter()
        .zip(&matcher.red_flags)
        .filter_map(|(flag, target)| {
            let affirmed: Vec<Mention> = matcher
                .mentions(&prepared, target)
                .into_iter()
                .filter(|m| m.negated_by.is_none())
                .collect();
            (!affirmed.is_empty()).then(|| RedFlagResult {
                id: flag.id.clone(),
                label: flag.label.clone(),
                penalty: flag.penalty,
                evidence: evidence(answer, &lines, &affirmed),
                feedback: flag.feedback.clone(),
            })
        })
        .collect();

    let total = concepts.iter().fold(0.0, |sum, c| sum + c.weight)
        + sequences.iter().fold(0.0, |sum, q| sum + q.weight);
    let met = concepts
        .iter()
        .fold(0.0, |sum, c| sum + c.weight * c.credit)
        + sequences
            .iter()
            .fold(0.0, |sum, q| sum + q.weight * q.credit);
    let coverage = if total > 0.0 {
        100.0 * met / total
    } else {
        0.0
    };
    let penalty = red_flags.iter().fold(0.0, |sum, f| sum + f.penalty);
    let checks = quality::check(entry, &prepared, &mentioned, uncollected);
    let score = (coverage - penalty)
        .clamp(0.0, 100.0)
        .min(checks.cap.unwrap_or(100.0));

    let mut assessment = Assessment {
        question: entry.question.id.clone(),
        theme: entry.question.theme.clone(),
        coverage: round1(coverage),
        score: round1(score),
        words: prepared.tokens.len(),
        concepts,
        sequences,
        red_flags,
        flags: checks.flags,
        follow_up: None,
    };
    assessment.follow_up = follow_up(entry, &assessment);
    assessment
}

/// Share of a concept's weight that a paraphrase (its gist in other words) earns.
pub const PARAPHRASE_CREDIT: f64 = 0.5;

/// A mention of concept `index` in other words: a sentence sharing its gist.
fn paraphrase<'t>(
    entry: &Entry,
    prepared: &'t crate::matching::Prepared<'_>,
    stems: &std::cell::OnceCell<crate::matching::gist::StemIndex<'t>>,
    index: usize,
) -> Option<Mention> {
    let stems = stems.get_or_init(|| crate::matching::gist::StemIndex::new(&prepared.tokens));
    let (first, last) = entry
        .gists
        .get(index)?
        .find_indexed(&prepared.tokens, stems)?;
    Some(Mention {
        start: prepared.tokens[first].start,
        end: prepared.tokens[last].end,
        kind: MatchKind::Paraphrase,
        source: format!("gist of {:?}", entry.rubric.concepts[index].label),
        negated_by: None,
        fuzzy: Vec::new(),
        first_token: first,
        last_token: last,
    })
}

/// Whether a mention counts for a concept of the given polarity.
fn counts(polarity: Polarity, mention: &Mention) -> bool {
    match polarity {
        Polarity::Affirmed => mention.negated_by.is_none(),
        Polarity::Rejected => mention.negated_by.is_some(),
        Polarity::Any => true,
    }
}

fn evidence(answer: &str, lines: &LineIndex<'_>, mentions: &[Mention]) -> Vec<Evidence> {
    let mut quoted: Vec<Evidence> = Vec::new();
    for mention in mentions {
        if quoted.len() == MAX_EVIDENCE {
            break;
        }
        let text = &answer[mention.start..mention.end];
        // One quote per place and per wording: "transactional outbox" and
        // the "outbox" inside it are one piece of evidence.
        let overlaps = |e: &Evidence| e.start < mention.end && mention.start < e.end;
        if quoted
            .iter()
            .any(|e| overlaps(e) || e.text.eq_ignore_ascii_case(text))
        {
            continue;
        }
        let position = lines.position(mention.start);
        quoted.push(Evidence {
            text: text.to_owned(),
            line: position.line,
            column: position.column,
            start: mention.start,
            end: mention.end,
            matched: mention.source.clone(),
            negated_by: mention.negated_by.map(|(s, e)| answer[s..e].to_owned()),
            fuzzy: mention.fuzzy.clone(),
        });
    }
    quoted
}

fn round1(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}
