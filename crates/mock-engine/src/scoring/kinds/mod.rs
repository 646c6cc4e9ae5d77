//! The kinds of rubric rule, one file each: [`concept`], [`claim`],
//! [`red_flag`], [`misconception`] and [`sequence`]. Each file owns, for its
//! kind, the compile step, the assessment of a prepared answer (result and
//! trace), the explanation of that decision and the lint of the rubric; the
//! application only places each [`Lint`] at `path:line:column`. This module
//! holds what they share: the [`Kind`] enum (matched exhaustively, here
//! only), the compiled rubric, and the lint types.
//!
//! A new kind is a file here, a variant of [`Kind`] with its arms, its
//! fields in [`CompiledRubric`], its type and field in `rubric.rs`, its
//! place in the order of `run.rs`, and its result and trace fields in
//! `scoring/mod.rs` (ADR 0013).

pub mod claim;
pub mod concept;
pub mod misconception;
pub mod red_flag;
pub mod sequence;

use std::collections::HashSet;

use crate::analysis::LineIndex;
use crate::matching::{CompileProblem, Matcher, Prepared};
use crate::rubric::Rubric;
use crate::scoring::{Assessment, Trace};
use crate::semantic::ExemplarSets;

/// A kind of rubric rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Kind {
    /// A key concept (`concepts:`).
    Concept,
    /// A claim of a concept (`claims:` inside a concept).
    Claim,
    /// A red flag (`red_flags:`).
    RedFlag,
    /// A misconception (`misconceptions:`).
    Misconception,
    /// An ordered process of concepts (`sequences:`).
    Sequence,
}

/// One self-test of a rubric rule: its examples must hold, its
/// counterexamples must not (`mock rubric test`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SelfTest<'r> {
    /// The rule's index among the rubric's rules of its kind.
    pub index: usize,
    /// `concept <id>`, `red flag <id>` or `wrong claim <id>`.
    pub target: String,
    /// Sentences that must hold.
    pub examples: &'r [String],
    /// Sentences that must not.
    pub counterexamples: &'r [String],
}

impl Kind {
    /// Every kind, in the order the rubric, `mock explain` and `mock rubric
    /// test` list them.
    pub const ALL: [Kind; 5] = [
        Kind::Concept,
        Kind::Claim,
        Kind::RedFlag,
        Kind::Misconception,
        Kind::Sequence,
    ];

    /// What an example and a counterexample of this kind must do.
    pub fn expectations(self) -> [&'static str; 2] {
        match self {
            Kind::Concept => ["example must earn it", "counterexample must not earn it"],
            Kind::RedFlag => ["example must fire it", "counterexample must not fire it"],
            Kind::Misconception => ["example must state it", "counterexample must not state it"],
            // Claims and sequences have no self-tests of their own: a claim
            // is tested through its concept's examples.
            Kind::Claim | Kind::Sequence => ["", ""],
        }
    }

    /// The self-tests of this kind's rules in `rubric`.
    pub fn self_tests(self, rubric: &Rubric) -> Vec<SelfTest<'_>> {
        let test = |index, target: String, examples, counterexamples| SelfTest {
            index,
            target,
            examples,
            counterexamples,
        };
        match self {
            Kind::Concept => (rubric.concepts.iter().enumerate())
                .map(|(i, c)| {
                    test(
                        i,
                        format!("concept {}", c.id),
                        &c.examples[..],
                        &c.counterexamples[..],
                    )
                })
                .collect(),
            Kind::RedFlag => (rubric.red_flags.iter().enumerate())
                .map(|(i, f)| {
                    test(
                        i,
                        format!("red flag {}", f.id),
                        &f.examples[..],
                        &f.counterexamples[..],
                    )
                })
                .collect(),
            Kind::Misconception => (rubric.misconceptions.iter().enumerate())
                .map(|(i, m)| {
                    test(
                        i,
                        format!("wrong claim {}", m.id),
                        &m.examples[..],
                        &m.counterexamples[..],
                    )
                })
                .collect(),
            Kind::Claim | Kind::Sequence => Vec::new(),
        }
    }

    /// Whether rule `index` of this kind holds in `assessment`: the concept
    /// is earned, the red flag fired, the misconception stated, the claim
    /// (counted over every concept's claims in rubric order) made, the
    /// sequence's steps told in order.
    pub fn holds(self, rubric: &Rubric, assessment: &Assessment, index: usize) -> bool {
        match self {
            Kind::Concept => assessment.concepts.get(index).is_some_and(concept::holds),
            Kind::Claim => (assessment.concepts.iter())
                .flat_map(|c| &c.claims)
                .nth(index)
                .is_some_and(|c| c.made),
            Kind::RedFlag => rubric
                .red_flags
                .get(index)
                .is_some_and(|flag| assessment.red_flags.iter().any(|f| f.id == flag.id)),
            Kind::Misconception => rubric
                .misconceptions
                .get(index)
                .is_some_and(|wrong| assessment.misconceptions.iter().any(|m| m.id == wrong.id)),
            Kind::Sequence => assessment
                .sequences
                .get(index)
                .is_some_and(|s| s.credit > 0.0),
        }
    }

    /// The explanation of the decision on rule `index` of this kind, read
    /// from the trace (claims are explained with their concept, and
    /// sequences by their result in the feedback: both give nothing here).
    pub fn explain(
        self,
        rubric: &Rubric,
        compiled: &CompiledRubric,
        trace: &Trace,
        explaining: &Explaining<'_>,
        index: usize,
    ) -> String {
        match self {
            Kind::Concept => concept::explain(
                &rubric.concepts[index],
                &compiled.concepts[index],
                &trace.concepts[index],
                explaining,
            ),
            Kind::RedFlag => red_flag::explain(&rubric.red_flags[index], &trace.red_flags[index]),
            Kind::Misconception => {
                misconception::explain(&rubric.misconceptions[index], &trace.misconceptions[index])
            }
            Kind::Claim | Kind::Sequence => String::new(),
        }
    }

    /// How many rules of this kind `rubric` has (claims counted over every
    /// concept).
    pub fn count(self, rubric: &Rubric) -> usize {
        match self {
            Kind::Concept => rubric.concepts.len(),
            Kind::Claim => rubric.concepts.iter().map(|c| c.claims.len()).sum(),
            Kind::RedFlag => rubric.red_flags.len(),
            Kind::Misconception => rubric.misconceptions.len(),
            Kind::Sequence => rubric.sequences.len(),
        }
    }
}

/// An answer analysed for explaining decisions about it.
pub struct Explaining<'a> {
    /// The answer mapped onto the rubric's vocabulary.
    pub prepared: Prepared<'a>,
    /// Its line index.
    pub lines: LineIndex<'a>,
}

/// A rubric compiled once for matching many answers: the vocabulary its
/// kinds compiled their phrases into, each kind's compiled rules, and the
/// exemplar sentences they registered for the semantic stage.
#[derive(Debug, Clone)]
pub struct CompiledRubric {
    /// The rubric's vocabulary.
    pub matcher: Matcher,
    /// Per concept, in rubric order.
    pub concepts: Vec<concept::Compiled>,
    /// Per red flag, in rubric order.
    pub red_flags: Vec<red_flag::Compiled>,
    /// Per misconception, in rubric order.
    pub misconceptions: Vec<misconception::Compiled>,
    /// The exemplar sentences, encoded when the semantic stage first needs them.
    pub exemplars: ExemplarSets,
}

impl CompiledRubric {
    /// Compiles every rule of `rubric`; every phrase or pattern that does
    /// not compile is reported.
    pub fn compile(rubric: &Rubric) -> Result<Self, Vec<CompileProblem>> {
        Self::compile_placed(rubric)
            .map_err(|problems| problems.into_iter().map(|(p, _)| p).collect())
    }

    /// Like [`Self::compile`], each problem with its place in the rubric file.
    fn compile_placed(rubric: &Rubric) -> Result<Self, Vec<(CompileProblem, Place)>> {
        let mut matcher = Matcher::new();
        let mut exemplars = ExemplarSets::default();
        let mut problems = Vec::new();
        let concepts: Vec<concept::Compiled> = (rubric.concepts.iter().enumerate())
            .map(|(i, c)| concept::compile(&mut matcher, &mut exemplars, (i, c), &mut problems))
            .collect();
        let red_flags = (rubric.red_flags.iter().enumerate())
            .map(|(i, f)| red_flag::compile(&mut matcher, &mut exemplars, (i, f), &mut problems))
            .collect();
        let rivals: Vec<_> = (rubric.concepts.iter().zip(&concepts))
            .map(|(c, compiled)| (c, compiled.exemplar_sets()))
            .collect();
        let misconceptions = (rubric.misconceptions.iter().enumerate())
            .map(|(i, m)| {
                let rivals = (rivals.as_slice(), rubric.drafted);
                misconception::compile(&mut matcher, &mut exemplars, (i, m), rivals, &mut problems)
            })
            .collect();
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(CompiledRubric {
            matcher,
            concepts,
            red_flags,
            misconceptions,
            exemplars,
        })
    }

    /// Analyses `answer` for explaining decisions about it.
    pub fn explaining<'a>(&self, answer: &'a str) -> Explaining<'a> {
        Explaining {
            prepared: self.matcher.prepare(answer),
            lines: LineIndex::new(answer),
        }
    }
}

/// How bad a lint problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The rubric cannot be used.
    Error,
    /// The rubric probably does not do what its author meant.
    Warning,
    /// Advice.
    Note,
}

/// An item of a rubric file: the `occurrence`-th (from 0) entry with `id`
/// in the list `section` (`concepts`, `red_flags`, `misconceptions`,
/// `sequences`), which is the `index`-th entry of the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    /// The top-level list.
    pub section: &'static str,
    /// The entry's id.
    pub id: String,
    /// Which entry with that id, counted from 0 (ids may repeat).
    pub occurrence: usize,
    /// Its position in the list, counted from 0 (a concept used from the
    /// library has no `id:` line of its own to be found by).
    pub index: usize,
}

impl Item {
    /// The `occurrence`-th entry with `id` in `section`, its `index`-th.
    pub fn new(section: &'static str, id: &str, occurrence: usize, index: usize) -> Item {
        Item {
            section,
            id: id.to_owned(),
            occurrence,
            index,
        }
    }
}

/// What is checked: a question's rubric as a whole, or one library concept
/// on its own (which has no question: no drafting flag to review, and no
/// rubric version to advise on).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LintScope {
    /// A question's rubric.
    Question,
    /// One library concept, as a rubric of its own.
    LibraryConcept,
}

/// Where in a rubric file a lint problem is, for the application to turn
/// into a line and column: a value, else a key, else an item, else a
/// top-level key, else the top of the file.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Place {
    /// The entry the problem is about; `None` for the rubric as a whole.
    pub item: Option<Item>,
    /// A key inside the entry (or at the top level without one).
    pub key: Option<&'static str>,
    /// A value (such as a phrase) to find after the key, or after the entry
    /// when there is no key, within this many lines.
    pub value: Option<(String, usize)>,
    /// A top-level key to point at when nothing else is found.
    pub or_top_key: Option<&'static str>,
}

impl Place {
    /// A top-level key.
    pub fn top(key: &'static str) -> Place {
        Place {
            key: Some(key),
            ..Place::default()
        }
    }

    /// An entry.
    pub fn item(item: Item) -> Place {
        Place {
            item: Some(item),
            ..Place::default()
        }
    }

    /// A key inside an entry (the entry when the key is not found).
    pub fn key_in(item: Item, key: &'static str) -> Place {
        Place {
            item: Some(item),
            key: Some(key),
            ..Place::default()
        }
    }

    /// A value of an entry, within 40 lines of its start (the entry when
    /// the value is not found, or when there is none).
    pub fn value_in(item: Item, value: Option<String>) -> Place {
        Place {
            item: Some(item),
            value: value.map(|v| (v, 40)),
            ..Place::default()
        }
    }

    /// This place, pointing at `value` within `lines` lines.
    pub fn with_value(self, value: &str, lines: usize) -> Place {
        Place {
            value: Some((value.to_owned(), lines)),
            ..self
        }
    }
}

/// A problem with a rubric, for `mock rubric check` and loading.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lint {
    /// How bad it is.
    pub severity: Severity,
    /// Where it is.
    pub place: Place,
    /// What is wrong, and what to do.
    pub message: String,
}

/// What the kinds' lints share while they check one rubric.
pub(crate) struct LintContext {
    /// Ids of concepts, red flags and sequences seen so far: they must be
    /// unique across the three.
    pub ids: HashSet<String>,
    /// The rubric is v2 (has claims or misconceptions).
    pub is_v2: bool,
    /// Whether warnings and notes are wanted, or errors only.
    warnings: bool,
    out: Vec<Lint>,
}

impl LintContext {
    pub fn error(&mut self, place: Place, message: String) {
        self.push(Severity::Error, place, message);
    }

    pub fn warning(&mut self, place: Place, message: String) {
        self.push(Severity::Warning, place, message);
    }

    pub fn note(&mut self, place: Place, message: String) {
        self.push(Severity::Note, place, message);
    }

    fn push(&mut self, severity: Severity, place: Place, message: String) {
        if severity == Severity::Error || self.warnings {
            self.out.push(Lint {
                severity,
                place,
                message,
            });
        }
    }
}

/// The warnings about a rule's self-tests: it needs an example and a
/// counterexample for `mock rubric test` to verify it.
pub(crate) fn lint_examples(
    context: &mut LintContext,
    at: &Item,
    kind: &str,
    id: &str,
    examples: &[String],
    counterexamples: &[String],
) {
    if examples.is_empty() {
        let message = format!("{kind} {id:?} has no examples; add a sentence that must earn it, for `mock rubric test`");
        context.warning(Place::item(at.clone()), message);
    }
    if counterexamples.is_empty() {
        let message = format!("{kind} {id:?} has no counterexamples; add a sentence that must not earn it (a negation, a near miss)");
        context.warning(Place::key_in(at.clone(), "examples"), message);
    }
}

/// Checks `rubric` and compiles it: every problem, in the order of its
/// kinds, and the compiled rubric when it has no error. With `warnings`,
/// also what probably does not do what its author meant (`mock rubric
/// check`); without, errors only (loading a bank).
pub fn lint(
    rubric: &Rubric,
    warnings: bool,
    scope: LintScope,
) -> (Option<CompiledRubric>, Vec<Lint>) {
    let mut context = LintContext {
        ids: HashSet::new(),
        is_v2: rubric.concepts.iter().any(|c| !c.claims.is_empty())
            || !rubric.misconceptions.is_empty(),
        warnings,
        out: Vec::new(),
    };
    if scope == LintScope::Question {
        lint_drafting(rubric, &mut context);
    }
    if rubric.concepts.is_empty() {
        let message = "a rubric needs at least one concept".to_owned();
        context.error(Place::top("concepts"), message);
    }
    concept::lint(&rubric.concepts, &mut context);
    red_flag::lint(&rubric.red_flags, &mut context);
    misconception::lint(&rubric.misconceptions, &rubric.concepts, &mut context);
    if scope == LintScope::Question && !context.is_v2 && !rubric.concepts.is_empty() {
        let message =
            "a rubric v1 (no claims, no misconceptions): naming a concept earns it in full; \
            see docs/rubric-format.md, \"Rubric v2\", to add claims and misconceptions"
                .to_owned();
        context.note(Place::top("concepts"), message);
    }
    sequence::lint(&rubric.sequences, &rubric.concepts, &mut context);
    let total = (rubric.concepts.iter().map(|c| c.weight))
        .chain(rubric.sequences.iter().map(|q| q.weight))
        .fold(0.0, |sum: f64, w| sum + w);
    if !total.is_finite() {
        let message = "the weights add up to more than a number can hold; use weights like 1 to 10"
            .to_owned();
        context.error(Place::top("concepts"), message);
    }
    let compiled = match CompiledRubric::compile_placed(rubric) {
        Ok(compiled) => compiled,
        Err(problems) => {
            for (problem, place) in problems {
                let message = format!("{}: {}", problem.target, problem.message);
                context.error(place, message);
            }
            return (None, context.out);
        }
    };
    if warnings {
        concept::lint_collisions(&rubric.concepts, &compiled.concepts, &mut context);
        for (i, c) in rubric.concepts.iter().enumerate() {
            let at = Item::new("concepts", &c.id, 0, i);
            concept::lint_common_words(at, &c.phrases, &mut context);
        }
        for (i, f) in rubric.red_flags.iter().enumerate() {
            let at = Item::new("red_flags", &f.id, 0, i);
            concept::lint_common_words(at, &f.phrases, &mut context);
        }
    }
    (Some(compiled), context.out)
}

/// The warnings about a question's rubric that is, or was, drafted.
fn lint_drafting(rubric: &Rubric, context: &mut LintContext) {
    let question = Some("question");
    if rubric.drafted {
        // Not wrong, but machine-written: `--strict` holds it back until an
        // author has reviewed it and removed the flag.
        let message = "drafted from a model answer (drafted: true): review every concept's label, weight, hint and claims, then remove `drafted: true` (and `model_answers`, whose closeness only drafted rubrics score)".to_owned();
        let place = Place {
            or_top_key: question,
            ..Place::top("drafted")
        };
        context.warning(place, message);
    }
    if !rubric.drafted && !rubric.model_answers.is_empty() {
        // Removing `drafted: true` after review also turns closeness off:
        // say so rather than let scores drop without a word.
        let message = "model_answers is used by drafted rubrics only: without `drafted: true` answers no longer earn closeness to them; remove model_answers, or add claims with exemplars in their place".to_owned();
        let place = Place {
            or_top_key: question,
            ..Place::top("model_answers")
        };
        context.warning(place, message);
    }
}
