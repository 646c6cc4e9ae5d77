//! The concept kind: a key idea of the answer, named by its phrases and
//! patterns, said in other words through its exemplars (or, for a v1
//! concept the semantic stage cannot judge, its gist), explained by its
//! claims or, in rubric v1, by its depth phrases. The credit rule that
//! turns what was found into a share of its weight is [`crate::scoring::credit`].

use std::cell::Cell;
use std::collections::{HashMap, HashSet};

use serde::Serialize;

use super::claim::{self, ClaimResult};
use super::{lint_examples, Item, LintContext, Place};
use crate::analysis::{common_words, normalize_word, stem, Token};
use crate::matching::fuzzy::{within_a_typo, VocabularyWord};
use crate::matching::gist::Gist;
use crate::matching::{diagnose, CompileProblem, CompiledTarget, MatchKind, Matcher, Mention};
use crate::rubric::{Concept, Polarity};
use crate::scoring::answer::{counted_evidence, counted_how, Answer, Record, MAX_EVIDENCE};
use crate::scoring::credit::{self, Findings, Status, GENERIC_WORD_WEIGHT, MAX_NAMED_CREDIT};
use crate::scoring::depth;
use crate::scoring::trace::{SemanticTrace, TargetTrace, Verdict};
use crate::scoring::{Evidence, PARAPHRASE_CREDIT};
use crate::semantic::{Centring, ExemplarSets, Rejections, SetId, Unit};

/// Weight from which a concept of a v2 rubric should say what explaining it
/// means (a lint).
pub const CLAIMS_EXPECTED_FROM_WEIGHT: f64 = 2.0;

/// A concept compiled for matching.
#[derive(Debug, Clone)]
pub struct Compiled {
    /// Its phrases and patterns.
    pub target: CompiledTarget,
    /// Its depth phrases (rubric v1), if it asks for depth.
    pub depth: Option<CompiledTarget>,
    /// Its claims, in rubric order.
    pub claims: Vec<claim::Compiled>,
    /// Its own exemplars.
    exemplars: SetId,
}

impl Compiled {
    /// Its exemplar sets: its own, then its claims'.
    pub(crate) fn exemplar_sets(&self) -> Vec<SetId> {
        std::iter::once(self.exemplars)
            .chain(self.claims.iter().map(claim::Compiled::exemplars))
            .collect()
    }
}

/// Compiles `concept`: its phrases, its claims, its depth, in this order
/// (the vocabulary's order decides ties between misspellings).
pub(crate) fn compile(
    matcher: &mut Matcher,
    sets: &mut ExemplarSets,
    (index, concept): (usize, &Concept),
    problems: &mut Vec<(CompileProblem, Place)>,
) -> Compiled {
    let mut found = Vec::new();
    // A v2 concept may be earned through its claims alone.
    let needs_phrases = concept.claims.is_empty() && concept.exemplars.is_empty();
    let target = matcher.compile_target(
        &concept.id,
        &concept.phrases,
        &concept.patterns,
        needs_phrases,
        &mut found,
    );
    // A rejected concept is said by rejecting its practice: its negated
    // exemplars may match negated sentences.
    let rejections = if concept.polarity == Polarity::Rejected {
        Rejections::Match
    } else {
        Rejections::Ignored
    };
    let exemplars = sets.add_with(&concept.exemplars, Centring::First, rejections);
    let claims = concept
        .claims
        .iter()
        .map(|c| claim::compile(matcher, sets, &concept.id, c, &mut found))
        .collect();
    let depth = concept.depth.as_ref().map(|d| {
        let id = format!("{} depth", concept.id);
        matcher.compile_target(&id, &d.phrases, &[], true, &mut found)
    });
    // Every problem is placed at the concept, at the phrase when there is one.
    let at = Item::new("concepts", &concept.id, 0, index);
    problems.extend(found.into_iter().map(|p| {
        let place = Place::value_in(at.clone(), p.value.clone());
        (p, place)
    }));
    Compiled {
        target,
        depth,
        claims,
        exemplars,
    }
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
    /// Whether the concept earned anything.
    pub hit: bool,
    /// What the answer does with the concept (see [`credit`]).
    pub status: Status,
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
    /// The concept's claims and whether the answer makes them (rubric v2).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub claims: Vec<ClaimResult>,
    /// The misconception that contradicts it, if one was stated.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub contradicted_by: Option<String>,
}

impl ConceptResult {
    /// The claims the answer does not make, in rubric order.
    pub fn missing_claims(&self) -> impl Iterator<Item = &ClaimResult> {
        self.claims.iter().filter(|c| !c.made)
    }
}

/// The decision for one concept with everything it was made from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ConceptTrace {
    /// Concept id.
    pub id: String,
    /// Its phrases and patterns, and its exemplars.
    pub target: TargetTrace,
    /// Per claim, its phrases and exemplars.
    pub claims: Vec<TargetTrace>,
    /// A sentence that shares the concept's gist (rubric v1 fallback).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paraphrase: Option<Evidence>,
    /// Where the answer names the concept only to deny it ("eventual
    /// consistency is a bug"): the concept is contradicted.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub denied: Option<Evidence>,
    /// The findings the credit rule read.
    #[serde(skip)]
    pub findings: Findings,
    /// The decision.
    pub status: Status,
    /// The share of the weight earned.
    pub credit: f64,
}

/// What the rubric says about the concept besides itself.
pub(crate) struct Context<'c> {
    /// The rubric is drafted from a model answer.
    pub drafted: bool,
    /// The concept's gist, for paraphrases.
    pub gist: Option<&'c Gist>,
    /// The misconception stated against it, if any.
    pub contradicted_by: Option<String>,
}

/// Assesses one concept of the answer.
pub(crate) fn assess(
    answer: &Answer<'_, '_>,
    concept: &Concept,
    compiled: &Compiled,
    context: Context<'_>,
) -> (ConceptResult, ConceptTrace) {
    // The generic-word rule is rubric v2's: a v1 concept behaves as before.
    // A drafted rubric's key phrases were chosen as the model answer's least
    // common words, so a lone word names them.
    let heavy =
        concept.weight >= GENERIC_WORD_WEIGHT && !concept.claims.is_empty() && !context.drafted;
    // A mention negated by a cue after it denies the concept as the subject
    // of its sentence ("eventual consistency is a bug"): a wrong claim.
    let denial: Cell<Option<Evidence>> = Cell::new(None);
    let judge = |m: &Mention| {
        let verdict = verdict(concept.polarity, heavy, answer, m);
        let cue_follows = m.negated_by.is_some_and(|(cue, _)| cue >= m.end);
        if verdict == Verdict::Negated && cue_follows {
            let first = denial.take();
            denial.set(first.or_else(|| Some(answer.evidence(m))));
        }
        verdict
    };
    let mut target = answer.lexical(&compiled.target, judge, Record::Mentions);
    let named = target.counted();
    let denied = if named { None } else { denial.take() };
    // A unit that names the concept against its polarity ("we never write
    // ADRs", "I measure mainly through individual output" for "never judge
    // individuals") says its contrary: it earns nothing for it in meaning.
    let contrary: Vec<(usize, usize)> = (target.mentions.iter())
        .filter(|m| matches!(m.verdict, Verdict::Negated | Verdict::NotRejected))
        .map(|m| (m.first_token, m.last_token))
        .collect();
    let keep = |_: usize, unit: &Unit| {
        !(contrary.iter())
            .any(|&(first, last)| first >= unit.first_token && last <= unit.last_token)
    };
    let claims = claim::assess_all(
        answer,
        concept,
        &compiled.claims,
        &target,
        context.drafted,
        &keep,
    );
    // A named concept with a claim made is decided: no semantic match.
    let decided = named && (concept.claims.is_empty() || claims.iter().any(TargetTrace::counted));
    if !decided {
        target.semantic = in_other_words(answer, concept, compiled, &keep);
    }
    let paraphrase = paraphrase(answer, concept, context.gist, named);
    let explained = depth_explained(answer, concept, compiled, heavy, named);
    let reached = |threshold: fn(&crate::calibration::Calibration) -> f64| {
        target
            .semantic
            .as_ref()
            .zip(answer.calibration())
            .is_some_and(|(s, c)| s.similarity >= threshold(c))
    };
    let near = reached(|c| c.concept_near);
    let findings = Findings {
        claims: concept.claims.len(),
        claims_made: claims.iter().filter(|c| c.holds()).count(),
        named,
        described: reached(|c| c.concept),
        near: near || paraphrase.is_some(),
        contradicted: context.contradicted_by.is_some() || denied.is_some(),
        depth_explained: explained,
        depth_credit: concept.depth.as_ref().map_or(1.0, |d| d.credit),
        named_credit: concept.named_credit,
    };
    let (status, credit) = credit::decide(&findings);
    let credit = if status == Status::Partial && paraphrase.is_some() && !near {
        PARAPHRASE_CREDIT
    } else {
        credit
    };
    let decision = Decision {
        status,
        credit,
        explained,
        near,
    };
    let result = result(
        concept,
        &target,
        &claims,
        paraphrase.as_ref(),
        &decision,
        context,
    );
    let trace = ConceptTrace {
        id: concept.id.clone(),
        target,
        claims,
        paraphrase,
        denied,
        findings,
        status,
        credit,
    };
    (result, trace)
}

/// Most letters of an acronym: the terms of the field have 2-5 (CAP, ACID,
/// DORA, CQRS, MTTR); a longer word in capitals is a word.
pub const MAX_ACRONYM_LETTERS: usize = 5;

/// Whether a mention names the concept: under its polarity, and, for a
/// heavy v2 concept, not as a lone common word.
fn verdict(polarity: Polarity, heavy: bool, answer: &Answer<'_, '_>, m: &Mention) -> Verdict {
    let polarity_verdict = match (polarity, m.negated_by.is_some()) {
        (Polarity::Affirmed, true) => Verdict::Negated,
        (Polarity::Rejected, false) => Verdict::NotRejected,
        _ => Verdict::Counts,
    };
    // An acronym ("ACID", "CAP") is a term, whatever common word it spells;
    // a longer word in capitals ("DIGNITY") is only shouted.
    let acronym = |t: &Token| {
        let raw = &answer.text[t.start..t.end];
        (2..=MAX_ACRONYM_LETTERS).contains(&raw.chars().count())
            && raw.chars().all(|c| c.is_ascii_uppercase())
    };
    let lone_common_word = m.first_token == m.last_token
        && m.kind != MatchKind::Pattern
        && answer
            .prepared
            .tokens
            .get(m.first_token)
            .is_some_and(|t| common_words::is_common(&t.text) && !acronym(t));
    if polarity == Polarity::Affirmed
        && polarity_verdict == Verdict::Counts
        && heavy
        && lone_common_word
    {
        Verdict::Generic
    } else {
        polarity_verdict
    }
}

/// The concept's own exemplars against the answer: at the full threshold
/// for a v2 concept, at the near one for a v1 concept.
fn in_other_words(
    answer: &Answer<'_, '_>,
    concept: &Concept,
    compiled: &Compiled,
    keep: &dyn Fn(usize, &Unit) -> bool,
) -> Option<SemanticTrace> {
    let calibration = answer.calibration()?;
    let threshold = if concept.claims.is_empty() {
        calibration.concept_near
    } else {
        calibration.concept
    };
    answer.nearest(compiled.exemplars, None, threshold, keep)
}

/// A mention of the concept in other words: a sentence sharing its gist.
/// The gist is the lexical stand-in for exemplars: only for a concept the
/// semantic stage cannot judge.
fn paraphrase(
    answer: &Answer<'_, '_>,
    concept: &Concept,
    gist: Option<&Gist>,
    named: bool,
) -> Option<Evidence> {
    let has_exemplars = !concept.exemplars.is_empty() && answer.semantic().is_some();
    if named
        || has_exemplars
        || !concept.claims.is_empty()
        || concept.polarity == Polarity::Rejected
    {
        return None;
    }
    let tokens = &answer.prepared.tokens;
    let (first, last) = gist?.find_indexed(tokens, answer.stems())?;
    let mention = Mention {
        start: tokens[first].start,
        end: tokens[last].end,
        kind: MatchKind::Paraphrase,
        source: format!("gist of {:?}", concept.label).into(),
        negated_by: None,
        fuzzy: Vec::new(),
        first_token: first,
        last_token: last,
    };
    Some(answer.evidence(&mention))
}

/// Rubric v1 depth: whether a counting mention has a supporting phrase near
/// it (every counting mention, not only those the trace keeps).
fn depth_explained(
    answer: &Answer<'_, '_>,
    concept: &Concept,
    compiled: &Compiled,
    heavy: bool,
    named: bool,
) -> Option<bool> {
    let (Some(depth), Some(support)) = (&concept.depth, &compiled.depth) else {
        return None;
    };
    if !named {
        return None;
    }
    let mentions: Vec<Mention> = answer
        .matcher
        .mentions(answer.prepared, &compiled.target)
        .into_iter()
        .filter(|m| verdict(concept.polarity, heavy, answer, m) == Verdict::Counts)
        .collect();
    Some(depth::explained(
        answer.matcher,
        answer.prepared,
        support,
        &mentions,
        depth.within,
    ))
}

/// The credit decision, and what it was read with.
struct Decision {
    status: Status,
    credit: f64,
    explained: Option<bool>,
    /// The exemplars came near at the near threshold.
    near: bool,
}

fn result(
    concept: &Concept,
    target: &TargetTrace,
    claims: &[TargetTrace],
    paraphrase: Option<&Evidence>,
    decision: &Decision,
    context: Context<'_>,
) -> ConceptResult {
    let Decision {
        status,
        credit,
        explained,
        near,
    } = *decision;
    let mut evidence = counted_evidence(target);
    let mut how = counted_how(target);
    if evidence.is_empty() && status != Status::Missed {
        if let Some(semantic) = target.semantic.as_ref().filter(|_| near) {
            evidence.push(semantic.evidence.clone());
            how = Some(MatchKind::Semantic);
        } else if let Some(p) = paraphrase {
            evidence.push(p.clone());
            how = Some(MatchKind::Paraphrase);
        }
    }
    let claim_results: Vec<ClaimResult> = concept
        .claims
        .iter()
        .zip(claims)
        .map(|(claim, trace)| claim::result(claim, trace))
        .collect();
    if how.is_none() {
        how = claim_results.iter().filter_map(|c| c.how).min();
    }
    // Earned through its claims alone: the claims' places are the evidence.
    if evidence.is_empty() {
        evidence = claim_results
            .iter()
            .flat_map(|c| c.evidence.iter().cloned())
            .take(MAX_EVIDENCE)
            .collect();
    }
    let earned = credit > 0.0;
    ConceptResult {
        id: concept.id.clone(),
        label: concept.label.clone(),
        weight: concept.weight,
        hit: earned,
        status,
        credit,
        explained: match status {
            _ if concept.claims.is_empty() => explained,
            Status::Explained | Status::OwnWords => Some(true),
            Status::Named | Status::Partial => Some(false),
            _ => None,
        },
        depth_hint: concept
            .depth
            .as_ref()
            .filter(|_| explained == Some(false))
            .map(|d| d.hint.clone()),
        how: if earned { how } else { None },
        evidence: if earned { evidence } else { Vec::new() },
        blocked: target
            .mentions
            .iter()
            // Polarity only: a lone generic word is no mention at all.
            .filter(|m| matches!(m.verdict, Verdict::Negated | Verdict::NotRejected))
            .take(MAX_EVIDENCE)
            .map(|m| m.evidence.clone())
            .collect(),
        // Hints are for what was missed; leaving them out of hits halves
        // the size of a batch's JSON.
        hint: if earned {
            String::new()
        } else {
            concept.hint.clone()
        },
        claims: claim_results,
        contradicted_by: context.contradicted_by,
    }
}

/// Whether the answer earns the concept (for `mock rubric test`).
pub(crate) fn holds(result: &ConceptResult) -> bool {
    result.hit
}

/// The explanation of the decision on one concept: its polarity, every
/// mention and semantic match, its claims, and for a miss without any
/// mention the nearest the answer came to a phrase.
pub(crate) fn explain(
    concept: &Concept,
    compiled: &Compiled,
    decided: &ConceptTrace,
    explaining: &super::Explaining<'_>,
) -> String {
    let polarity = match concept.polarity {
        Polarity::Affirmed => "affirmed mentions count",
        Polarity::Rejected => "only rejected (negated) mentions count",
        Polarity::Any => "every mention counts",
    };
    let mut out = format!(
        "concept {} ({}, weight {}): {} - {:.0}% credit [{polarity}]\n",
        concept.id,
        concept.label,
        concept.weight,
        decided.status.describe().to_uppercase(),
        decided.credit * 100.0
    );
    out.push_str(&decided.target.describe("  "));
    if let Some(denied) = &decided.denied {
        out.push_str(&format!(
            "  denied: the answer names it at {}:{} only to deny it ({:?}): a wrong claim\n",
            denied.line, denied.column, denied.text
        ));
    }
    if let Some(paraphrase) = &decided.paraphrase {
        out.push_str(&format!(
            "  paraphrase: the sentence at {}:{} shares the concept's gist in other words ({:?})\n",
            paraphrase.line, paraphrase.column, paraphrase.text
        ));
    }
    for (claim, traced) in concept.claims.iter().zip(&decided.claims) {
        out.push_str(&claim::explain(claim, traced));
    }
    if decided.target.mentions.is_empty() && decided.credit == 0.0 {
        out.push_str(&diagnose::why_missed(
            &explaining.prepared,
            &explaining.lines,
            &compiled.target,
        ));
    }
    out
}

/// The checks of every concept: a unique id (among concepts, red flags and
/// sequences), a positive weight, credits in range; and, as warnings, the
/// self-tests and (rubric v2) the claims and exemplars it should have.
pub(crate) fn lint(concepts: &[Concept], context: &mut LintContext) {
    let mut occurrences: HashMap<&str, usize> = HashMap::new();
    for (index, concept) in concepts.iter().enumerate() {
        let n = occurrences.entry(concept.id.as_str()).or_default();
        let at = Item::new("concepts", &concept.id, *n, index);
        *n += 1;
        let id = &concept.id;
        if id.trim().is_empty() {
            let message = format!("concept {:?}: the id is empty", concept.label);
            context.error(Place::item(at.clone()), message);
        }
        if !context.ids.insert(concept.id.clone()) {
            context.error(Place::item(at.clone()), format!("duplicate id {id:?}"));
        }
        if !(concept.weight.is_finite() && concept.weight > 0.0) {
            let message = format!("concept {id:?}: weight must be a positive number");
            context.error(Place::key_in(at.clone(), "weight"), message);
        }
        if let Some(depth) = &concept.depth {
            if !(0.0..=1.0).contains(&depth.credit) {
                let message =
                    format!("concept {id:?}: depth credit must be a number between 0 and 1");
                context.error(Place::key_in(at.clone(), "credit"), message);
            }
        }
        let (examples, counterexamples) = (&concept.examples, &concept.counterexamples);
        lint_examples(context, &at, "concept", id, examples, counterexamples);
        claim::lint(concept, &at, context);
        lint_v2(concept, &at, context);
    }
}

/// Rubric v2: the named credit in range; as warnings, claims for a heavy
/// concept and exemplars for the semantic stage.
fn lint_v2(concept: &Concept, at: &Item, context: &mut LintContext) {
    let id = &concept.id;
    if let Some(credit) = concept.named_credit {
        if !(credit.is_finite() && (0.0..=MAX_NAMED_CREDIT).contains(&credit)) {
            let message =
                format!("concept {id:?}: named_credit must be between 0 and {MAX_NAMED_CREDIT}");
            context.error(Place::key_in(at.clone(), "named_credit"), message);
        }
    }
    if context.is_v2 && concept.claims.is_empty() && concept.weight >= CLAIMS_EXPECTED_FROM_WEIGHT {
        let message = format!(
            "concept {id:?} (weight {}) has no claims: naming it earns its full weight; add 1-3 claims that say what explaining it means",
            concept.weight
        );
        context.warning(Place::item(at.clone()), message);
    }
    if context.is_v2 && concept.exemplars.is_empty() {
        let message = format!(
            "concept {id:?} has no exemplars; add 2-5 plain-words sentences for the semantic stage"
        );
        context.warning(Place::item(at.clone()), message);
    }
}

/// Warnings that need the compiled rubric: two concepts with a phrase that
/// is the same after stemming (one mention would earn both).
pub(crate) fn lint_collisions(
    concepts: &[Concept],
    compiled: &[Compiled],
    context: &mut LintContext,
) {
    let mut owner: HashMap<&[u32], (usize, &str)> = HashMap::new();
    let mut reported = HashSet::new();
    for (index, target) in compiled.iter().map(|c| &c.target).enumerate() {
        for phrase in &target.phrases {
            match owner.get(phrase.stem_ids.as_slice()) {
                // A phrase is compiled twice (as written and joined); report it once.
                Some(&(other, other_phrase))
                    if other != index && reported.insert((index, &*phrase.text)) =>
                {
                    let message = format!(
                        "phrase {:?} of concept {:?} is the same after stemming as {:?} of concept {:?}; one mention would earn both",
                        phrase.text, concepts[index].id, other_phrase, concepts[other].id
                    );
                    let at = Item::new("concepts", &concepts[index].id, 0, index);
                    context.warning(Place::value_in(at, Some(phrase.text.to_string())), message);
                }
                Some(_) => {}
                None => {
                    owner.insert(&phrase.stem_ids, (index, &phrase.text));
                }
            }
        }
    }
}

/// Warnings about phrase words a typo away from a common English word:
/// misspellings of the two would be ambiguous.
pub(crate) fn lint_common_words(at: Item, phrases: &[String], context: &mut LintContext) {
    for phrase in phrases {
        for word in phrase
            .split(|c: char| !c.is_alphanumeric())
            .map(normalize_word)
        {
            if let Some(near) = near_common_word(&word) {
                let message = format!(
                    "word {word:?} of phrase {phrase:?} is one edit from the common word {near:?}, so a typo of {near:?} may be taken for it; prefer a phrase that does not hinge on this word"
                );
                context.warning(Place::value_in(at.clone(), Some(phrase.clone())), message);
            }
        }
    }
}

/// A common English word (other than an inflection of `word`) so close to
/// `word` that a one-letter typo of it could still be taken for `word` by
/// the fuzzy rule. (The common word itself is safe: common words never
/// match fuzzily.)
pub fn near_common_word(word: &str) -> Option<&'static str> {
    VocabularyWord::new(word, 0)?;
    if common_words::is_common(word) {
        // Common words are matched exactly and never fuzzily; nothing to warn.
        return None;
    }
    let own_stem = stem(word);
    common_words::all().find(|common| within_a_typo(common, word) && stem(common) != own_stem)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_phrase_word_near_a_common_word_is_found_by_the_fuzzy_rule() {
        assert_eq!(near_common_word("developmant"), Some("development"));
        assert_eq!(near_common_word("development"), None, "itself common");
        assert_eq!(
            near_common_word("contract"),
            None,
            "a typo of contact is two edits away"
        );
        assert_eq!(near_common_word("kubernetes"), None);
    }
}
