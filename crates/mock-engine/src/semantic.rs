//! The semantic stage: does a sentence of the answer say what a rubric's
//! exemplar sentence says, in other words?
//!
//! ```text
//! rubric exemplars ──encode once──▶ unit vectors, centred on the rubric's mean
//! answer ──units──▶ sentences (and the clauses of long sentences)
//!        ──encode─▶ unit vectors, centred the same way
//! similarity = cosine of the centred vectors, rounded to 1e-4
//! ```
//!
//! Raw cosines of averaged word vectors are anisotropic: measured on the
//! interview answers before the stage was built, every on-topic sentence is
//! 0.65-0.8 similar to every exemplar of its topic, right or wrong (ADR 0010).
//! Subtracting the mean vector of the rubric's own exemplars removes what
//! all of them share (the topic) and keeps what tells one idea from another.
//!
//! Embeddings cannot tell a statement from its negation, so a unit that
//! holds a negation cue never earns anything here; negation stays lexical.
//! The encoder is a trait so that the engine needs no model file: the
//! application hands in the embedded static model (or one the user chose),
//! and tests use a toy encoder. Each encoder brings the [`Calibration`] of
//! its similarities.
//!
//! The rule kinds register their exemplar sentences in an [`ExemplarSets`]
//! when a rubric is compiled; the [`SemanticIndex`] encodes them on first
//! use, so listing questions never loads a model.

use std::sync::Arc;

use crate::analysis::Token;
use crate::calibration::Calibration;
use crate::matching::negation;
use crate::rubric::Rubric;

/// Answer units embedded at most; the lexical stages still see the whole
/// answer. Bounds the time and memory of a pathological answer.
pub const MAX_UNITS: usize = 2_000;

/// How many of the most frequent English words make the centre of a
/// drafted rubric's space (see [`language_centroid`]).
const CENTROID_WORDS: usize = 1500;

/// Turns a text into a unit-length vector. Implementations must be
/// deterministic: the same text gives the same bits on every run and machine.
pub trait Encoder: Send + Sync + std::fmt::Debug {
    /// The vector of `text`: unit length, or all zeros when the encoder
    /// knows none of its words.
    fn encode(&self, text: &str) -> Vec<f32>;
    /// A short identifier of the model, recorded with every result.
    fn fingerprint(&self) -> String;
    /// The thresholds calibrated for this encoder's similarities (see
    /// [`Calibration`]; an encoder without its own says so where it is
    /// chosen, and uses [`Calibration::DEFAULT`]).
    fn calibration(&self) -> Calibration;
}

/// Which exemplar sets make the centre of a written rubric's space, and in
/// which order they are summed (the sum is in a fixed order, so that the
/// centre has the same bits on every run).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Centring {
    /// Summed first: concepts' own exemplars.
    First,
    /// Then: claims' exemplars.
    Second,
    /// Then: misconceptions' exemplars.
    Third,
    /// Not part of the centre (red flags' first-person exemplars).
    Excluded,
}

/// A set of exemplar sentences registered by a rule kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SetId(usize);

/// The exemplar sentences of a rubric, as the rule kinds registered them
/// when it was compiled; encoded by [`SemanticIndex::build`].
#[derive(Debug, Clone, Default)]
pub struct ExemplarSets {
    sets: Vec<(Vec<String>, Centring, Rejections)>,
}

/// Whether a set's negated exemplars may match negated answer units: only
/// a rejected concept's ("we never let one commit span two services" says
/// what "avoid distributed transactions" means). Elsewhere a negated unit
/// earns nothing: "we don't need tests against the old system" is close in
/// meaning to a negated exemplar of characterisation tests, and denies them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Rejections {
    /// Negated units match the set's negated exemplars (and affirmed units
    /// only its affirmed ones).
    Match,
    /// Negated units match nothing of the set.
    #[default]
    Ignored,
}

impl ExemplarSets {
    /// Registers the sentences of one concept, claim, red flag or
    /// misconception.
    pub fn add(&mut self, texts: &[String], centring: Centring) -> SetId {
        self.add_with(texts, centring, Rejections::Ignored)
    }

    /// Registers the sentences of a rejected concept, whose negated
    /// exemplars negated answer units may match.
    pub fn add_with(
        &mut self,
        texts: &[String],
        centring: Centring,
        rejections: Rejections,
    ) -> SetId {
        self.sets.push((texts.to_vec(), centring, rejections));
        SetId(self.sets.len() - 1)
    }
}

/// The exemplar sentences of one concept, claim, red flag or misconception, encoded.
#[derive(Debug, Clone, Default)]
pub struct Exemplars {
    /// The sentences, as the rubric writes them.
    pub texts: Vec<String>,
    /// Their centred unit vectors (zero vectors are dropped with their text).
    vectors: Vec<Vec<f32>>,
    /// Per exemplar, whether it is negated, in a set that takes rejections
    /// ([`Rejections`]): there a unit matches only the exemplars of its own
    /// polarity ("I avoid one transaction across services" means "we never
    /// let a commit span services"; "I use one transaction across services"
    /// means its contrary). All false in other sets, which negated units
    /// never match.
    negated: Vec<bool>,
    /// Whether the set takes rejections.
    rejections: Rejections,
}

impl Exemplars {
    /// Whether there is nothing to compare with.
    pub fn is_empty(&self) -> bool {
        self.vectors.is_empty()
    }
}

/// The rubric's exemplars, encoded once per compiled question.
#[derive(Debug, Clone)]
pub struct SemanticIndex {
    encoder: Arc<dyn Encoder>,
    centroid: Vec<f32>,
    /// Every registered exemplar set, encoded, by [`SetId`].
    sets: Vec<Exemplars>,
    /// Per model answer of a drafted rubric, its sentences.
    pub model_answers: Vec<ModelAnswer>,
    fingerprint: String,
    /// The encoder's thresholds.
    calibration: Calibration,
    /// Answer sentences shorter than this are not embedded.
    min_unit_words: usize,
    /// Whether affirmed sentences are also embedded clause by clause (for
    /// written rubrics; a drafted rubric compares whole sentences with the
    /// model answer's, and its calibration was fitted that way: clauses
    /// took SciEntsBank's unseen questions from 0.679 to 0.676).
    affirmed_clauses: bool,
}

/// A model answer of a drafted rubric, cut into sentences and encoded.
#[derive(Debug, Clone, Default)]
pub struct ModelAnswer {
    /// Its sentences, in text order.
    pub sentences: Vec<ModelSentence>,
}

/// One sentence of a model answer.
#[derive(Debug, Clone)]
pub struct ModelSentence {
    /// The sentence as the model answer writes it.
    pub text: String,
    /// Whether a negation cue stands in it: only answer sentences of the
    /// same polarity come close to it.
    pub negated: bool,
    vector: Vec<f32>,
}

/// How close an answer comes to the nearest model answer: for each of its
/// sentences, the most similar answer unit of the same polarity.
#[derive(Debug, Clone, PartialEq)]
pub struct Closeness {
    /// Index of the model answer.
    pub model_answer: usize,
    /// The mean over its sentences of their best similarity (negative
    /// similarities count as 0), rounded to 1e-4.
    pub similarity: f64,
    /// Per sentence of the model answer: the answer unit nearest to it, if
    /// any unit has its polarity, and their similarity.
    pub sentences: Vec<(Option<usize>, f64)>,
}

/// Where an answer unit best matched an exemplar.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SemanticMatch {
    /// Index of the answer unit.
    pub unit: usize,
    /// Index of the exemplar.
    pub exemplar: usize,
    /// Centred cosine similarity, rounded to 1e-4.
    pub similarity: f64,
}

/// A sentence or clause of the answer, embedded.
#[derive(Debug, Clone)]
pub struct Unit {
    /// Byte offset of its first word.
    pub start: usize,
    /// Byte offset one past its last word.
    pub end: usize,
    /// Index of its first token.
    pub first_token: usize,
    /// Index of its last token.
    pub last_token: usize,
    /// Whether a negation cue stands in it (it then matches only negated
    /// exemplars).
    pub negated: bool,
    /// Shared, so that a copy of the units with some re-encoded (the
    /// concept's name masked out) copies no vector.
    vector: Arc<[f32]>,
}

/// An answer cut into units and encoded.
#[derive(Debug, Clone, Default)]
pub struct AnswerUnits {
    /// The units, in text order.
    pub units: Vec<Unit>,
}

impl AnswerUnits {
    /// The indices of `unit` and of every unit of the sentence it is part
    /// of (the whole sentence and its clauses).
    pub fn same_sentence(&self, unit: usize) -> impl Iterator<Item = usize> + '_ {
        let (mut start, mut end) = self.units.get(unit).map_or((1, 0), |u| (u.start, u.end));
        for u in &self.units {
            if u.start <= start && u.end >= end {
                (start, end) = (u.start, u.end);
            }
        }
        (0..self.units.len())
            .filter(move |&i| self.units[i].start >= start && self.units[i].end <= end)
    }
}

impl SemanticIndex {
    /// Encodes every exemplar set of `rubric` (as its kinds registered them
    /// in `sets`) with `encoder`, centred on the mean of the rubric's own
    /// exemplars, or on `centroid` when given: for rubrics with a handful of
    /// exemplars (drafted from one model answer), whose own mean is the
    /// exemplars themselves, a mean over many questions of the same domain.
    pub fn build(
        sets: &ExemplarSets,
        rubric: &Rubric,
        encoder: Arc<dyn Encoder>,
        centroid: Option<Vec<f32>>,
    ) -> Self {
        let calibration = encoder.calibration();
        /// Exemplar texts with their raw vectors.
        type Encoded = Vec<(String, Vec<f32>)>;
        let encoded: Vec<(Encoded, Centring)> = sets
            .sets
            .iter()
            .map(|(texts, centring, _)| {
                let vectors = texts
                    .iter()
                    .map(|t| (t.clone(), encoder.encode(t)))
                    .filter(|(_, v)| v.iter().any(|x| *x != 0.0))
                    .collect();
                (vectors, *centring)
            })
            .collect();
        // A drafted rubric's exemplars are its model answer's sentences: for
        // a one-sentence model answer their mean is the sentence itself, and
        // centring on it would leave nothing. The mean of everyday English
        // removes what every sentence shares without knowing the topic.
        let centroid = centroid.unwrap_or_else(|| {
            if rubric.scored_as_drafted() {
                language_centroid(encoder.as_ref())
            } else {
                // The mean of every exemplar of the rubric, in a fixed order.
                let mut all: Vec<(Centring, &Vec<f32>)> = encoded
                    .iter()
                    .filter(|(_, c)| *c != Centring::Excluded)
                    .flat_map(|(group, c)| group.iter().map(move |(_, v)| (*c, v)))
                    .collect();
                all.sort_by_key(|(c, _)| *c);
                mean(&all.into_iter().map(|(_, v)| v).collect::<Vec<_>>())
            }
        });
        let sets = encoded
            .into_iter()
            .zip(&sets.sets)
            .map(|((group, _), (_, _, rejections))| {
                let (texts, vectors): (Vec<String>, Vec<Vec<f32>>) = group
                    .into_iter()
                    .map(|(t, v)| (t, centre(&v, &centroid)))
                    .unzip();
                let negated = texts
                    .iter()
                    .map(|t| *rejections == Rejections::Match && is_negated(t))
                    .collect();
                Exemplars {
                    texts,
                    vectors,
                    negated,
                    rejections: *rejections,
                }
            })
            .collect();
        let fingerprint = encoder.fingerprint();
        let model_answers = if rubric.scored_as_drafted() {
            model_answers(rubric, encoder.as_ref(), &centroid, &calibration)
        } else {
            Vec::new()
        };
        SemanticIndex {
            model_answers,
            sets,
            centroid,
            encoder,
            fingerprint,
            min_unit_words: if rubric.scored_as_drafted() {
                calibration.drafted_min_unit_words
            } else {
                calibration.min_unit_words
            },
            affirmed_clauses: !rubric.scored_as_drafted(),
            calibration,
        }
    }

    /// The encoded exemplars of set `id`.
    pub fn exemplars(&self, id: SetId) -> &Exemplars {
        &self.sets[id.0]
    }

    /// The thresholds of the encoder that built this index.
    pub fn calibration(&self) -> &Calibration {
        &self.calibration
    }

    /// The fingerprint of the model that encoded the exemplars.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// Cuts an analysed answer into units and encodes them: every sentence,
    /// and the clauses of long sentences, at most [`MAX_UNITS`].
    pub fn units(&self, text: &str, tokens: &[Token]) -> AnswerUnits {
        let mut units = Vec::new();
        let mut first = 0;
        while first < tokens.len() {
            let sentence = tokens[first].sentence;
            let mut last = first;
            while last + 1 < tokens.len() && tokens[last + 1].sentence == sentence {
                last += 1;
            }
            let negated = (first..=last).any(|j| negation::negates_sentence(tokens, j));
            self.push_unit(&mut units, text, tokens, first, last, negated);
            // A sentence of several clauses is also embedded clause by
            // clause: "we avoid 2PC; we write both rows in one commit" has an
            // affirmed clause that the negated whole would hide, and in a
            // long affirmed sentence the mean vector of the whole drowns a
            // point one clause makes (ADR 0019: plain-words answers 61.4 ->
            // 63.4).
            if (negated || self.affirmed_clauses) && tokens[first].clause != tokens[last].clause {
                let mut clause_first = first;
                for j in first..=last {
                    let ends = j == last || tokens[j + 1].clause != tokens[j].clause;
                    if ends {
                        // "Dependencies are not only a coordination
                        // problem; we reduce them by ...": the first clause
                        // alone reads as the view it corrects.
                        let corrective =
                            !negated && (clause_first..j).any(|k| negation::narrows(tokens, k));
                        if j + 1 - clause_first >= self.calibration.min_clause_words && !corrective
                        {
                            let negated =
                                (clause_first..=j).any(|k| negation::negates_sentence(tokens, k));
                            self.push_unit(&mut units, text, tokens, clause_first, j, negated);
                        }
                        clause_first = j + 1;
                    }
                }
            }
            first = last + 1;
        }
        AnswerUnits { units }
    }

    /// Encodes tokens `first..=last` as a unit. A negated unit is compared
    /// only with negated exemplars and negated model sentences.
    fn push_unit(
        &self,
        units: &mut Vec<Unit>,
        text: &str,
        tokens: &[Token],
        first: usize,
        last: usize,
        negated: bool,
    ) {
        if units.len() >= MAX_UNITS || last + 1 - first < self.min_unit_words {
            return;
        }
        let (start, end) = (tokens[first].start, tokens[last].end);
        let vector = centre(&self.encoder.encode(&text[start..end]), &self.centroid);
        let vector = Arc::from(vector);
        units.push(Unit {
            start,
            end,
            first_token: first,
            last_token: last,
            negated,
            vector,
        });
    }

    /// The best match between a unit and one of `exemplars` of its polarity
    /// (an affirmed unit may match any exemplar, a negated one only a
    /// negated exemplar).
    pub fn best(&self, exemplars: &Exemplars, answer: &AnswerUnits) -> Option<SemanticMatch> {
        self.best_where(exemplars, answer, |_, _| true)
    }

    /// `answer` with every unit that holds one of the byte ranges `masked`
    /// (the concept's own name, where the answer says it) encoded without
    /// those words, or `None` when no unit holds one. A claim is an
    /// explanation: a sentence that only names the concept ("we use the
    /// transactional outbox") must not earn it through the name's words.
    pub fn masked(
        &self,
        answer: &AnswerUnits,
        text: &str,
        masked: &[(usize, usize)],
    ) -> Option<AnswerUnits> {
        let holds = |unit: &Unit| {
            masked
                .iter()
                .any(|(start, end)| *start >= unit.start && *end <= unit.end)
        };
        if !answer.units.iter().any(|u| !u.negated && holds(u)) {
            return None;
        }
        let mut out = answer.clone();
        for unit in out.units.iter_mut().filter(|u| !u.negated && holds(u)) {
            // The unit's text with the name's bytes blanked out.
            let mut rest = String::with_capacity(unit.end - unit.start);
            let mut at = unit.start;
            let mut inside: Vec<(usize, usize)> = masked
                .iter()
                .filter(|(start, end)| *start >= unit.start && *end <= unit.end)
                .copied()
                .collect();
            inside.sort_unstable();
            for (start, end) in inside {
                if start >= at {
                    rest.push_str(&text[at..start]);
                    rest.push(' ');
                    at = end;
                }
            }
            rest.push_str(&text[at..unit.end]);
            unit.vector = Arc::from(centre(&self.encoder.encode(&rest), &self.centroid));
        }
        Some(out)
    }

    /// Like [`Self::best`], over the units `keep` accepts only (given each
    /// unit's index and the unit).
    pub fn best_where(
        &self,
        exemplars: &Exemplars,
        answer: &AnswerUnits,
        keep: impl Fn(usize, &Unit) -> bool,
    ) -> Option<SemanticMatch> {
        let dot = dot_fn();
        let mut best: Option<SemanticMatch> = None;
        // The unrounded similarity of the best so far: rounding keeps the
        // order, so a product at or below it cannot round above it, and is
        // not rounded at all.
        let mut best_raw = f64::NEG_INFINITY;
        for (u, unit) in answer.units.iter().enumerate() {
            if !keep(u, unit) || unit.vector.is_empty() {
                continue;
            }
            for (e, exemplar) in exemplars.vectors.iter().enumerate() {
                let polar = exemplars.rejections == Rejections::Match;
                if (unit.negated || polar) && unit.negated != exemplars.negated[e] {
                    continue;
                }
                let raw = dot(&unit.vector, exemplar);
                if best.is_some() && raw <= best_raw {
                    continue;
                }
                let similarity = round4(raw);
                if best.is_none_or(|b| similarity > b.similarity) {
                    best_raw = raw;
                    best = Some(SemanticMatch {
                        unit: u,
                        exemplar: e,
                        similarity,
                    });
                }
            }
        }
        best
    }

    /// How close `answer` comes to the nearest model answer (drafted
    /// rubrics), or `None` when there is no model answer to compare with.
    /// Costs one dot product per model sentence and answer unit: linear in
    /// the answer's length, since the model answers are the rubric's.
    pub fn closeness(&self, answer: &AnswerUnits) -> Option<Closeness> {
        self.closeness_where(answer, |_| true)
    }

    /// Like [`Self::closeness`], over the units `keep` accepts only.
    pub fn closeness_where(
        &self,
        answer: &AnswerUnits,
        keep: impl Fn(&Unit) -> bool,
    ) -> Option<Closeness> {
        let dot = dot_fn();
        let mut best: Option<Closeness> = None;
        for (m, model) in self.model_answers.iter().enumerate() {
            if model.sentences.is_empty() {
                continue;
            }
            let sentences: Vec<(Option<usize>, f64)> = model
                .sentences
                .iter()
                .map(|sentence| {
                    answer
                        .units
                        .iter()
                        .enumerate()
                        .filter(|(_, unit)| {
                            unit.negated == sentence.negated
                                && !unit.vector.is_empty()
                                && keep(unit)
                        })
                        .map(|(u, unit)| (Some(u), round4(dot(&unit.vector, &sentence.vector))))
                        .fold((None, 0.0), |best, (u, similarity)| {
                            if similarity > best.1 {
                                (u, similarity)
                            } else {
                                best
                            }
                        })
                })
                .collect();
            let similarity =
                round4(sentences.iter().map(|(_, s)| s).sum::<f64>() / sentences.len() as f64);
            if best.as_ref().is_none_or(|b| similarity > b.similarity) {
                best = Some(Closeness {
                    model_answer: m,
                    similarity,
                    sentences,
                });
            }
        }
        best
    }

    /// The best similarity between unit `unit` of `answer` and `exemplars`.
    pub fn similarity_in_unit(
        &self,
        exemplars: &Exemplars,
        answer: &AnswerUnits,
        unit: usize,
    ) -> Option<f64> {
        let unit = answer.units.get(unit)?;
        let dot = dot_fn();
        exemplars
            .vectors
            .iter()
            .map(|v| round4(dot(&unit.vector, v)))
            .reduce(f64::max)
    }
}

/// A drafted rubric's model answers, cut into sentences and encoded.
fn model_answers(
    rubric: &Rubric,
    encoder: &dyn Encoder,
    centroid: &[f32],
    calibration: &Calibration,
) -> Vec<ModelAnswer> {
    rubric
        .model_answers
        .iter()
        .map(|text| ModelAnswer {
            sentences: sentences_of(text, calibration.drafted_min_unit_words)
                .into_iter()
                .map(|(text, negated)| {
                    let vector = centre(&encoder.encode(&text), centroid);
                    ModelSentence {
                        text,
                        negated,
                        vector,
                    }
                })
                .filter(|s| s.vector.iter().any(|x| *x != 0.0))
                .collect(),
        })
        .collect()
}

/// Whether a negation cue stands in `text` (an exemplar sentence).
fn is_negated(text: &str) -> bool {
    let tokens = crate::analysis::analyze(text);
    (0..tokens.len()).any(|j| negation::negates_sentence(&tokens, j))
}

/// The sentences of `text` of at least `min_words` words, each with whether
/// a negation cue stands in it.
fn sentences_of(text: &str, min_words: usize) -> Vec<(String, bool)> {
    let tokens = crate::analysis::analyze(text);
    let mut out = Vec::new();
    let mut first = 0;
    while first < tokens.len() {
        let mut last = first;
        while last + 1 < tokens.len() && tokens[last + 1].sentence == tokens[first].sentence {
            last += 1;
        }
        // A list number ("1.") is a sentence to the tokenizer, but says nothing.
        let says_something = tokens[first..=last]
            .iter()
            .any(|t| t.text.chars().any(char::is_alphabetic));
        if last + 1 - first >= min_words && says_something {
            let negated = (first..=last).any(|j| negation::negates_sentence(&tokens, j));
            out.push((
                text[tokens[first].start..tokens[last].end].to_owned(),
                negated,
            ));
        }
        first = last + 1;
    }
    out
}

/// The mean vector of the [`CENTROID_WORDS`] most frequent English words,
/// each encoded alone, computed once per model.
fn language_centroid(encoder: &dyn Encoder) -> Vec<f32> {
    static CACHE: std::sync::Mutex<Vec<(String, Vec<f32>)>> = std::sync::Mutex::new(Vec::new());
    let fingerprint = encoder.fingerprint();
    let cached = |cache: &[(String, Vec<f32>)]| {
        cache
            .iter()
            .find(|(f, _)| *f == fingerprint)
            .map(|(_, v)| v.clone())
    };
    if let Some(v) = cached(&CACHE.lock().unwrap_or_else(|e| e.into_inner())) {
        return v;
    }
    let vectors: Vec<Vec<f32>> = crate::analysis::common_words::all()
        .take(CENTROID_WORDS)
        .map(|w| encoder.encode(w))
        .filter(|v| v.iter().any(|x| *x != 0.0))
        .collect();
    let centroid = mean(&vectors.iter().collect::<Vec<_>>());
    let mut cache = CACHE.lock().unwrap_or_else(|e| e.into_inner());
    if cached(&cache).is_none() {
        cache.push((fingerprint, centroid.clone()));
    }
    centroid
}

/// The mean of `vectors`, summed in order in f64.
fn mean(vectors: &[&Vec<f32>]) -> Vec<f32> {
    let Some(first) = vectors.first() else {
        return Vec::new();
    };
    let mut sum = vec![0f64; first.len()];
    for v in vectors {
        for (s, x) in sum.iter_mut().zip(v.iter()) {
            *s += f64::from(*x);
        }
    }
    sum.iter()
        .map(|s| (s / vectors.len() as f64) as f32)
        .collect()
}

/// `v - centroid`, scaled to unit length (all zeros stays all zeros), in f64.
fn centre(v: &[f32], centroid: &[f32]) -> Vec<f32> {
    if v.iter().all(|x| *x == 0.0) {
        return vec![0.0; v.len()];
    }
    let centred: Vec<f64> = if centroid.len() >= v.len() {
        v.iter()
            .zip(centroid)
            .map(|(x, c)| f64::from(*x) - f64::from(*c))
            .collect()
    } else {
        v.iter()
            .enumerate()
            .map(|(i, x)| f64::from(*x) - f64::from(centroid.get(i).copied().unwrap_or(0.0)))
            .collect()
    };
    let norm = centred.iter().map(|x| x * x).sum::<f64>().sqrt();
    if norm == 0.0 {
        return vec![0.0; v.len()];
    }
    centred.iter().map(|x| (x / norm) as f32).collect()
}

/// The dot product of two vectors, in eight interleaved f32 lanes summed in
/// a fixed order, so that the result is the same on every machine (no
/// reassociation beyond the one written in [`dot_portable`], no fused
/// multiply-add), as fast as this CPU allows: the very same operations, each lane
/// multiplied and added in f32 in the written order, eight lanes in one
/// AVX register where the CPU has it, else two SSE2 registers (every
/// x86-64 CPU has SSE2); the bits do not change, which a test checks. (Left
/// to the compiler, the lanes were kept in pairs, with three times the
/// instructions.) Picked once per comparison loop rather than per product.
fn dot_fn() -> fn(&[f32], &[f32]) -> f64 {
    #[cfg(target_arch = "x86_64")]
    {
        if std::arch::is_x86_feature_detected!("avx") {
            return dot_avx;
        }
        dot_sse2
    }
    #[cfg(not(target_arch = "x86_64"))]
    {
        dot_portable
    }
}

/// The written definition, lane by lane (for other CPUs, and the tests).
#[cfg(any(test, not(target_arch = "x86_64")))]
fn dot_portable(a: &[f32], b: &[f32]) -> f64 {
    let n = a.len().min(b.len());
    let (a, b) = (&a[..n], &b[..n]);
    let mut lanes = [0f32; 8];
    for (x, y) in a.chunks_exact(8).zip(b.chunks_exact(8)) {
        for k in 0..8 {
            lanes[k] += x[k] * y[k];
        }
    }
    dot_finish(lanes, a, b)
}

/// The tail beyond the last whole chunk of eight, and the lanes summed in
/// the written order.
#[inline(always)]
fn dot_finish(lanes: [f32; 8], a: &[f32], b: &[f32]) -> f64 {
    let n = a.len().min(b.len());
    let mut tail = 0f32;
    for i in n / 8 * 8..n {
        tail += a[i] * b[i];
    }
    let sum = ((lanes[0] + lanes[4]) + (lanes[1] + lanes[5]))
        + ((lanes[2] + lanes[6]) + (lanes[3] + lanes[7]));
    f64::from(sum + tail)
}

/// Lanes 0-3 and 4-7 in two SSE2 registers.
#[cfg(target_arch = "x86_64")]
fn dot_sse2(a: &[f32], b: &[f32]) -> f64 {
    use std::arch::x86_64::{_mm_add_ps, _mm_loadu_ps, _mm_mul_ps, _mm_setzero_ps, _mm_storeu_ps};
    let chunks = a.len().min(b.len()) / 8;
    let mut lanes = [0f32; 8];
    // SAFETY: SSE2 is part of x86-64; every load reads 4 floats at most
    // `chunks * 8 <= len` into `a` and `b`.
    unsafe {
        let (mut low, mut high) = (_mm_setzero_ps(), _mm_setzero_ps());
        for i in 0..chunks {
            let (x, y) = (a.as_ptr().add(i * 8), b.as_ptr().add(i * 8));
            low = _mm_add_ps(low, _mm_mul_ps(_mm_loadu_ps(x), _mm_loadu_ps(y)));
            high = _mm_add_ps(
                high,
                _mm_mul_ps(_mm_loadu_ps(x.add(4)), _mm_loadu_ps(y.add(4))),
            );
        }
        _mm_storeu_ps(lanes.as_mut_ptr(), low);
        _mm_storeu_ps(lanes.as_mut_ptr().add(4), high);
    }
    dot_finish(lanes, a, b)
}

/// Only returned by [`dot_fn`] when the CPU has AVX.
#[cfg(target_arch = "x86_64")]
fn dot_avx(a: &[f32], b: &[f32]) -> f64 {
    // SAFETY: `dot_fn` returns this function only after checking that the
    // CPU supports AVX.
    unsafe { dot_lanes_avx(a, b) }
}

/// The eight lanes in one AVX register.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "avx")]
unsafe fn dot_lanes_avx(a: &[f32], b: &[f32]) -> f64 {
    use std::arch::x86_64::{
        _mm256_add_ps, _mm256_loadu_ps, _mm256_mul_ps, _mm256_setzero_ps, _mm256_storeu_ps,
    };
    let chunks = a.len().min(b.len()) / 8;
    let mut lanes = [0f32; 8];
    // SAFETY: every load reads 8 floats at most `chunks * 8 <= len` into
    // `a` and `b`; the caller checked for AVX.
    unsafe {
        let mut sum = _mm256_setzero_ps();
        for i in 0..chunks {
            let (x, y) = (a.as_ptr().add(i * 8), b.as_ptr().add(i * 8));
            sum = _mm256_add_ps(sum, _mm256_mul_ps(_mm256_loadu_ps(x), _mm256_loadu_ps(y)));
        }
        _mm256_storeu_ps(lanes.as_mut_ptr(), sum);
    }
    dot_finish(lanes, a, b)
}

fn round4(value: f64) -> f64 {
    (value * 10_000.0).round() / 10_000.0
}

/// A toy encoder for tests: a bag of hashed word stems, so that sentences
/// sharing words are similar. Deterministic and dependency-free.
#[cfg(test)]
#[derive(Debug, Default)]
pub(crate) struct BagOfWords;

#[cfg(test)]
impl Encoder for BagOfWords {
    fn encode(&self, text: &str) -> Vec<f32> {
        let mut v = vec![0f32; 64];
        for token in crate::analysis::analyze(text) {
            if token.function {
                continue;
            }
            let hash = token.stem.bytes().fold(2166136261u32, |h, b| {
                (h ^ u32::from(b)).wrapping_mul(16777619)
            });
            v[(hash % 64) as usize] += 1.0;
        }
        let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        if norm > 0.0 {
            v.iter_mut().for_each(|x| *x /= norm);
        }
        v
    }

    fn fingerprint(&self) -> String {
        "bag-of-words-64".to_owned()
    }

    fn calibration(&self) -> Calibration {
        Calibration::DEFAULT
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::analyze;

    fn rubric(yaml_like: &[(&str, &[&str])]) -> Rubric {
        Rubric {
            question: "q".into(),
            concepts: yaml_like
                .iter()
                .map(|(id, exemplars)| crate::rubric::Concept {
                    id: (*id).into(),
                    label: (*id).into(),
                    weight: 1.0,
                    polarity: Default::default(),
                    phrases: vec![(*id).into()],
                    patterns: vec![],
                    hint: "h".into(),
                    follow_up: None,
                    depth: None,
                    claims: vec![],
                    exemplars: exemplars.iter().map(|s| (*s).to_owned()).collect(),
                    named_credit: None,
                    examples: vec![],
                    counterexamples: vec![],
                    library: None,
                })
                .collect(),
            red_flags: vec![],
            sequences: vec![],
            misconceptions: vec![],
            drafted: false,
            model_answers: vec![],
        }
    }

    /// The index of `rubric`, its concepts' exemplars registered in order.
    fn build(rubric: &Rubric) -> SemanticIndex {
        let mut sets = ExemplarSets::default();
        for concept in &rubric.concepts {
            sets.add(&concept.exemplars, Centring::First);
        }
        SemanticIndex::build(&sets, rubric, Arc::new(BagOfWords), None)
    }

    #[test]
    fn a_paraphrase_beats_another_concept_and_negation_earns_nothing() {
        let rubric = rubric(&[
            (
                "outbox",
                &["the order row and the event row are saved in one commit"],
            ),
            ("canary", &["a small share of users gets the release first"]),
        ]);
        let index = build(&rubric);
        let text = "We save the event row with the order row in one commit.";
        let units = index.units(text, &analyze(text));
        let outbox = index.best(index.exemplars(SetId(0)), &units).unwrap();
        let canary = index.best(index.exemplars(SetId(1)), &units).unwrap();
        assert!(outbox.similarity > canary.similarity);
        assert!(outbox.similarity > 0.5, "{outbox:?}");

        let negated = "We never save the event row with the order row in one commit.";
        let units = index.units(negated, &analyze(negated));
        assert!(units.units[0].negated);
        assert_eq!(index.best(index.exemplars(SetId(0)), &units), None);
    }

    #[test]
    fn sentences_of_several_clauses_are_also_embedded_clause_by_clause_and_units_are_bounded() {
        let rubric = rubric(&[("x", &["one two three"])]);
        let index = build(&rubric);
        let long = "we never use a global transaction across services; \
            a separate worker reads the table and publishes every pending row to the broker";
        let units = index.units(long, &analyze(long));
        assert_eq!(units.units.len(), 3, "the sentence and its two clauses");
        assert!(units.units[0].negated && !units.units[2].negated);
        let many = "Word here now and then. ".repeat(MAX_UNITS + 10);
        assert_eq!(index.units(&many, &analyze(&many)).units.len(), MAX_UNITS);
        // An affirmed sentence too: its second clause makes a point of its own.
        let affirmed = "we keep the release small and boring every single week; \
            newcomers would slow a struggling team down for months";
        let units = index.units(affirmed, &analyze(affirmed));
        assert_eq!(units.units.len(), 3, "the sentence and its two clauses");
        assert!(units.units.iter().all(|u| !u.negated));
        // Every unit knows the units of its sentence; another sentence's
        // are not among them.
        let two = format!("{affirmed}. We write the decision down in a short record.");
        let units = index.units(&two, &analyze(&two));
        assert_eq!(units.units.len(), 4);
        assert_eq!(units.same_sentence(2).collect::<Vec<_>>(), [0, 1, 2]);
        assert_eq!(units.same_sentence(3).collect::<Vec<_>>(), [3]);
    }

    #[test]
    fn a_clause_that_only_corrects_is_not_a_unit_of_its_own() {
        let rubric = rubric(&[("x", &["one two three"])]);
        let index = build(&rubric);
        // Alone, the first clause reads like the view it corrects.
        let text = "dependencies are not only a coordination problem; \
            we reduce them by changing team boundaries";
        let units = index.units(text, &analyze(text));
        let spans: Vec<&str> = units.units.iter().map(|u| &text[u.start..u.end]).collect();
        assert_eq!(spans, [text, "we reduce them by changing team boundaries"]);
    }

    #[test]
    fn the_concepts_own_name_earns_nothing_in_meaning() {
        let rubric = rubric(&[
            ("outbox", &["the transactional outbox relay forwards rows"]),
            ("canary", &["a small share of users gets the release first"]),
        ]);
        let index = build(&rubric);
        let text = "We rely on the transactional outbox here.";
        let units = index.units(text, &analyze(text));
        let name = text.find("transactional outbox").unwrap();
        let plain = index.best(index.exemplars(SetId(0)), &units).unwrap();
        let without_name = index.masked(&units, text, &[(name, name + 20)]).unwrap();
        let masked = index
            .best(index.exemplars(SetId(0)), &without_name)
            .unwrap();
        assert!(plain.similarity > 0.3, "{plain:?}");
        assert!(masked.similarity < plain.similarity, "{masked:?}");
        // With nothing to mask, there is no other encoding.
        assert!(index.masked(&units, text, &[]).is_none());
    }

    #[test]
    fn closeness_is_the_mean_nearest_sentence_of_the_same_polarity() {
        let mut drafted = rubric(&[("x", &[])]);
        drafted.drafted = true;
        drafted.model_answers = vec![
            "The relay publishes pending rows to the broker. The gap is not connected.".into(),
        ];
        let index = build(&drafted);
        assert_eq!(index.model_answers[0].sentences.len(), 2);
        let mut numbered = drafted.clone();
        numbered.model_answers =
            vec!["1. The relay publishes rows. 2. Consumers deduplicate.".into()];
        let listed = build(&numbered);
        let texts: Vec<&str> = listed.model_answers[0]
            .sentences
            .iter()
            .map(|s| s.text.as_str())
            .collect();
        assert_eq!(texts, ["The relay publishes rows", "Consumers deduplicate"]);
        assert!(index.model_answers[0].sentences[1].negated);

        // Both sentences said, in either order: close on both.
        let text = "The gap is not connected. A relay publishes the pending rows to a broker.";
        let units = index.units(text, &analyze(text));
        let both = index.closeness(&units).unwrap();
        assert_eq!(both.sentences[0].0, Some(1));
        assert_eq!(both.sentences[1].0, Some(0), "{both:?}");
        assert!(both.similarity > 0.8, "{both:?}");

        // The negated sentence affirmed is no match for it: only half as close.
        let text = "A relay publishes the pending rows to a broker. The gap is connected.";
        let units = index.units(text, &analyze(text));
        let flipped = index.closeness(&units).unwrap();
        assert_eq!(flipped.sentences[1], (None, 0.0));
        assert!(
            flipped.similarity < both.similarity / 2.0 + 0.01,
            "{flipped:?}"
        );

        // A hand-written rubric has no model answers to be close to.
        let mut written = drafted.clone();
        written.drafted = false;
        let index = build(&written);
        assert_eq!(index.closeness(&units), None);
    }

    #[test]
    fn the_dot_product_has_the_same_bits_on_every_path() {
        // A fixed pseudo-random sequence, lengths with and without a tail.
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state % 2001) as f32 / 1000.0 - 1.0
        };
        for len in [0, 3, 8, 37, 256, 384] {
            for _ in 0..50 {
                let a: Vec<f32> = (0..len).map(|_| next()).collect();
                let b: Vec<f32> = (0..len).map(|_| next()).collect();
                let fast = dot_fn()(&a, &b);
                assert_eq!(fast.to_bits(), dot_portable(&a, &b).to_bits(), "{len}");
                #[cfg(target_arch = "x86_64")]
                assert_eq!(dot_sse2(&a, &b).to_bits(), fast.to_bits(), "{len}");
                // The reference: lanes in the written order, element by element.
                let mut lanes = [0f32; 8];
                for i in 0..len / 8 * 8 {
                    lanes[i % 8] += a[i] * b[i];
                }
                let tail = (len / 8 * 8..len).fold(0f32, |t, i| t + a[i] * b[i]);
                let sum = ((lanes[0] + lanes[4]) + (lanes[1] + lanes[5]))
                    + ((lanes[2] + lanes[6]) + (lanes[3] + lanes[7]));
                assert_eq!(fast.to_bits(), f64::from(sum + tail).to_bits(), "{len}");
            }
        }
    }

    #[test]
    fn similarity_is_deterministic() {
        let rubric = rubric(&[("x", &["events are published by a relay"])]);
        let a = build(&rubric);
        let b = build(&rubric);
        let text = "A relay publishes the events.";
        let tokens = analyze(text);
        assert_eq!(
            a.best(a.exemplars(SetId(0)), &a.units(text, &tokens)),
            b.best(b.exemplars(SetId(0)), &b.units(text, &tokens))
        );
    }
}
