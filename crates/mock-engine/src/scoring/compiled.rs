//! A question with its rubric, compiled once for scoring many answers.

use std::sync::{Arc, OnceLock};

use rustc_hash::FxHashSet;

use super::kinds::{CompiledRubric, Explaining, Kind};
use super::Trace;
use crate::analysis::analyze;
use crate::matching::gist::{self, Gist};
use crate::matching::CompileProblem;
use crate::rubric::{Question, Rubric};
use crate::semantic::{Encoder, SemanticIndex};

/// A question with its rubric, compiled for matching.
#[derive(Debug, Clone)]
pub struct CompiledQuestion {
    /// The question.
    pub question: Question,
    /// Its rubric.
    pub rubric: Rubric,
    /// The rubric compiled: its vocabulary and each kind's rules.
    pub compiled: CompiledRubric,
    /// Per concept, its gist for recognising paraphrases.
    pub gists: Vec<Gist>,
    /// The stems of the question's words, for spotting an echoed question.
    pub question_stems: FxHashSet<String>,
    /// For a drafted rubric, the words of the model answer's sentences (its
    /// concepts' example sentences): the length checks measure an answer
    /// against it, so that a one-sentence answer to a one-sentence model
    /// answer is not too short. `None` for a written rubric.
    pub model_answer_words: Option<usize>,
    /// The encoder of the semantic stage; `None` scores lexically only.
    encoder: Option<Arc<dyn Encoder>>,
    /// The centre of the semantic space, when not the rubric's own mean.
    centroid: Option<Vec<f32>>,
    /// The rubric's exemplars, encoded on first use.
    semantic: OnceLock<Option<SemanticIndex>>,
    /// Where the question came from, for messages (set by whoever loaded it).
    pub question_path: String,
    /// Where the rubric came from, for messages (set by whoever loaded it).
    pub rubric_path: String,
}

impl CompiledQuestion {
    /// Compiles `rubric` for `question`; every phrase or pattern that does not
    /// compile is reported.
    pub fn compile(question: Question, rubric: Rubric) -> Result<Self, Vec<CompileProblem>> {
        let compiled = CompiledRubric::compile(&rubric)?;
        Ok(Self::with_compiled(question, rubric, compiled))
    }

    /// Assembles a compiled question from `rubric` compiled already (the
    /// lint compiles it once and hands it over).
    pub fn with_compiled(question: Question, rubric: Rubric, compiled: CompiledRubric) -> Self {
        let gists = rubric
            .concepts
            .iter()
            .map(|c| Gist::new(&c.label, &c.hint, &question.question))
            .collect();
        let question_stems = analyze(&question.question)
            .into_iter()
            .map(|t| t.stem.into_string())
            .collect();
        let model_answer_words = rubric.scored_as_drafted().then(|| {
            let mut sentences: Vec<&str> = rubric
                .concepts
                .iter()
                .flat_map(|c| c.examples.iter().map(String::as_str))
                .collect();
            sentences.sort_unstable();
            sentences.dedup();
            sentences.iter().map(|s| analyze(s).len()).sum()
        });
        CompiledQuestion {
            question,
            rubric,
            compiled,
            gists,
            question_stems,
            model_answer_words,
            encoder: None,
            centroid: None,
            semantic: OnceLock::new(),
            question_path: String::new(),
            rubric_path: String::new(),
        }
    }

    /// Turns the semantic stage on (or off, with `None`). The rubric's
    /// exemplars are encoded on first use, so that listing questions never
    /// loads a model.
    pub fn set_encoder(&mut self, encoder: Option<Arc<dyn Encoder>>) {
        self.encoder = encoder;
        self.centroid = None;
        self.semantic = OnceLock::new();
    }

    /// Turns the semantic stage on, centred on `centroid` (see
    /// [`SemanticIndex::build`]).
    pub fn set_encoder_centred(&mut self, encoder: Arc<dyn Encoder>, centroid: Vec<f32>) {
        self.encoder = Some(encoder);
        self.centroid = Some(centroid);
        self.semantic = OnceLock::new();
    }

    /// The semantic index, when the semantic stage is on.
    pub fn semantic(&self) -> Option<&SemanticIndex> {
        self.semantic
            .get_or_init(|| {
                self.encoder.as_ref().map(|e| {
                    SemanticIndex::build(
                        &self.compiled.exemplars,
                        &self.rubric,
                        Arc::clone(e),
                        self.centroid.clone(),
                    )
                })
            })
            .as_ref()
    }

    /// The explanation of every rule's decision on `answer`, kind by kind,
    /// from its `trace` (see [`Kind::explain`]).
    pub fn explain(&self, trace: &Trace, answer: &str) -> String {
        let explaining = self.compiled.explaining(answer);
        let mut out = String::new();
        for kind in Kind::ALL {
            for index in 0..kind.count(&self.rubric) {
                out.push_str(&self.explain_rule(kind, trace, &explaining, index));
            }
        }
        out
    }

    /// The explanation of the decision on rule `index` of `kind`.
    pub fn explain_rule(
        &self,
        kind: Kind,
        trace: &Trace,
        explaining: &Explaining<'_>,
        index: usize,
    ) -> String {
        kind.explain(&self.rubric, &self.compiled, trace, explaining, index)
    }

    /// Drops gist words shared by too many concepts across a whole bank, so
    /// that a paraphrase points at one concept (see [`gist::MAX_CONCEPTS_PER_STEM`]).
    pub fn prune_gists(questions: &mut [CompiledQuestion]) {
        let mut gists: Vec<Gist> = questions.iter().flat_map(|e| e.gists.clone()).collect();
        Gist::prune(&mut gists, gist::MAX_CONCEPTS_PER_STEM);
        let mut pruned = gists.into_iter();
        for question in questions {
            for gist in &mut question.gists {
                *gist = pruned.next().expect("one gist per concept");
            }
        }
    }
}
