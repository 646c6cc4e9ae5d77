//! One scoring run: matching every target, the semantic stage, the credit
//! decisions, red flags, misconceptions, caps, and the trace of it all.

use std::cell::OnceCell;

use super::credit::{self, Findings, Status, GENERIC_WORD_WEIGHT};
use super::trace::{
    ClosenessTrace, ConceptTrace, MentionTrace, SemanticTrace, TargetTrace, Trace, Verdict,
    MAX_TRACED_MENTIONS,
};
use super::{
    depth, follow_up, order, quality, Assessment, ClaimResult, Closeness, ConceptResult, Deduction,
    Evidence, MisconceptionResult, RedFlagResult, SequenceResult, MISCONCEPTION_CAPS,
    PARAPHRASE_CREDIT, RED_FLAG_CAP,
};
use crate::analysis::{common_words, LineIndex};
use crate::matching::gist::StemIndex;
use crate::matching::{CompiledTarget, MatchKind, Mention, Prepared};
use crate::rubric::Polarity;
use crate::semantic::{AnswerUnits, Exemplars, SemanticIndex, SemanticMatch};
use crate::CompiledQuestion;

// The thresholds are centred cosines (see `semantic`), calibrated on the dev
// split of bench/validity with `cargo run --release --example calibrate` and
// `--example validity` (ADR 0010): on dev answers, the best claim similarity
// is 0.17-0.25 at the 90th percentile for off-topic, shallow and buzzword
// answers and 0.34-0.42 for plain-words answers; 0.27, 0.30 and 0.33 gave dev
// Spearman 0.697, 0.710 and 0.709.
// The claim threshold was raised to 0.35 when the rubrics' exemplars doubled
// (the best of more exemplars is higher for every answer): on dev, 0.30,
// 0.33, 0.35, 0.36, 0.39 gave Spearman 0.684, 0.693, 0.711, 0.706, 0.713 and
// Pearson 0.704, 0.704, 0.709, 0.702, 0.702; 0.35 keeps off-topic (4.7) and
// shallow (37.6) dev answers where they were before, with plain words at 62.4.

/// Centred similarity at which a sentence says a concept in other words.
pub const CONCEPT_THRESHOLD: f64 = 0.40;
/// Centred similarity at which a sentence comes close to a v1 concept.
pub const CONCEPT_NEAR_THRESHOLD: f64 = 0.32;
/// Centred similarity at which a sentence makes a claim.
pub const CLAIM_THRESHOLD: f64 = 0.35;
/// Centred similarity at which a sentence makes a claim of a drafted rubric
/// (`drafted: true`): its claims' exemplars are the model answer's own
/// sentences, centred on everyday English rather than on the rubric, and an
/// answer on the topic comes closer to them than to hand-written exemplars.
/// Chosen on the SemEval-2013 training split only (`examples/asag.rs`):
/// 0.6, 0.7 and 0.8 gave weighted F1 0.681, 0.683, 0.681 (SciEntsBank) and
/// 0.721, 0.760, 0.768 (Beetle).
pub const DRAFTED_CLAIM_THRESHOLD: f64 = 0.80;

/// Closeness to a drafted rubric's model answer (the mean, over its
/// sentences, of the nearest answer sentence's centred similarity) under
/// which it earns nothing ...
pub const CLOSENESS_FLOOR: f64 = 0.5;
/// ... and from which it earns full credit, linearly in between.
pub const CLOSENESS_FULL: f64 = 0.7;
/// How far the concepts' coverage rises towards the closeness credit when
/// that is higher. The three were chosen together on the SemEval-2013
/// training split only (`examples/asag.rs`, 2-way weighted F1, mean of the
/// two corpora), among floors 0.3-0.5, full marks 0.6-0.9 and weights
/// 0.5-1.0: the surface is flat near the top (0.7325 here, 0.7315 for
/// 0.4/0.8/0.7 and 0.3/0.7/0.5, 0.7310 for 0.5/0.8/1.0; 0.7225 without
/// closeness).
/// Raising, never lowering, keeps an answer that earns the key concepts in
/// few words ("main()" for "the main function") at what they earn. ADR 0012.
pub const CLOSENESS_WEIGHT: f64 = 0.7;

/// Centred similarity at which a sentence states a misconception ... Set
/// above anything measured: on dev answers wrong statements reached 0.49
/// and correct ones 0.58, so embeddings cannot tell them apart and
/// misconceptions are in practice found by their phrases.
pub const MISCONCEPTION_THRESHOLD: f64 = 0.70;
/// Centred similarity at which a sentence that endorses a practice states a
/// red flag's harmful practice: effectively off, like misconceptions. At 0.45
/// (dev calibration, `--example calibrate`: good answers' best endorsing
/// sentence reached 0.36, red-flag answers' 0.29-0.62, dev Spearman 0.711 ->
/// 0.728) it fired on the built-in partial data-consistency example, whose
/// "I think most data between microservices can be eventually consistent"
/// is 0.54 from "I'd have all the microservices enlist in a single global
/// transaction": between the two dev true positives (0.51, 0.62). No
/// threshold separates them; the nearest exemplar still shows in `explain`.
pub const RED_FLAG_THRESHOLD: f64 = 0.70;
/// ... when it is also closer to the misconception than to any claim or
/// exemplar of the concept it contradicts, by at least this much.
pub const MISCONCEPTION_MARGIN: f64 = 0.08;

/// Evidence quoted per concept at most.
const MAX_EVIDENCE: usize = 3;

/// Scores `answer` against the rubric of `entry`.
pub fn score(entry: &CompiledQuestion, answer: &str) -> Assessment {
    score_traced(entry, answer).0
}

/// Scores `answer` and returns the trace of every decision with it.
pub fn score_traced(entry: &CompiledQuestion, answer: &str) -> (Assessment, Trace) {
    Run::new(entry, answer).finish()
}

struct Run<'e, 'a> {
    entry: &'e CompiledQuestion,
    answer: &'a str,
    prepared: Prepared<'a>,
    lines: LineIndex<'a>,
    units: Option<AnswerUnits>,
    /// Pattern matches counted beyond the collection cap, each at least a word.
    uncollected: std::cell::Cell<usize>,
    /// Token ranges of every counting mention of a concept or claim (not
    /// only those the trace keeps), for the stuffing and focus checks.
    mentioned: std::cell::RefCell<Vec<(usize, usize)>>,
}

impl<'e, 'a> Run<'e, 'a> {
    fn new(entry: &'e CompiledQuestion, answer: &'a str) -> Self {
        let prepared = entry.matcher.prepare(answer);
        let units = entry
            .semantic()
            .map(|index| index.units(answer, &prepared.tokens));
        Run {
            entry,
            answer,
            lines: LineIndex::new(answer),
            prepared,
            units,
            uncollected: std::cell::Cell::new(0),
            mentioned: std::cell::RefCell::new(Vec::new()),
        }
    }

    fn semantic(&self) -> Option<(&SemanticIndex, &AnswerUnits)> {
        Some((self.entry.semantic()?, self.units.as_ref()?))
    }

    fn finish(self) -> (Assessment, Trace) {
        let entry = self.entry;
        let rubric = &entry.rubric;
        let matcher = &entry.matcher;
        let stems: OnceCell<StemIndex<'_>> = OnceCell::new();
        let claim_threshold = if rubric.scored_as_drafted() {
            DRAFTED_CLAIM_THRESHOLD
        } else {
            CLAIM_THRESHOLD
        };

        // Misconceptions first: a contradicted concept earns nothing.
        let misconception_traces: Vec<TargetTrace> = (0..rubric.misconceptions.len())
            .map(|i| self.misconception(i))
            .collect();

        let mut concept_traces = Vec::with_capacity(rubric.concepts.len());
        let mut concepts = Vec::with_capacity(rubric.concepts.len());
        for (index, concept) in rubric.concepts.iter().enumerate() {
            // The generic-word rule is rubric v2's: a v1 concept behaves as
            // before. A drafted rubric's key phrases were chosen as the
            // model answer's least common words, so a lone word names them.
            let heavy = concept.weight >= GENERIC_WORD_WEIGHT
                && !concept.claims.is_empty()
                && !rubric.scored_as_drafted();
            let mut target = self.lexical_recorded(&matcher.concepts[index], |m| {
                concept_verdict(concept.polarity, heavy, &self.prepared, m)
            });
            let counting: Vec<&MentionTrace> = target
                .mentions
                .iter()
                .filter(|m| m.verdict == Verdict::Counts)
                .collect();
            let named = !counting.is_empty();
            // Where the answer names the concept: claims are matched in
            // meaning without those words.
            let name_spans: Vec<(usize, usize)> = counting
                .iter()
                .map(|m| {
                    let tokens = &self.prepared.tokens;
                    (tokens[m.first_token].start, tokens[m.last_token].end)
                })
                .collect();
            let masked_units = self
                .semantic()
                .and_then(|(index_, units)| index_.masked(units, self.answer, &name_spans));
            let claims: Vec<TargetTrace> = matcher.claims[index]
                .iter()
                .enumerate()
                .map(|(c, compiled)| {
                    let polarity = concept.claims[c].polarity;
                    let mut claim = self.lexical_recorded(compiled, |m| {
                        if m.negated_by.is_some() && polarity == Polarity::Affirmed {
                            Verdict::Negated
                        } else {
                            Verdict::Counts
                        }
                    });
                    // A claim made in so many words needs no semantic match.
                    claim.semantic =
                        self.semantic()
                            .filter(|_| !claim.counted())
                            .and_then(|(index_, units)| {
                                let exemplars = &index_.claims[index][c];
                                let units = masked_units.as_ref().unwrap_or(units);
                                let found = index_.best(exemplars, units)?;
                                Some(self.semantic_record(
                                    units,
                                    exemplars,
                                    found,
                                    claim_threshold,
                                    found.similarity >= claim_threshold,
                                ))
                            });
                    claim
                })
                .collect();
            // A named concept with a claim made is decided: no semantic match.
            let decided =
                named && (concept.claims.is_empty() || claims.iter().any(TargetTrace::counted));
            target.semantic = self
                .semantic()
                .filter(|_| !decided)
                .and_then(|(index_, units)| {
                    let threshold = if concept.claims.is_empty() {
                        CONCEPT_NEAR_THRESHOLD
                    } else {
                        CONCEPT_THRESHOLD
                    };
                    self.semantic_trace(index_, units, &index_.concepts[index], threshold)
                });
            let best = target.semantic.as_ref().map_or(0.0, |s| s.similarity);
            let has_exemplars = !concept.exemplars.is_empty() && entry.semantic().is_some();
            // The gist is the lexical stand-in for exemplars: only for a
            // concept the semantic stage cannot judge.
            let paraphrase = (!named
                && !has_exemplars
                && concept.claims.is_empty()
                && concept.polarity != Polarity::Rejected)
                .then(|| self.paraphrase(&stems, index))
                .flatten();
            let explained = match (&concept.depth, &matcher.depth[index]) {
                (Some(depth), Some(support)) if named => {
                    // Every counting mention, not only those the trace keeps.
                    let mentions: Vec<Mention> = matcher
                        .mentions(&self.prepared, &matcher.concepts[index])
                        .into_iter()
                        .filter(|m| {
                            concept_verdict(concept.polarity, heavy, &self.prepared, m)
                                == Verdict::Counts
                        })
                        .collect();
                    Some(depth::explained(
                        matcher,
                        &self.prepared,
                        support,
                        &mentions,
                        depth.within,
                    ))
                }
                _ => None,
            };
            let contradicted_by = rubric
                .misconceptions
                .iter()
                .zip(&misconception_traces)
                .find(|(m, t)| m.contradicts.as_deref() == Some(&concept.id) && stated(t))
                .map(|(m, _)| m.id.clone());
            let findings = Findings {
                claims: concept.claims.len(),
                claims_made: claims.iter().filter(|c| claim_made(c)).count(),
                named,
                described: best >= CONCEPT_THRESHOLD,
                near: (best >= CONCEPT_NEAR_THRESHOLD) || paraphrase.is_some(),
                contradicted: contradicted_by.is_some(),
                depth_explained: explained,
                depth_credit: concept.depth.as_ref().map_or(1.0, |d| d.credit),
                named_credit: concept.named_credit,
            };
            let (status, credit) = credit::decide(&findings);
            let credit = if status == Status::Partial
                && paraphrase.is_some()
                && best < CONCEPT_NEAR_THRESHOLD
            {
                PARAPHRASE_CREDIT
            } else {
                credit
            };
            concepts.push(self.concept_result(
                index,
                &target,
                &claims,
                paraphrase.as_ref(),
                status,
                credit,
                explained,
                contradicted_by,
            ));
            concept_traces.push(ConceptTrace {
                id: concept.id.clone(),
                target,
                claims,
                paraphrase,
                findings,
                status,
                credit,
            });
        }

        let sequences: Vec<SequenceResult> = rubric
            .sequences
            .iter()
            .map(|sequence| order::assess(sequence, &concepts))
            .collect();

        let red_flag_traces: Vec<TargetTrace> = (0..rubric.red_flags.len())
            .map(|i| self.red_flag(i))
            .collect();
        let red_flags: Vec<RedFlagResult> = rubric
            .red_flags
            .iter()
            .zip(&red_flag_traces)
            .filter(|(_, t)| stated(t))
            .map(|(flag, t)| RedFlagResult {
                id: flag.id.clone(),
                label: flag.label.clone(),
                penalty: flag.penalty,
                cap: flag.cap.unwrap_or(RED_FLAG_CAP),
                evidence: stated_evidence(t),
                feedback: flag.feedback.clone(),
            })
            .collect();
        let misconceptions: Vec<MisconceptionResult> = rubric
            .misconceptions
            .iter()
            .zip(&misconception_traces)
            .filter(|(_, t)| stated(t))
            .map(|(m, t)| MisconceptionResult {
                id: m.id.clone(),
                label: m.label.clone(),
                contradicts: m.contradicts.clone(),
                evidence: stated_evidence(t),
                feedback: m.feedback.clone(),
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

        // A drafted rubric: an answer that comes close to the model answer
        // sentence by sentence earns part of that, whatever its words.
        // A sentence that affirms what the model answer rejects ("we always
        // use distributed transactions" against "never use distributed
        // transactions") is no way of saying the model answer, however
        // close its words are.
        // Drafted rubrics only: written ones skip this on the hot path.
        let endorsed: Vec<&MentionTrace> = if rubric.scored_as_drafted() {
            concept_traces
                .iter()
                .flat_map(|c| &c.target.mentions)
                .filter(|m| m.verdict == Verdict::NotRejected)
                .collect()
        } else {
            Vec::new()
        };
        let near = self
            .semantic()
            .filter(|_| rubric.scored_as_drafted())
            .and_then(|(index, units)| {
                let found = index.closeness_where(units, |unit| {
                    !endorsed.iter().any(|m| {
                        m.first_token >= unit.first_token && m.last_token <= unit.last_token
                    })
                })?;
                Some((found, index, units))
            });
        let closeness_left_out: Vec<Evidence> =
            endorsed.iter().map(|m| m.evidence.clone()).collect();
        let closeness_trace = near
            .as_ref()
            .map(|(found, index, units)| {
                let model = &index.model_answers[found.model_answer];
                model
                    .sentences
                    .iter()
                    .zip(&found.sentences)
                    .map(|(sentence, (unit, similarity))| ClosenessTrace {
                        sentence: sentence.text.clone(),
                        nearest: unit.map(|u| self.unit_evidence(units, u)),
                        similarity: *similarity,
                    })
                    .collect()
            })
            .unwrap_or_default();
        let closeness = near.map(|(found, _, _)| {
            let credit = ((found.similarity - CLOSENESS_FLOOR)
                / (CLOSENESS_FULL - CLOSENESS_FLOOR))
                .clamp(0.0, 1.0);
            let points = CLOSENESS_WEIGHT * (100.0 * credit - coverage).max(0.0);
            Closeness {
                similarity: found.similarity,
                credit: (credit * 1000.0).round() / 1000.0,
                points: round1(points),
            }
        });
        let coverage = coverage + closeness.as_ref().map_or(0.0, |c| c.points);

        let mentioned = self.mentioned.take();
        let mut checks = quality::check(entry, &self.prepared, &mentioned, self.uncollected.get());
        let touched = self.touched_sentences(&mentioned, &concept_traces);
        let focus = quality::focus(&self.prepared, &touched);
        checks.apply_focus(&self.prepared, focus);

        let mut rules: Vec<Deduction> = Vec::new();
        for flag in &red_flags {
            rules.push(deduction(
                "red-flag",
                Some(&flag.id),
                flag.penalty,
                Some(flag.cap),
            ));
        }
        for (n, m) in misconceptions.iter().enumerate() {
            let own = rubric
                .misconceptions
                .iter()
                .find(|r| r.id == m.id)
                .and_then(|r| r.cap);
            let cap = own.unwrap_or(MISCONCEPTION_CAPS[n.min(MISCONCEPTION_CAPS.len() - 1)]);
            rules.push(deduction("misconception", Some(&m.id), 0.0, Some(cap)));
        }
        for (flag, cap) in &checks.caps {
            rules.push(deduction(flag, None, 0.0, Some(*cap)));
        }
        let score = settle(coverage, &mut rules);

        let mut assessment = Assessment {
            question: entry.question.id.clone(),
            theme: entry.question.theme.clone(),
            coverage: round1(coverage),
            score: round1(score),
            words: self.prepared.tokens.len(),
            concepts,
            sequences,
            red_flags,
            misconceptions,
            deductions: rules.into_iter().filter(|d| d.points > 0.0).collect(),
            flags: checks.flags,
            follow_up: None,
            closeness,
            model: entry.semantic().map(|s| s.fingerprint().to_owned()),
        };
        assessment.follow_up = follow_up(entry, &assessment);
        let trace = Trace {
            concepts: concept_traces,
            red_flags: red_flag_traces,
            misconceptions: misconception_traces,
            units: self.units.as_ref().map_or(0, |u| u.units.len()),
            focus,
            closeness: closeness_trace,
            closeness_left_out,
        };
        (assessment, trace)
    }

    /// [`Self::lexical`], recording the token range of every counting mention.
    fn lexical_recorded(
        &self,
        target: &CompiledTarget,
        judge: impl Fn(&Mention) -> Verdict,
    ) -> TargetTrace {
        self.lexical_with(target, judge, true)
    }

    /// The mentions of `target`, each with the verdict `judge` gives it.
    fn lexical(&self, target: &CompiledTarget, judge: impl Fn(&Mention) -> Verdict) -> TargetTrace {
        self.lexical_with(target, judge, false)
    }

    fn lexical_with(
        &self,
        target: &CompiledTarget,
        judge: impl Fn(&Mention) -> Verdict,
        record: bool,
    ) -> TargetTrace {
        let (mentions, beyond) = self.entry.matcher.mentions_counted(&self.prepared, target);
        self.uncollected.set(self.uncollected.get() + beyond);
        let mut traced: Vec<MentionTrace> = Vec::new();
        let mut counted = 0;
        let mut mentioned = self.mentioned.borrow_mut();
        for m in mentions {
            let verdict = judge(&m);
            if record && verdict == Verdict::Counts {
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

    /// A red flag fires on an affirmed phrase, or on a sentence in which
    /// the candidate says they do the harmful thing (see
    /// [`super::endorse::endorses`]) close in meaning to one of its exemplars.
    fn red_flag(&self, index: usize) -> TargetTrace {
        let mut trace = self.lexical(&self.entry.matcher.red_flags[index], |m| {
            if m.negated_by.is_some() {
                Verdict::Negated
            } else {
                Verdict::Counts
            }
        });
        if trace.counted() {
            return trace;
        }
        trace.semantic = self.semantic().and_then(|(index_, units)| {
            let exemplars = index_.red_flags.get(index).filter(|e| !e.is_empty())?;
            let tokens = &self.prepared.tokens;
            let found = index_.best_where(exemplars, units, |unit| {
                super::endorse::endorses(tokens, unit.first_token, unit.last_token)
            })?;
            Some(self.semantic_record(
                units,
                exemplars,
                found,
                RED_FLAG_THRESHOLD,
                found.similarity >= RED_FLAG_THRESHOLD,
            ))
        });
        trace
    }

    fn misconception(&self, index: usize) -> TargetTrace {
        let entry = self.entry;
        let mut trace = self.lexical(&entry.matcher.misconceptions[index], |m| {
            if m.negated_by.is_some() {
                Verdict::Negated
            } else {
                Verdict::Counts
            }
        });
        trace.semantic = self.semantic().and_then(|(index_, units)| {
            let exemplars = &index_.misconceptions[index];
            let found = index_.best(exemplars, units)?;
            // The sentence must mean the wrong claim more than anything the
            // contradicted concept rightly says: embeddings barely tell a
            // statement from its contradiction, so the margin is what speaks.
            let rival = entry.rubric.misconceptions[index]
                .contradicts
                .as_ref()
                .and_then(|id| entry.rubric.concepts.iter().position(|c| &c.id == id))
                .map_or(0.0, |c| {
                    std::iter::once(&index_.concepts[c])
                        .chain(&index_.claims[c])
                        .filter_map(|e| index_.similarity_in_unit(e, units, found.unit))
                        .fold(f64::MIN, f64::max)
                });
            let accepted = found.similarity >= MISCONCEPTION_THRESHOLD
                && found.similarity - rival >= MISCONCEPTION_MARGIN;
            Some(self.semantic_record(units, exemplars, found, MISCONCEPTION_THRESHOLD, accepted))
        });
        trace
    }

    fn semantic_trace(
        &self,
        index: &SemanticIndex,
        units: &AnswerUnits,
        exemplars: &Exemplars,
        threshold: f64,
    ) -> Option<SemanticTrace> {
        let found = index.best(exemplars, units)?;
        Some(self.semantic_record(
            units,
            exemplars,
            found,
            threshold,
            found.similarity >= threshold,
        ))
    }

    /// The answer unit `unit` quoted as evidence.
    fn unit_evidence(&self, units: &AnswerUnits, unit: usize) -> Evidence {
        let unit = &units.units[unit];
        let position = self.lines.position(unit.start);
        Evidence {
            text: self.answer[unit.start..unit.end].to_owned(),
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

    fn semantic_record(
        &self,
        units: &AnswerUnits,
        exemplars: &Exemplars,
        found: SemanticMatch,
        threshold: f64,
        accepted: bool,
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
            accepted,
        }
    }

    /// A mention of concept `index` in other words: a sentence sharing its gist.
    fn paraphrase<'t>(&'t self, stems: &OnceCell<StemIndex<'t>>, index: usize) -> Option<Evidence> {
        let tokens = &self.prepared.tokens;
        let stems = stems.get_or_init(|| StemIndex::new(tokens));
        let (first, last) = self.entry.gists.get(index)?.find_indexed(tokens, stems)?;
        let mention = Mention {
            start: tokens[first].start,
            end: tokens[last].end,
            kind: MatchKind::Paraphrase,
            source: format!("gist of {:?}", self.entry.rubric.concepts[index].label),
            negated_by: None,
            fuzzy: Vec::new(),
            first_token: first,
            last_token: last,
        };
        Some(self.evidence(&mention))
    }

    fn evidence(&self, mention: &Mention) -> Evidence {
        let position = self.lines.position(mention.start);
        Evidence {
            text: self.answer[mention.start..mention.end].to_owned(),
            line: position.line,
            column: position.column,
            start: mention.start,
            end: mention.end,
            matched: mention.source.clone(),
            negated_by: mention
                .negated_by
                .map(|(s, e)| self.answer[s..e].to_owned()),
            fuzzy: mention.fuzzy.clone(),
            similarity: None,
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn concept_result(
        &self,
        index: usize,
        target: &TargetTrace,
        claims: &[TargetTrace],
        paraphrase: Option<&Evidence>,
        status: Status,
        credit: f64,
        explained: Option<bool>,
        contradicted_by: Option<String>,
    ) -> ConceptResult {
        let concept = &self.entry.rubric.concepts[index];
        let mut evidence = counted_evidence(target);
        let mut how = target
            .mentions
            .iter()
            .filter(|m| m.verdict == Verdict::Counts)
            .map(|m| m.kind)
            .min();
        if evidence.is_empty() {
            if let Some(semantic) = target
                .semantic
                .as_ref()
                .filter(|s| s.similarity >= CONCEPT_NEAR_THRESHOLD && status != Status::Missed)
            {
                evidence.push(semantic.evidence.clone());
                how = Some(MatchKind::Semantic);
            } else if let Some(p) = paraphrase.filter(|_| status != Status::Missed) {
                evidence.push(p.clone());
                how = Some(MatchKind::Paraphrase);
            }
        }
        let claim_results: Vec<ClaimResult> = concept
            .claims
            .iter()
            .zip(claims)
            .map(|(claim, t)| {
                let made = claim_made(t);
                let mut evidence = counted_evidence(t);
                let mut how = t
                    .mentions
                    .iter()
                    .filter(|m| m.verdict == Verdict::Counts)
                    .map(|m| m.kind)
                    .min();
                if evidence.is_empty() && made {
                    evidence.extend(t.semantic.as_ref().map(|s| s.evidence.clone()));
                    how = Some(MatchKind::Semantic);
                }
                ClaimResult {
                    id: claim.id.clone(),
                    text: claim.text.clone(),
                    made,
                    how,
                    evidence,
                }
            })
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
        ConceptResult {
            id: concept.id.clone(),
            label: concept.label.clone(),
            weight: concept.weight,
            hit: credit > 0.0,
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
            how: if credit > 0.0 { how } else { None },
            evidence: if credit > 0.0 { evidence } else { Vec::new() },
            blocked: target
                .mentions
                .iter()
                // Polarity only: a lone generic word is no mention at all.
                .filter(|m| matches!(m.verdict, Verdict::Negated | Verdict::NotRejected))
                .take(MAX_EVIDENCE)
                .map(|m| m.evidence.clone())
                .collect(),
            // Hints are for what was missed; leaving them out of hits
            // halves the size of a batch's JSON.
            hint: if credit > 0.0 {
                String::new()
            } else {
                concept.hint.clone()
            },
            claims: claim_results,
            contradicted_by,
        }
    }

    /// Sentences holding a counting mention or an accepted semantic match.
    fn touched_sentences(
        &self,
        mentioned: &[(usize, usize)],
        concepts: &[ConceptTrace],
    ) -> Vec<u32> {
        let tokens = &self.prepared.tokens;
        let mut touched: Vec<u32> = mentioned
            .iter()
            .filter_map(|&(first, _)| tokens.get(first).map(|t| t.sentence))
            .collect();
        for concept in concepts {
            for semantic in std::iter::once(&concept.target)
                .chain(&concept.claims)
                .filter_map(|t| t.semantic.as_ref())
                .filter(|s| s.accepted)
            {
                let at = tokens.partition_point(|t| t.end <= semantic.evidence.start);
                touched.extend(tokens.get(at).map(|t| t.sentence));
            }
        }
        touched.sort_unstable();
        touched.dedup();
        touched
    }
}

/// Whether the answer makes a claim: an affirmed mention, or a sentence
/// that means what one of its exemplars says.
fn claim_made(trace: &TargetTrace) -> bool {
    trace.holds()
}

/// Whether a misconception is stated.
fn stated(trace: &TargetTrace) -> bool {
    claim_made(trace)
}

fn concept_verdict(polarity: Polarity, heavy: bool, answer: &Prepared<'_>, m: &Mention) -> Verdict {
    let polarity_verdict = match (polarity, m.negated_by.is_some()) {
        (Polarity::Affirmed, true) => Verdict::Negated,
        (Polarity::Rejected, false) => Verdict::NotRejected,
        _ => Verdict::Counts,
    };
    // An acronym ("ACID", "CAP") is a term, whatever common word it spells.
    let acronym = |t: &crate::analysis::Token| {
        let raw = &answer.text[t.start..t.end];
        raw.chars().count() >= 2 && raw.chars().all(|c| c.is_ascii_uppercase())
    };
    let lone_common_word = m.first_token == m.last_token
        && m.kind != MatchKind::Pattern
        && answer
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

/// The counting mentions' evidence: at most three, one per place and wording.
/// The quotes of a stated red flag or misconception: its counting mentions,
/// or the sentence the semantic stage accepted.
fn stated_evidence(trace: &TargetTrace) -> Vec<Evidence> {
    let mut evidence = counted_evidence(trace);
    if evidence.is_empty() {
        evidence.extend(trace.semantic.as_ref().map(|s| s.evidence.clone()));
    }
    evidence
}

fn counted_evidence(trace: &TargetTrace) -> Vec<Evidence> {
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

fn deduction(rule: &str, id: Option<&str>, penalty: f64, cap: Option<f64>) -> Deduction {
    Deduction {
        rule: rule.to_owned(),
        id: id.map(str::to_owned),
        penalty,
        cap,
        points: 0.0,
    }
}

/// Applies penalties, then the lowest cap, and records on each rule the
/// points it took. Returns the score.
fn settle(coverage: f64, rules: &mut [Deduction]) -> f64 {
    let mut score = coverage.clamp(0.0, 100.0);
    for rule in rules.iter_mut().filter(|r| r.penalty > 0.0) {
        let taken = rule.penalty.min(score);
        score -= taken;
        rule.points = round1(taken);
    }
    let lowest = rules
        .iter()
        .enumerate()
        .filter_map(|(i, r)| r.cap.map(|c| (i, c)))
        .min_by(|a, b| a.1.total_cmp(&b.1));
    if let Some((i, cap)) = lowest {
        if score > cap {
            rules[i].points = round1(rules[i].points + score - cap);
            score = cap;
        }
    }
    score.clamp(0.0, 100.0)
}

pub(super) fn round1(value: f64) -> f64 {
    (value * 10.0).round() / 10.0
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A drafted rubric of one concept, with the toy encoder.
    fn drafted(model_answer: &str, drafted: bool) -> CompiledQuestion {
        drafted_with(model_answer, drafted, "ledger", "affirmed")
    }

    fn drafted_with(
        model_answer: &str,
        drafted: bool,
        phrase: &str,
        polarity: &str,
    ) -> CompiledQuestion {
        let question: crate::rubric::Question = serde_json::from_str(
            r#"{"id": "q", "theme": "t", "title": "T", "question": "Why?",
                "probes": "p", "time_box_minutes": 3}"#,
        )
        .unwrap();
        let rubric: crate::rubric::Rubric = serde_json::from_value(serde_json::json!({
            "question": "q", "drafted": drafted, "model_answers": [model_answer],
            "concepts": [{"id": "c", "label": phrase, "weight": 1, "polarity": polarity,
                "phrases": [phrase], "hint": "h"}]}))
        .unwrap();
        let mut compiled = CompiledQuestion::compile(question, rubric).unwrap();
        compiled.set_encoder(Some(std::sync::Arc::new(crate::semantic::BagOfWords)));
        compiled
    }

    #[test]
    fn closeness_to_the_model_answer_only_raises_a_drafted_rubrics_coverage() {
        let model = "Two requests must never spend the same points twice.";
        let entry = drafted(model, true);
        // Said in other words than the key phrase: lifted by the closeness.
        let said = score(
            &entry,
            "Two requests must never spend the same points twice.",
        );
        let closeness = said.closeness.clone().unwrap();
        assert_eq!(closeness.credit, 1.0);
        assert_eq!(closeness.points, 70.0);
        assert_eq!(said.coverage, 70.0);
        // The key phrase named: the concepts earn more, the closeness adds nothing.
        let named = score(&entry, "A ledger.");
        assert_eq!(named.coverage, 100.0);
        assert_eq!(named.closeness.unwrap().points, 0.0);
        // Off topic: nothing.
        let off = score(&entry, "We deploy on Fridays with a checklist.");
        assert_eq!(off.coverage, 0.0);
        assert_eq!(off.closeness.unwrap().credit, 0.0);
        // A hand-written rubric ignores model answers.
        let written = score(
            &drafted(model, false),
            "Two requests must never spend the same points twice.",
        );
        assert_eq!(written.closeness, None);
        assert_eq!(written.coverage, 0.0);
    }

    #[test]
    fn a_sentence_that_endorses_what_the_model_answer_rejects_is_never_close_to_it() {
        let entry = drafted_with(
            "Never use distributed transactions across services.",
            true,
            "distributed transactions",
            "rejected",
        );
        // Same words, one negation each: close, but it affirms the rejected practice.
        let wrong = score(
            &entry,
            "Always use distributed transactions across services, they are never slow.",
        );
        assert_eq!(wrong.coverage, 0.0, "{:?}", wrong.closeness);
        let right = score(
            &entry,
            "Never use distributed transactions across services.",
        );
        assert_eq!(right.coverage, 100.0);
    }

    #[test]
    fn the_lowest_cap_takes_the_points_and_penalties_come_first() {
        let mut rules = vec![
            deduction("red-flag", Some("x"), 15.0, Some(50.0)),
            deduction("misconception", Some("y"), 0.0, Some(40.0)),
        ];
        assert_eq!(settle(90.0, &mut rules), 40.0);
        assert_eq!(rules[0].points, 15.0);
        assert_eq!(rules[1].points, 35.0);
        let mut rules = vec![deduction("red-flag", Some("x"), 15.0, Some(50.0))];
        assert_eq!(settle(30.0, &mut rules), 15.0);
        assert_eq!(rules[0].points, 15.0);
        let mut rules = vec![deduction("red-flag", Some("x"), 15.0, Some(50.0))];
        assert_eq!(settle(10.0, &mut rules), 0.0);
        assert_eq!(rules[0].points, 10.0);
    }
}
