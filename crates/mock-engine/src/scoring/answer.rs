//! One answer, prepared once for every rule kind: its tokens mapped onto the
//! rubric's vocabulary, its line index, its semantic units, and the helpers
//! that turn what matched into quoted evidence and trace entries. The kinds
//! read the answer only through this, and depend on it rather than on the
//! order in which [`super::run`] calls them.

use std::cell::{Cell, OnceCell, RefCell};

use super::endorse;
use super::trace::{MentionTrace, SemanticTrace, TargetTrace, Verdict, MAX_TRACED_MENTIONS};
use super::Evidence;
use crate::analysis::LineIndex;
use crate::calibration::Calibration;
use crate::matching::gist::StemIndex;
use crate::matching::{CompiledTarget, Matcher, Mention, Prepared};
use crate::semantic::{AnswerUnits, Exemplars, SemanticIndex, SemanticMatch, SetId, Unit};

/// Evidence quoted per concept, claim, red flag or misconception at most.
pub(crate) const MAX_EVIDENCE: usize = 3;

/// Whether the token ranges of a target's counting mentions are recorded for
/// the whole-answer checks (concepts and claims are; red flags and
/// misconceptions are not: they are no part of what the answer covers).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Record {
    Mentions,
    Nothing,
}

/// An answer prepared for scoring against one compiled question.
pub(crate) struct Answer<'r, 'a> {
    /// The raw text.
    pub text: &'a str,
    /// The rubric's vocabulary, which the answer was prepared against.
    pub matcher: &'r Matcher,
    /// Tokens mapped onto the vocabulary.
    pub prepared: &'r Prepared<'a>,
    /// Byte offsets to lines and columns.
    pub lines: LineIndex<'a>,
    /// The semantic stage, when it is on: the rubric's exemplars and the
    /// answer's encoded units.
    semantic: Option<(&'r SemanticIndex, AnswerUnits)>,
    /// Pattern matches counted beyond the collection cap, each at least a word.
    uncollected: Cell<usize>,
    /// Token ranges of every counting mention of a concept or claim (not
    /// only those the trace keeps), for the stuffing and focus checks.
    mentioned: RefCell<Vec<(usize, usize)>>,
    /// The answer's stems by position, for gists; built on first use.
    stems: OnceCell<StemIndex<'r>>,
    /// Per unit, whether it endorses what it says (red flags); on first use.
    endorsing: OnceCell<Vec<bool>>,
}

impl<'r, 'a> Answer<'r, 'a> {
    /// Prepares `text`, already mapped onto `matcher`'s vocabulary; with a
    /// semantic index, its units are encoded now.
    pub fn new(
        text: &'a str,
        matcher: &'r Matcher,
        prepared: &'r Prepared<'a>,
        semantic: Option<&'r SemanticIndex>,
    ) -> Self {
        Answer {
            text,
            matcher,
            prepared,
            lines: LineIndex::new(text),
            semantic: semantic.map(|index| (index, index.units(text, &prepared.tokens))),
            uncollected: Cell::new(0),
            mentioned: RefCell::new(Vec::new()),
            stems: OnceCell::new(),
            endorsing: OnceCell::new(),
        }
    }

    /// The semantic stage, when it is on.
    pub fn semantic(&self) -> Option<(&'r SemanticIndex, &AnswerUnits)> {
        self.semantic.as_ref().map(|(index, units)| (*index, units))
    }

    /// The encoder's thresholds, when the semantic stage is on.
    pub fn calibration(&self) -> Option<&'r Calibration> {
        self.semantic.as_ref().map(|(index, _)| index.calibration())
    }

    /// Sentences and clauses the semantic stage compared.
    pub fn units(&self) -> usize {
        self.semantic
            .as_ref()
            .map_or(0, |(_, units)| units.units.len())
    }

    /// The answer's stems by position.
    pub fn stems(&self) -> &StemIndex<'r> {
        self.stems
            .get_or_init(|| StemIndex::new(&self.prepared.tokens))
    }

    /// The token ranges of the counting mentions recorded so far, and the
    /// pattern matches counted beyond the collection cap.
    pub fn take_mentioned(&self) -> (Vec<(usize, usize)>, usize) {
        (self.mentioned.take(), self.uncollected.get())
    }

    /// The mentions of `target`, each with the verdict `judge` gives it.
    pub fn lexical(
        &self,
        target: &CompiledTarget,
        judge: impl Fn(&Mention) -> Verdict,
        record: Record,
    ) -> TargetTrace {
        let (mentions, beyond) = self.matcher.mentions_counted(self.prepared, target);
        self.uncollected.set(self.uncollected.get() + beyond);
        let mut traced: Vec<MentionTrace> = Vec::new();
        let mut counted = 0;
        let mut mentioned = self.mentioned.borrow_mut();
        for m in mentions {
            let verdict = judge(&m);
            if record == Record::Mentions && verdict == Verdict::Counts {
                mentioned.push((m.first_token, m.last_token));
            }
            // Keep every counting mention up to the cap, then only what the
            // trace shows; the evidence lists quote at most three anyway.
            if traced.len() >= MAX_TRACED_MENTIONS && (verdict != Verdict::Counts || counted > 0) {
                continue;
            }
            counted += usize::from(verdict == Verdict::Counts);
            traced.push(MentionTrace {
                evidence: self.evidence(&m),
                kind: m.kind,
                verdict,
                first_token: m.first_token,
                last_token: m.last_token,
            });
        }
        TargetTrace {
            mentions: traced,
            semantic: None,
        }
    }

    /// The best match of set `set` over `units` (the answer's own, unless
    /// given) among the units `keep` accepts, accepted at `threshold`.
    pub fn nearest(
        &self,
        set: SetId,
        units: Option<&AnswerUnits>,
        threshold: f64,
        keep: impl Fn(usize, &Unit) -> bool,
    ) -> Option<SemanticTrace> {
        let (index, own) = self.semantic()?;
        let units = units.unwrap_or(own);
        let exemplars = index.exemplars(set);
        if exemplars.is_empty() {
            return None;
        }
        let found = index.best_where(exemplars, units, keep)?;
        Some(self.semantic_record(units, exemplars, found, threshold, None))
    }

    /// A semantic match as the trace records it; `accepted` defaults to
    /// reaching the threshold.
    pub fn semantic_record(
        &self,
        units: &AnswerUnits,
        exemplars: &Exemplars,
        found: SemanticMatch,
        threshold: f64,
        accepted: Option<bool>,
    ) -> SemanticTrace {
        let exemplar = exemplars.texts[found.exemplar].clone();
        SemanticTrace {
            evidence: Evidence {
                matched: exemplar.clone(),
                similarity: Some(found.similarity),
                ..self.unit_evidence(units, found.unit)
            },
            exemplar,
            similarity: found.similarity,
            threshold,
            accepted: accepted.unwrap_or(found.similarity >= threshold),
        }
    }

    /// Whether unit `unit` of the answer endorses what it says (see
    /// [`endorse::endorses`]), computed once per answer.
    pub fn endorses(&self, unit: usize) -> bool {
        let endorsing = self.endorsing.get_or_init(|| {
            self.semantic().map_or_else(Vec::new, |(_, units)| {
                units
                    .units
                    .iter()
                    .map(|u| endorse::endorses(&self.prepared.tokens, u.first_token, u.last_token))
                    .collect()
            })
        });
        endorsing.get(unit).copied().unwrap_or(false)
    }

    /// The answer unit `unit` quoted as evidence.
    pub fn unit_evidence(&self, units: &AnswerUnits, unit: usize) -> Evidence {
        let unit = &units.units[unit];
        let position = self.lines.position(unit.start);
        Evidence {
            text: self.text[unit.start..unit.end].to_owned(),
            line: position.line,
            column: position.column,
            start: unit.start,
            end: unit.end,
            matched: String::new(),
            negated_by: None,
            fuzzy: Vec::new(),
            similarity: None,
        }
    }

    /// A mention quoted as evidence.
    pub fn evidence(&self, mention: &Mention) -> Evidence {
        let position = self.lines.position(mention.start);
        Evidence {
            text: self.text[mention.start..mention.end].to_owned(),
            line: position.line,
            column: position.column,
            start: mention.start,
            end: mention.end,
            matched: mention.source.to_string(),
            negated_by: mention.negated_by.map(|(s, e)| self.text[s..e].to_owned()),
            fuzzy: mention.fuzzy.clone(),
            similarity: None,
        }
    }
}

/// The counting mentions' evidence: at most three, one per place and wording.
pub(crate) fn counted_evidence(trace: &TargetTrace) -> Vec<Evidence> {
    let mut quoted: Vec<Evidence> = Vec::new();
    for m in trace
        .mentions
        .iter()
        .filter(|m| m.verdict == Verdict::Counts)
    {
        if quoted.len() == MAX_EVIDENCE {
            break;
        }
        let e = &m.evidence;
        // "transactional outbox" and the "outbox" inside it are one piece of evidence.
        let overlaps = |q: &Evidence| q.start < e.end && e.start < q.end;
        if quoted
            .iter()
            .any(|q| overlaps(q) || q.text.eq_ignore_ascii_case(&e.text))
        {
            continue;
        }
        quoted.push(e.clone());
    }
    quoted
}

/// The quotes of a stated red flag or misconception: its counting mentions,
/// or the sentence the semantic stage accepted.
pub(crate) fn stated_evidence(trace: &TargetTrace) -> Vec<Evidence> {
    let mut evidence = counted_evidence(trace);
    if evidence.is_empty() {
        evidence.extend(trace.semantic.as_ref().map(|s| s.evidence.clone()));
    }
    evidence
}

/// How a target's counting mentions matched, the most literal way first.
pub(crate) fn counted_how(trace: &TargetTrace) -> Option<crate::matching::MatchKind> {
    trace
        .mentions
        .iter()
        .filter(|m| m.verdict == Verdict::Counts)
        .map(|m| m.kind)
        .min()
}
