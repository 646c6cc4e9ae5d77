//! Calibration: the similarity thresholds of the semantic stage.
//!
//! A threshold on a centred cosine means something only for the encoder it
//! was measured with: another model spreads its similarities differently.
//! So the thresholds travel with the encoder ([`crate::semantic::Encoder::calibration`]),
//! which the application looks up by the encoder's fingerprint: the built-in
//! static model has [`Calibration::DEFAULT`], a model given with `--model DIR`
//! brings its own in `DIR/calibration.json` (or is warned about and gets the
//! defaults). Every threshold is a centred cosine (see [`crate::semantic`]),
//! except the closeness weight and the word counts.
//!
//! How the defaults were chosen (ADR 0010, ADR 0012): on the dev split of
//! bench/validity with `cargo run --release --example calibrate` and
//! `--example validity`, the best claim similarity of off-topic, shallow and
//! buzzword answers is 0.17-0.25 at the 90th percentile and 0.34-0.42 for
//! plain-words answers; 0.27, 0.30 and 0.33 gave dev Spearman 0.697, 0.710
//! and 0.709. The claim threshold went to 0.35 when the rubrics' exemplars
//! doubled (the best of more exemplars is higher for every answer): 0.30,
//! 0.33, 0.35, 0.36, 0.39 gave Spearman 0.684, 0.693, 0.711, 0.706, 0.713
//! and Pearson 0.704, 0.704, 0.709, 0.702, 0.702; 0.35 keeps off-topic (4.7)
//! and shallow (37.6) dev answers where they were, with plain words at 62.4.
//! The drafted-rubric values were chosen on the SemEval-2013 training split
//! only (`cargo run --release --example asag`).

use serde::{Deserialize, Serialize};

/// The thresholds of the semantic stage for one encoder.
///
/// Read from a calibration file, every field may be left out and keeps its
/// [default](Calibration::DEFAULT); an unknown field is an error, so that a
/// misspelt threshold is not silently ignored.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(default, deny_unknown_fields)]
pub struct Calibration {
    /// Similarity at which a sentence says a concept in other words.
    pub concept: f64,
    /// Similarity at which a sentence comes close to a concept: a rubric v1
    /// concept's threshold, and the evidence shown for a partly said one.
    pub concept_near: f64,
    /// Similarity at which a sentence makes a claim.
    pub claim: f64,
    /// Similarity at which a sentence makes a claim of a drafted rubric
    /// (`drafted: true`): its claims' exemplars are the model answer's own
    /// sentences, centred on everyday English rather than on the rubric, and
    /// an answer on the topic comes closer to them than to hand-written
    /// exemplars. On the SemEval-2013 training split, 0.6, 0.7 and 0.8 gave
    /// weighted F1 0.681, 0.683, 0.681 (SciEntsBank) and 0.721, 0.760,
    /// 0.768 (Beetle).
    pub drafted_claim: f64,
    /// Closeness to a drafted rubric's model answer (the mean, over its
    /// sentences, of the nearest answer sentence's similarity) under which
    /// it earns nothing ...
    pub closeness_floor: f64,
    /// ... and from which it earns full credit, linearly in between.
    pub closeness_full: f64,
    /// How far the concepts' coverage rises towards the closeness credit
    /// when that is higher (0-1). The three closeness values were chosen
    /// together on the SemEval-2013 training split (2-way weighted F1, mean
    /// of the two corpora) among floors 0.3-0.5, full marks 0.6-0.9 and
    /// weights 0.5-1.0: the surface is flat near the top (0.7325 for
    /// 0.5/0.7/0.7, 0.7315 for 0.4/0.8/0.7 and 0.3/0.7/0.5; 0.7225 without
    /// closeness). ADR 0012.
    pub closeness_weight: f64,
    /// Similarity at which a sentence states a misconception (with the
    /// margin below). Was 0.70, above anything measured (dev wrong
    /// statements reached 0.49, correct ones 0.58). ADR 0018: at 0.55 the
    /// dev probes that state a wrong claim in plain words are called wrong
    /// 32 times in 84 rather than 23, no built-in example answer states
    /// one, and validity is unchanged (Spearman 0.769); at 0.50 a dev
    /// excellent answer loses points.
    pub misconception: f64,
    /// ... when the sentence is also closer to the misconception than to
    /// any claim or exemplar of the concept it contradicts, by this much.
    pub misconception_margin: f64,
    /// Similarity at which a sentence that endorses a practice states a red
    /// flag's harmful practice. At 0.45 (dev Spearman 0.711 -> 0.728, ADR
    /// 0010) it fired on the built-in partial data-consistency example ("I
    /// think most data between microservices can be eventually consistent",
    /// 0.54 from a distributed-transaction exemplar), so it was 0.70, in
    /// effect off. ADR 0018: 0.55 is the lowest at which no built-in strong
    /// or partial example fires one; plain-words harmful probes fire 21 of
    /// 53 times (18 at 0.70), rejecting ones never, and whole-bank Spearman
    /// goes 0.765 -> 0.769.
    pub red_flag: f64,
    /// Sentences shorter than this many words earn nothing semantically:
    /// the mean vector of three or four words is too noisy ("I fix it
    /// myself" comes close to "my job is to support the people fixing it").
    /// Short sentences still count through phrases. ADR 0018: 4 or 3 words
    /// raise terse answers by 0.2 and wrong ones by 0.4-0.5 (Spearman
    /// 0.769 -> 0.768, 0.767).
    pub min_unit_words: usize,
    /// ... against a drafted rubric, whose exemplars are the model answer's
    /// own sentences, often as short as the answers: down to one word, a
    /// one-word answer ("parallel") can come close to the model answer (on
    /// the SemEval-2013 training split, 1 word rather than 2 gave weighted
    /// F1 0.689 rather than 0.686 on SciEntsBank, the same 0.776 on Beetle).
    pub drafted_min_unit_words: usize,
    /// Clauses of a sentence shorter than this many words are not embedded
    /// on their own.
    pub min_clause_words: usize,
}

impl Calibration {
    /// The documented defaults: the calibration of the built-in static
    /// model (`all-minilm-l6-v2-m2v-256`), used for any encoder without
    /// one of its own.
    pub const DEFAULT: Calibration = Calibration {
        concept: 0.40,
        concept_near: 0.32,
        claim: 0.35,
        drafted_claim: 0.80,
        closeness_floor: 0.5,
        closeness_full: 0.7,
        closeness_weight: 0.7,
        misconception: 0.55,
        misconception_margin: 0.08,
        red_flag: 0.55,
        min_unit_words: 5,
        drafted_min_unit_words: 1,
        min_clause_words: 5,
    };

    /// What is wrong with these values, if anything: every similarity must
    /// be a number from -1 to 1, the closeness must rise (floor below full)
    /// and its weight be from 0 to 1, and a unit must have a word.
    pub fn problems(&self) -> Vec<String> {
        let mut problems = Vec::new();
        let similarities = [
            ("concept", self.concept),
            ("concept_near", self.concept_near),
            ("claim", self.claim),
            ("drafted_claim", self.drafted_claim),
            ("closeness_floor", self.closeness_floor),
            ("closeness_full", self.closeness_full),
            ("misconception", self.misconception),
            ("misconception_margin", self.misconception_margin),
            ("red_flag", self.red_flag),
        ];
        for (name, value) in similarities {
            if !(value.is_finite() && (-1.0..=1.0).contains(&value)) {
                problems.push(format!("{name} must be a number from -1 to 1, not {value}"));
            }
        }
        if self.closeness_floor.is_finite()
            && self.closeness_full.is_finite()
            && self.closeness_floor >= self.closeness_full
        {
            problems.push(format!(
                "closeness_floor ({}) must be below closeness_full ({})",
                self.closeness_floor, self.closeness_full
            ));
        }
        if !(self.closeness_weight.is_finite() && (0.0..=1.0).contains(&self.closeness_weight)) {
            problems.push(format!(
                "closeness_weight must be a number from 0 to 1, not {}",
                self.closeness_weight
            ));
        }
        for (name, value) in [
            ("min_unit_words", self.min_unit_words),
            ("drafted_min_unit_words", self.drafted_min_unit_words),
            ("min_clause_words", self.min_clause_words),
        ] {
            if value == 0 {
                problems.push(format!("{name} must be at least 1"));
            }
        }
        problems
    }

    /// The share of full credit that `similarity` to a model answer earns:
    /// 0 at the floor and below, 1 at full closeness and above.
    pub fn closeness_credit(&self, similarity: f64) -> f64 {
        ((similarity - self.closeness_floor) / (self.closeness_full - self.closeness_floor))
            .clamp(0.0, 1.0)
    }
}

impl Default for Calibration {
    fn default() -> Self {
        Calibration::DEFAULT
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_are_valid_and_a_file_may_give_only_some_thresholds() {
        assert!(Calibration::DEFAULT.problems().is_empty());
        let partial: Calibration = serde_json::from_str(r#"{"claim": 0.5}"#).unwrap();
        assert_eq!(partial.claim, 0.5);
        assert_eq!(partial.concept, Calibration::DEFAULT.concept);
        assert!(serde_json::from_str::<Calibration>(r#"{"clam": 0.5}"#).is_err());
        let wrong = Calibration {
            claim: 2.0,
            closeness_floor: 0.8,
            min_unit_words: 0,
            ..Calibration::DEFAULT
        };
        assert_eq!(wrong.problems().len(), 3, "{:?}", wrong.problems());
    }

    #[test]
    fn closeness_credit_rises_linearly_between_floor_and_full() {
        let c = Calibration::DEFAULT;
        assert_eq!(c.closeness_credit(0.4), 0.0);
        assert!((c.closeness_credit(0.6) - 0.5).abs() < 1e-12);
        assert_eq!(c.closeness_credit(0.9), 1.0);
    }
}
