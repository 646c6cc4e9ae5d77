//! The concept library: knowledge defined once, used by many rubrics.
//!
//! A library file defines concepts with everything that recognises and
//! explains them: names (phrases, patterns), claims with their phrasings and
//! plain-words exemplars, the misconceptions that contradict them and the
//! red flags of the harmful practices around them. A rubric file uses a
//! library concept by reference (`use: <id>`) with the weight it has for
//! that question and, where the question needs it, its own hint, follow-up,
//! label or extra claims. Resolution turns a [`RubricFile`] into the plain
//! [`Rubric`] the engine scores, so scoring never depends on where a concept
//! was written ([`Concept::library`] only records it).
//!
//! ```text
//! library/data.yaml ─┐
//! library/people.yaml┼─▶ Library ─┐
//! (a bank's own)    ─┘            ├─ resolve ─▶ Rubric ─▶ CompiledQuestion
//! rubrics/<id>.yaml ─▶ RubricFile ┘
//! ```
//!
//! Ids are namespaced. Every library file names its library (`mock` is the
//! built-in one) and a concept's full id is `<library>/<id>`. A reference may
//! leave the library out when exactly one library defines the id; when
//! several do, it must name one, so that two libraries never collide
//! silently.

use std::collections::{HashMap, HashSet};

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::rubric::{Claim, Concept, Depth, Misconception, Polarity, RedFlag, Rubric, Sequence};

/// The namespace of the built-in library; a bank's own library picks another.
pub const BUILTIN_LIBRARY: &str = "mock";

/// One library file, `library/<area>.yaml`.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LibraryFile {
    /// The library's namespace (a slug): `mock` for the built-in library.
    /// A concept's full id is `<library>/<id>`.
    pub library: String,
    /// The concepts, each with its misconceptions and red flags.
    pub concepts: Vec<LibraryConcept>,
}

/// A concept of the library: a rubric concept without a weight (the weight
/// belongs to the question), with the wrong claims and harmful practices
/// that go with it.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct LibraryConcept {
    /// Identifier, unique within the library.
    pub id: String,
    /// Human label shown in feedback.
    pub label: String,
    /// Which mentions count (default: affirmed ones).
    #[serde(default)]
    pub polarity: Polarity,
    /// Words or phrases that name the concept, matched after stemming.
    #[serde(default)]
    pub phrases: Vec<String>,
    /// Regular expressions for code-like tokens, matched on the raw answer.
    #[serde(default)]
    pub patterns: Vec<String>,
    /// What to add when the concept is missed, and why it matters.
    pub hint: String,
    /// A follow-up question that probes the concept when it is missed.
    #[serde(default)]
    pub follow_up: Option<String>,
    /// What explaining the concept takes (rubric v1; prefer `claims`).
    #[serde(default)]
    pub depth: Option<Depth>,
    /// What explaining the concept means, as 1-3 propositions.
    #[serde(default)]
    pub claims: Vec<Claim>,
    /// Plain-language sentences that express the concept without its names.
    #[serde(default)]
    pub exemplars: Vec<String>,
    /// Share of the weight earned when the concept is named but no claim is made.
    #[serde(default)]
    pub named_credit: Option<f64>,
    /// Sentences that must earn the concept (checked by `mock rubric test`).
    #[serde(default)]
    pub examples: Vec<String>,
    /// Sentences that must not earn it.
    #[serde(default)]
    pub counterexamples: Vec<String>,
    /// Wrong claims about this concept; each one stated zeroes it. Their
    /// `contradicts` is this concept and is left out.
    #[serde(default)]
    pub misconceptions: Vec<Misconception>,
    /// Harmful practices around this concept, which cost points when an
    /// answer recommends them.
    #[serde(default)]
    pub red_flags: Vec<RedFlag>,
}

/// A rubric file as written: its concepts defined in place or used from a
/// library. [`Library::resolve`] turns it into the [`Rubric`] that is scored.
#[derive(Debug, Clone, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RubricFile {
    /// The id of the question this rubric scores.
    pub question: String,
    /// The key concepts a strong answer covers.
    pub concepts: Vec<ConceptEntry>,
    /// Anti-patterns of this question only (library concepts bring their own).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub red_flags: Vec<RedFlag>,
    /// Concepts whose order matters.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sequences: Vec<Sequence>,
    /// Wrong claims of this question only (library concepts bring their own).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub misconceptions: Vec<Misconception>,
    /// Drafted from a model answer and not yet reviewed (see [`Rubric::drafted`]).
    #[serde(default, skip_serializing_if = "is_false")]
    pub drafted: bool,
    /// The model answers a drafted rubric was drafted from.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub model_answers: Vec<String>,
}

fn is_false(value: &bool) -> bool {
    !*value
}

/// A concept of a rubric file: a library concept used with `use: <id>` (and
/// a weight), or a concept defined in place (with `id`, `label` and `hint`).
///
/// On a used concept, `id`, `label`, `hint`, `follow_up`, `depth` and
/// `named_credit` replace the library's; `phrases`, `patterns`, `claims`,
/// `exemplars`, `examples` and `counterexamples` are added to the library's;
/// `without` leaves out misconceptions or red flags the concept brings.
#[derive(Debug, Clone, Default, PartialEq, Deserialize, Serialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ConceptEntry {
    /// The library concept used: `<id>`, or `<library>/<id>` when several
    /// libraries define that id.
    #[serde(rename = "use", default, skip_serializing_if = "Option::is_none")]
    pub uses: Option<String>,
    /// Identifier, unique within the rubric (default for a used concept:
    /// the library concept's id).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Human label shown in feedback.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Relative weight in this question; coverage is the weighted share met.
    pub weight: f64,
    /// Which mentions count (a concept defined in place only; a used
    /// concept has its library's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub polarity: Option<Polarity>,
    /// Words or phrases that express the concept, matched after stemming.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub phrases: Vec<String>,
    /// Regular expressions for code-like tokens, matched on the raw answer.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub patterns: Vec<String>,
    /// What to add when the concept is missed, and why it matters.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// A follow-up question that probes the concept when it is missed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub follow_up: Option<String>,
    /// What explaining the concept takes (rubric v1; prefer `claims`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub depth: Option<Depth>,
    /// What explaining the concept means, as 1-3 propositions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub claims: Vec<Claim>,
    /// Plain-language sentences that express the concept without its names.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exemplars: Vec<String>,
    /// Share of the weight earned when the concept is named but no claim is made.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub named_credit: Option<f64>,
    /// Sentences that must earn the concept (checked by `mock rubric test`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub examples: Vec<String>,
    /// Sentences that must not earn it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub counterexamples: Vec<String>,
    /// Ids of misconceptions or red flags of the used concept left out of
    /// this question.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub without: Vec<String>,
}

impl From<Concept> for ConceptEntry {
    fn from(concept: Concept) -> Self {
        ConceptEntry {
            uses: None,
            id: Some(concept.id),
            label: Some(concept.label),
            weight: concept.weight,
            polarity: (concept.polarity != Polarity::Affirmed).then_some(concept.polarity),
            phrases: concept.phrases,
            patterns: concept.patterns,
            hint: Some(concept.hint),
            follow_up: concept.follow_up,
            depth: concept.depth,
            claims: concept.claims,
            exemplars: concept.exemplars,
            named_credit: concept.named_credit,
            examples: concept.examples,
            counterexamples: concept.counterexamples,
            without: Vec::new(),
        }
    }
}

impl From<Rubric> for RubricFile {
    /// The rubric written out with every concept defined in place.
    fn from(rubric: Rubric) -> Self {
        RubricFile {
            question: rubric.question,
            concepts: rubric
                .concepts
                .into_iter()
                .map(ConceptEntry::from)
                .collect(),
            red_flags: rubric.red_flags,
            sequences: rubric.sequences,
            misconceptions: rubric.misconceptions,
            drafted: rubric.drafted,
            model_answers: rubric.model_answers,
        }
    }
}

/// A library concept with where it was defined.
#[derive(Debug, Clone, PartialEq)]
pub struct LibraryEntry {
    /// The library (namespace) that defines it.
    pub library: String,
    /// The area it is grouped in (the library file's name: `data`, `people`).
    pub area: String,
    /// The concept.
    pub concept: LibraryConcept,
    /// The caller's index of the file it came from, for messages.
    pub origin: usize,
}

impl LibraryEntry {
    /// `<library>/<id>`.
    pub fn full_id(&self) -> String {
        format!("{}/{}", self.library, self.concept.id)
    }
}

/// What is wrong in a library file. `concept` is the index of the concept
/// in its file; `item` names a misconception or red flag inside it, or a
/// key of the concept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LibraryProblem {
    /// The caller's index of the file.
    pub origin: usize,
    /// Index of the concept in the file, `None` for the file as a whole.
    pub concept: Option<usize>,
    /// The id of the misconception or red flag concerned, if any.
    pub item: Option<String>,
    /// The YAML key the problem is about (`library`, `id`, `contradicts`).
    pub key: &'static str,
    /// What is wrong.
    pub message: String,
}

/// What is wrong in resolving a rubric file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResolveProblem {
    /// Index of the concept entry concerned.
    pub concept: usize,
    /// The YAML key the problem is about (`use`, `label`, `polarity`).
    pub key: &'static str,
    /// What is wrong.
    pub message: String,
}

/// Why a reference does not name one library concept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LookupError {
    /// No library defines it.
    Unknown,
    /// Several libraries define it; the full ids that would settle it.
    Ambiguous(Vec<String>),
}

/// Every library concept a bank can use.
#[derive(Debug, Clone, Default)]
pub struct Library {
    entries: Vec<LibraryEntry>,
    /// Local id -> indices into `entries`, in the order they were added.
    by_id: HashMap<String, Vec<usize>>,
}

/// Whether `id` can be a library name or id: letters, digits, `-`, `_`.
fn is_slug(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 100
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

impl Library {
    /// An empty library.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds the concepts of one library file, grouped under `area`. `origin`
    /// is the caller's index of the file, handed back in problems and
    /// entries. `builtin` says whether the file belongs to the built-in
    /// library, the only one that may use the name [`BUILTIN_LIBRARY`].
    /// A concept whose full id is already defined is left out and reported.
    pub fn add(
        &mut self,
        file: LibraryFile,
        area: &str,
        origin: usize,
        builtin: bool,
    ) -> Vec<LibraryProblem> {
        let mut problems = Vec::new();
        let whole = |key, message| LibraryProblem {
            origin,
            concept: None,
            item: None,
            key,
            message,
        };
        if !is_slug(&file.library) {
            problems.push(whole(
                "library",
                format!(
                    "library name {:?} is not a slug: use letters, digits, '-' and '_'",
                    file.library
                ),
            ));
            return problems;
        }
        if (file.library == BUILTIN_LIBRARY) != builtin {
            let message = if builtin {
                format!("the built-in library is called {BUILTIN_LIBRARY:?}")
            } else {
                format!("the library name {BUILTIN_LIBRARY:?} is the built-in library's: give this bank's library a name of its own, so that its ids never collide with the built-in ones")
            };
            problems.push(whole("library", message));
            return problems;
        }
        for (index, concept) in file.concepts.into_iter().enumerate() {
            let at = |key, item: Option<&str>, message| LibraryProblem {
                origin,
                concept: Some(index),
                item: item.map(str::to_owned),
                key,
                message,
            };
            if !is_slug(&concept.id) {
                let message = format!(
                    "concept id {:?} is not a slug: use letters, digits, '-' and '_'",
                    concept.id
                );
                problems.push(at("id", None, message));
                continue;
            }
            let full_id = format!("{}/{}", file.library, concept.id);
            if self.get_full(&full_id).is_some() {
                problems.push(at("id", None, format!("{full_id} is defined twice")));
                continue;
            }
            for wrong in &concept.misconceptions {
                if wrong.contradicts.as_ref().is_some_and(|c| c != &concept.id) {
                    let message = format!(
                        "misconception {:?} belongs to concept {:?}, which it contradicts: leave `contradicts` out",
                        wrong.id, concept.id
                    );
                    problems.push(at("contradicts", Some(&wrong.id), message));
                }
            }
            self.by_id
                .entry(concept.id.clone())
                .or_default()
                .push(self.entries.len());
            self.entries.push(LibraryEntry {
                library: file.library.clone(),
                area: area.to_owned(),
                concept,
                origin,
            });
        }
        problems
    }

    /// Every concept, in the order added.
    pub fn entries(&self) -> &[LibraryEntry] {
        &self.entries
    }

    /// Whether the library holds no concept.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    fn get_full(&self, full_id: &str) -> Option<&LibraryEntry> {
        let (library, id) = full_id.split_once('/')?;
        self.by_id
            .get(id)?
            .iter()
            .map(|&i| &self.entries[i])
            .find(|e| e.library == library)
    }

    /// The concept a reference names: `<library>/<id>`, or `<id>` when one
    /// library alone defines it.
    pub fn lookup(&self, reference: &str) -> Result<&LibraryEntry, LookupError> {
        if reference.contains('/') {
            return self.get_full(reference).ok_or(LookupError::Unknown);
        }
        match self.by_id.get(reference).map(Vec::as_slice) {
            None | Some([]) => Err(LookupError::Unknown),
            Some([one]) => Ok(&self.entries[*one]),
            Some(many) => Err(LookupError::Ambiguous(
                many.iter().map(|&i| self.entries[i].full_id()).collect(),
            )),
        }
    }

    /// The rubric `file` describes, with every used concept taken from the
    /// library; or every reason it cannot be built.
    pub fn resolve(&self, file: &RubricFile) -> Result<Rubric, Vec<ResolveProblem>> {
        let mut problems = Vec::new();
        let mut concepts = Vec::with_capacity(file.concepts.len());
        let mut misconceptions = Vec::new();
        let mut red_flags = Vec::new();
        for (index, entry) in file.concepts.iter().enumerate() {
            let mut problem = |key, message| {
                problems.push(ResolveProblem {
                    concept: index,
                    key,
                    message,
                })
            };
            let Some(reference) = &entry.uses else {
                match defined_in_place(entry) {
                    Ok(concept) => concepts.push(concept),
                    Err(missing) => problem(
                        missing,
                        format!("concepts[{index}]: missing field `{missing}` (a concept needs `{missing}` unless it has `use`)"),
                    ),
                }
                continue;
            };
            let used = match self.lookup(reference) {
                Ok(used) => used,
                Err(LookupError::Unknown) => {
                    problem("use", self.unknown_message(reference));
                    continue;
                }
                Err(LookupError::Ambiguous(ids)) => {
                    problem(
                        "use",
                        format!(
                            "{reference:?} is defined by several libraries: write one of {}",
                            ids.join(", ")
                        ),
                    );
                    continue;
                }
            };
            if entry.polarity.is_some_and(|p| p != used.concept.polarity) {
                problem(
                    "polarity",
                    format!(
                        "polarity is the library concept's ({}); define a concept of your own for the other polarity",
                        used.full_id()
                    ),
                );
            }
            let brought: HashSet<&str> = used
                .concept
                .misconceptions
                .iter()
                .map(|m| m.id.as_str())
                .chain(used.concept.red_flags.iter().map(|f| f.id.as_str()))
                .collect();
            for left_out in entry
                .without
                .iter()
                .filter(|w| !brought.contains(w.as_str()))
            {
                problem(
                    "without",
                    format!(
                        "{} brings no misconception or red flag {left_out:?}",
                        used.full_id()
                    ),
                );
            }
            let concept = used_concept(entry, used);
            let kept = |id: &String| !entry.without.contains(id);
            misconceptions.extend(
                used.concept
                    .misconceptions
                    .iter()
                    .filter(|m| kept(&m.id))
                    .map(|m| Misconception {
                        contradicts: Some(concept.id.clone()),
                        ..m.clone()
                    }),
            );
            red_flags.extend(
                used.concept
                    .red_flags
                    .iter()
                    .filter(|f| kept(&f.id))
                    .cloned(),
            );
            concepts.push(concept);
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        misconceptions.extend(file.misconceptions.iter().cloned());
        red_flags.extend(file.red_flags.iter().cloned());
        Ok(Rubric {
            question: file.question.clone(),
            concepts,
            red_flags,
            sequences: file.sequences.clone(),
            misconceptions,
            drafted: file.drafted,
            model_answers: file.model_answers.clone(),
        })
    }

    fn unknown_message(&self, reference: &str) -> String {
        let id = reference.rsplit('/').next().unwrap_or(reference);
        let near: Vec<String> = self
            .entries
            .iter()
            .filter(|e| strsim::damerau_levenshtein(&e.concept.id, id) <= 2)
            .map(LibraryEntry::full_id)
            .take(3)
            .collect();
        if near.is_empty() {
            format!("no library defines a concept {reference:?} (`mock concepts` lists them)")
        } else {
            format!(
                "no library defines a concept {reference:?}; did you mean {}?",
                near.join(" or ")
            )
        }
    }

    /// A rubric of `entry` alone (weight 1), under the question id
    /// `library:<full id>`: how `mock rubric check` and `mock rubric test`
    /// check a library concept that no question uses.
    pub fn standalone(&self, entry: &LibraryEntry) -> Rubric {
        let file = RubricFile {
            question: format!("library:{}", entry.full_id()),
            concepts: vec![ConceptEntry {
                uses: Some(entry.full_id()),
                weight: 1.0,
                ..ConceptEntry::default()
            }],
            red_flags: Vec::new(),
            sequences: Vec::new(),
            misconceptions: Vec::new(),
            drafted: false,
            model_answers: Vec::new(),
        };
        self.resolve(&file)
            .expect("a library concept resolves on its own")
    }
}

/// A concept defined in place, or the first required key it lacks.
fn defined_in_place(entry: &ConceptEntry) -> Result<Concept, &'static str> {
    Ok(Concept {
        id: entry.id.clone().ok_or("id")?,
        label: entry.label.clone().ok_or("label")?,
        weight: entry.weight,
        polarity: entry.polarity.unwrap_or_default(),
        phrases: entry.phrases.clone(),
        patterns: entry.patterns.clone(),
        hint: entry.hint.clone().ok_or("hint")?,
        follow_up: entry.follow_up.clone(),
        depth: entry.depth.clone(),
        claims: entry.claims.clone(),
        exemplars: entry.exemplars.clone(),
        named_credit: entry.named_credit,
        examples: entry.examples.clone(),
        counterexamples: entry.counterexamples.clone(),
        library: None,
    })
}

/// The library concept `used` as the rubric entry adapts it.
fn used_concept(entry: &ConceptEntry, used: &LibraryEntry) -> Concept {
    let base = &used.concept;
    let joined = |own: &[String], added: &[String]| -> Vec<String> {
        own.iter().chain(added).cloned().collect()
    };
    Concept {
        id: entry.id.clone().unwrap_or_else(|| base.id.clone()),
        label: entry.label.clone().unwrap_or_else(|| base.label.clone()),
        weight: entry.weight,
        polarity: base.polarity,
        phrases: joined(&base.phrases, &entry.phrases),
        patterns: joined(&base.patterns, &entry.patterns),
        hint: entry.hint.clone().unwrap_or_else(|| base.hint.clone()),
        follow_up: entry.follow_up.clone().or_else(|| base.follow_up.clone()),
        depth: entry.depth.clone().or_else(|| base.depth.clone()),
        claims: base.claims.iter().chain(&entry.claims).cloned().collect(),
        exemplars: joined(&base.exemplars, &entry.exemplars),
        named_credit: entry.named_credit.or(base.named_credit),
        examples: joined(&base.examples, &entry.examples),
        counterexamples: joined(&base.counterexamples, &entry.counterexamples),
        library: Some(used.full_id()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn library_file(name: &str, yaml_json: serde_json::Value) -> LibraryFile {
        let mut value = yaml_json;
        value["library"] = serde_json::Value::String(name.to_owned());
        serde_json::from_value(value).unwrap()
    }

    fn outbox_library() -> LibraryFile {
        library_file(
            "mock",
            serde_json::json!({"concepts": [{
                "id": "outbox", "label": "Transactional outbox",
                "phrases": ["transactional outbox"], "hint": "Name the outbox.",
                "claims": [{"id": "same-transaction", "text": "One local transaction",
                            "phrases": ["same transaction"]}],
                "misconceptions": [{"id": "outbox-is-2pc", "label": "The outbox is a 2PC",
                                    "phrases": ["outbox + two-phase commit"],
                                    "feedback": "It is one local transaction."}],
                "red_flags": [{"id": "dual-write", "label": "Dual write", "penalty": 10,
                               "phrases": ["write to both"], "feedback": "Use the outbox."}]
            }]}),
        )
    }

    fn rubric_file(concepts: serde_json::Value) -> RubricFile {
        serde_json::from_value(serde_json::json!({"question": "q", "concepts": concepts})).unwrap()
    }

    fn library() -> Library {
        let mut library = Library::new();
        assert!(library.add(outbox_library(), "data", 0, true).is_empty());
        library
    }

    #[test]
    fn a_used_concept_brings_its_claims_misconceptions_and_red_flags() {
        let file = rubric_file(serde_json::json!([
            {"use": "outbox", "weight": 3, "hint": "Say how the event leaves.",
             "claims": [{"id": "relay", "text": "A relay publishes it", "phrases": ["relay"]}]}
        ]));
        let rubric = library().resolve(&file).unwrap();
        let concept = &rubric.concepts[0];
        assert_eq!(concept.id, "outbox");
        assert_eq!(concept.weight, 3.0);
        assert_eq!(concept.hint, "Say how the event leaves.");
        assert_eq!(concept.label, "Transactional outbox");
        let claims: Vec<&str> = concept.claims.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(claims, ["same-transaction", "relay"]);
        assert_eq!(concept.library.as_deref(), Some("mock/outbox"));
        assert_eq!(
            rubric.misconceptions[0].contradicts.as_deref(),
            Some("outbox")
        );
        assert_eq!(rubric.red_flags[0].id, "dual-write");
    }

    #[test]
    fn a_local_id_is_what_misconceptions_contradict() {
        let file = rubric_file(serde_json::json!([
            {"use": "mock/outbox", "id": "relay-pattern", "weight": 1, "without": ["dual-write"]}
        ]));
        let rubric = library().resolve(&file).unwrap();
        assert_eq!(rubric.concepts[0].id, "relay-pattern");
        assert_eq!(
            rubric.misconceptions[0].contradicts.as_deref(),
            Some("relay-pattern")
        );
        assert!(rubric.red_flags.is_empty());
    }

    #[test]
    fn an_id_defined_by_two_libraries_must_be_written_in_full() {
        let mut library = library();
        let own = library_file(
            "acme",
            serde_json::json!({"concepts": [{"id": "outbox", "label": "Our outbox",
                "phrases": ["outbox table"], "hint": "h"}]}),
        );
        assert!(library.add(own, "data", 1, false).is_empty());
        let problems = library
            .resolve(&rubric_file(
                serde_json::json!([{"use": "outbox", "weight": 1}]),
            ))
            .unwrap_err();
        assert_eq!(problems[0].key, "use");
        assert!(
            problems[0].message.contains("mock/outbox, acme/outbox"),
            "{problems:?}"
        );
        let rubric = library
            .resolve(&rubric_file(
                serde_json::json!([{"use": "acme/outbox", "weight": 1}]),
            ))
            .unwrap();
        assert_eq!(rubric.concepts[0].label, "Our outbox");
    }

    #[test]
    fn a_bank_library_may_not_take_the_built_in_name_nor_define_an_id_twice() {
        let mut library = library();
        let problems = library.add(outbox_library(), "data", 1, false);
        assert_eq!(problems[0].key, "library");
        let mut again = Library::new();
        again.add(outbox_library(), "data", 0, true);
        let problems = again.add(outbox_library(), "more", 1, true);
        assert!(problems[0].message.contains("mock/outbox is defined twice"));
        assert_eq!(again.entries().len(), 1);
    }

    #[test]
    fn unknown_references_name_the_nearest_ids() {
        let problems = library()
            .resolve(&rubric_file(
                serde_json::json!([{"use": "outbx", "weight": 1}]),
            ))
            .unwrap_err();
        assert!(
            problems[0].message.contains("did you mean mock/outbox?"),
            "{problems:?}"
        );
    }

    #[test]
    fn concepts_defined_in_place_need_an_id_a_label_and_a_hint() {
        let problems = library()
            .resolve(&rubric_file(serde_json::json!([
                {"id": "x", "label": "X", "weight": 1, "phrases": ["x"]}
            ])))
            .unwrap_err();
        assert_eq!(problems[0].key, "hint");
        let rubric = library()
            .resolve(&rubric_file(serde_json::json!([
                {"id": "x", "label": "X", "weight": 1, "phrases": ["x"], "hint": "h"}
            ])))
            .unwrap();
        assert_eq!(rubric.concepts[0].library, None);
    }

    #[test]
    fn a_rubric_written_out_in_place_resolves_to_itself() {
        let rubric = library()
            .resolve(&rubric_file(
                serde_json::json!([{"use": "outbox", "weight": 2}]),
            ))
            .unwrap();
        let mut written = RubricFile::from(rubric.clone());
        // Misconceptions and red flags are now the rubric's own.
        written.concepts[0].without.clear();
        let again = Library::new().resolve(&written).unwrap();
        let mut expected = rubric;
        expected.concepts[0].library = None;
        assert_eq!(again, expected);
    }

    #[test]
    fn polarity_and_without_are_checked_against_the_library() {
        let problems = library()
            .resolve(&rubric_file(serde_json::json!([
                {"use": "outbox", "weight": 1, "polarity": "rejected", "without": ["nothing"]}
            ])))
            .unwrap_err();
        let keys: Vec<&str> = problems.iter().map(|p| p.key).collect();
        assert_eq!(keys, ["polarity", "without"]);
    }

    #[test]
    fn a_standalone_rubric_checks_a_concept_no_question_uses() {
        let library = library();
        let rubric = library.standalone(&library.entries()[0]);
        assert_eq!(rubric.question, "library:mock/outbox");
        assert_eq!(rubric.concepts.len(), 1);
        assert_eq!(rubric.misconceptions.len(), 1);
    }
}
