//! Validation of a parsed bank: every problem as a located [`Diagnostic`].
//!
//! Errors make a bank unusable; warnings point at rubrics that probably do
//! not do what their author meant, and are only computed for
//! `mock rubric check` (`lints = true`):
//! - two concepts with a phrase that is the same after stemming (one mention
//!   would earn both);
//! - a phrase word one or two edits away from a common English word, so that
//!   misspellings of the two are ambiguous;
//! - a concept or red flag without `examples` or `counterexamples`, which
//!   `mock rubric test` needs to verify it.

use std::collections::{HashMap, HashSet};

use super::load::Parsed;
use super::locate::{Location, Locator};
use crate::analysis::{common_words, normalize_word, stem};
use crate::error::{Diagnostic, Severity};
use crate::matching::fuzzy::{max_distance, VocabularyWord};
use crate::matching::Matcher;

/// The result of validation.
pub struct Checked {
    /// Every problem found, in file order.
    pub diagnostics: Vec<Diagnostic>,
    /// The compiled matcher of each parsed rubric (`None` when it has errors).
    pub matchers: Vec<Option<Matcher>>,
}

struct Findings<'a> {
    parsed: &'a Parsed,
    diagnostics: Vec<Diagnostic>,
}

impl Findings<'_> {
    fn push(&mut self, file: usize, at: Option<Location>, severity: Severity, message: String) {
        let (line, column) = at.unwrap_or((1, 1));
        let path = self.parsed.files[file].path.clone();
        self.diagnostics.push(Diagnostic {
            path,
            line,
            column,
            severity,
            message: crate::error::shorten_quotes(&message, super::load::MAX_QUOTE),
        });
    }
}

/// Validates a parsed bank; with `lints`, also computes the warnings.
pub fn check(parsed: &Parsed, lints: bool) -> Checked {
    let mut report = Findings {
        parsed,
        diagnostics: Vec::new(),
    };
    check_questions(&mut report);
    // Library concepts first, each on its own at its place in its library
    // file; a rubric that uses one then reports only its own problems.
    let mut library_messages: HashMap<String, HashSet<String>> = HashMap::new();
    for entry in parsed.library.entries() {
        let builtin = entry.origin == super::load::BUILTIN_ORIGIN;
        if builtin || (parsed.files[entry.origin].is_builtin() && !parsed.checks_builtin_library) {
            continue;
        }
        let before = report.diagnostics.len();
        let rubric = parsed.library.standalone(entry);
        check_rubric(&mut report, entry.origin, &rubric, lints, Scope::Library);
        library_messages.insert(
            entry.full_id(),
            report.diagnostics[before..]
                .iter()
                .map(|d| d.message.clone())
                .collect(),
        );
    }
    let matchers = parsed
        .rubrics
        .iter()
        .map(|(file, rubric)| {
            let before = report.diagnostics.len();
            let matcher = check_rubric(&mut report, *file, rubric, lints, Scope::Question);
            let reported: HashSet<&String> = rubric
                .concepts
                .iter()
                .filter_map(|c| library_messages.get(c.library.as_ref()?))
                .flatten()
                .collect();
            let mut n = 0;
            report.diagnostics.retain(|d| {
                n += 1;
                n <= before || !reported.contains(&d.message)
            });
            matcher
        })
        .collect();
    report
        .diagnostics
        .sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
    Checked {
        diagnostics: report.diagnostics,
        matchers,
    }
}

fn check_questions(report: &mut Findings<'_>) {
    let parsed = report.parsed;
    let mut seen = HashSet::new();
    for (file, question) in &parsed.questions {
        let locator = Locator::new(&parsed.files[*file].text);
        if !is_slug(&question.id) {
            let message = format!(
                "question id {:?} is not a slug: use letters, digits, '-' and '_' (at most {MAX_ID_CHARS} characters); it names files and is typed on command lines",
                question.id
            );
            report.push(*file, locator.key(None, "id"), Severity::Error, message);
        }
        if !seen.insert(question.id.as_str()) {
            let message = format!("duplicate question id {:?}", question.id);
            report.push(*file, locator.key(None, "id"), Severity::Error, message);
        }
        if question.time_box_minutes == 0 {
            let message = "time_box_minutes must be at least 1".to_owned();
            report.push(
                *file,
                locator.key(None, "time_box_minutes"),
                Severity::Error,
                message,
            );
        }
        // A rubric file of that name that failed to parse has its own error.
        let rubric_file = format!("{}.yaml", question.id);
        let unparsed = parsed
            .files
            .iter()
            .any(|f| f.kind == super::FileKind::Rubric && f.path.ends_with(&rubric_file));
        if !unparsed
            && !parsed
                .rubrics
                .iter()
                .any(|(_, r)| r.question == question.id)
        {
            let message = format!(
                "question {:?} has no rubric (rubrics/{}.yaml)",
                question.id, question.id
            );
            report.push(*file, locator.key(None, "id"), Severity::Error, message);
        }
    }
}

/// Longest question id accepted, in characters.
pub const MAX_ID_CHARS: usize = 100;

/// Whether `id` is a slug: letters, digits, `-` and `_`, at most
/// [`MAX_ID_CHARS`] characters.
pub fn is_slug(id: &str) -> bool {
    !id.is_empty()
        && id.chars().count() <= MAX_ID_CHARS
        && id
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
}

/// What a checked rubric is: a question's, or one library concept's on its
/// own (which has no question, and whose file is a library file).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    Question,
    Library,
}

fn check_rubric(
    report: &mut Findings<'_>,
    file: usize,
    rubric: &super::Rubric,
    lints: bool,
    scope: Scope,
) -> Option<Matcher> {
    let parsed = report.parsed;
    let locator = Locator::new(&parsed.files[file].text);
    if scope == Scope::Question {
        check_question_link(report, file, &locator, rubric, lints);
    }
    check_rubric_content(report, file, &locator, rubric, lints, scope)
}

/// The checks that tie a rubric file to its question.
fn check_question_link(
    report: &mut Findings<'_>,
    file: usize,
    locator: &Locator<'_>,
    rubric: &super::Rubric,
    lints: bool,
) {
    let parsed = report.parsed;
    let question_at = locator.key(None, "question");
    let earlier = parsed
        .rubrics
        .iter()
        .take_while(|(f, _)| *f != file)
        .filter(|(_, r)| r.question == rubric.question);
    if earlier.count() > 0 {
        let message = format!("second rubric for question {:?}", rubric.question);
        report.push(file, question_at, Severity::Error, message);
    }
    if !parsed
        .questions
        .iter()
        .any(|(_, q)| q.id == rubric.question)
    {
        let message = format!("rubric for unknown question {:?}", rubric.question);
        report.push(file, question_at, Severity::Error, message);
    }
    if lints && rubric.drafted {
        // Not wrong, but machine-written: `--strict` holds it back until an
        // author has reviewed it and removed the flag.
        let message = "drafted from a model answer (drafted: true): review every concept's label, weight, hint and claims, then remove `drafted: true` (and `model_answers`, whose closeness only drafted rubrics score)".to_owned();
        let at = locator.key(None, "drafted").or(question_at);
        report.push(file, at, Severity::Warning, message);
    }
    if lints && !rubric.drafted && !rubric.model_answers.is_empty() {
        // Removing `drafted: true` after review also turns closeness off:
        // say so rather than let scores drop without a word.
        let message = "model_answers is used by drafted rubrics only: without `drafted: true` answers no longer earn closeness to them; remove model_answers, or add claims with exemplars in their place".to_owned();
        let at = locator.key(None, "model_answers").or(question_at);
        report.push(file, at, Severity::Warning, message);
    }
}

/// The checks of a rubric's concepts, red flags, claims, misconceptions and
/// sequences; returns the compiled matcher when nothing is wrong.
fn check_rubric_content(
    report: &mut Findings<'_>,
    file: usize,
    locator: &Locator<'_>,
    rubric: &super::Rubric,
    lints: bool,
    scope: Scope,
) -> Option<Matcher> {
    if rubric.concepts.is_empty() {
        let message = "a rubric needs at least one concept".to_owned();
        report.push(
            file,
            locator.key(None, "concepts"),
            Severity::Error,
            message,
        );
    }

    // Where each concept and red flag starts, counting repeated ids apart.
    let mut occurrences: HashMap<(&str, &str), usize> = HashMap::new();
    let mut items = Vec::new();
    for (section, id) in rubric
        .concepts
        .iter()
        .map(|c| ("concepts", c.id.as_str()))
        .chain(
            rubric
                .red_flags
                .iter()
                .map(|f| ("red_flags", f.id.as_str())),
        )
    {
        let n = occurrences.entry((section, id)).or_default();
        // A used library concept may have no `id:` line of its own.
        let at = locator.item(section, id, *n).or_else(|| {
            (section == "concepts")
                .then(|| locator.list_item(section, items.len()))
                .flatten()
        });
        items.push(at);
        *n += 1;
    }
    let (concept_items, flag_items) = items.split_at(rubric.concepts.len());

    let mut ids = HashSet::new();
    for (concept, at) in rubric.concepts.iter().zip(concept_items) {
        if concept.id.trim().is_empty() {
            let message = format!("concept {:?}: the id is empty", concept.label);
            report.push(file, *at, Severity::Error, message);
        }
        if !ids.insert(concept.id.as_str()) {
            report.push(
                file,
                *at,
                Severity::Error,
                format!("duplicate id {:?}", concept.id),
            );
        }
        if !(concept.weight.is_finite() && concept.weight > 0.0) {
            let message = format!("concept {:?}: weight must be a positive number", concept.id);
            report.push(
                file,
                at.and_then(|at| locator.key(Some(at), "weight")).or(*at),
                Severity::Error,
                message,
            );
        }
        if let Some(depth) = &concept.depth {
            if !(0.0..=1.0).contains(&depth.credit) {
                let message = format!(
                    "concept {:?}: depth credit must be a number between 0 and 1",
                    concept.id
                );
                let credit = at.and_then(|at| locator.key(Some(at), "credit"));
                report.push(file, credit.or(*at), Severity::Error, message);
            }
        }
        if lints {
            lint_examples(
                report,
                file,
                locator,
                *at,
                "concept",
                &concept.id,
                &concept.examples,
                &concept.counterexamples,
            );
        }
    }
    for (flag, at) in rubric.red_flags.iter().zip(flag_items) {
        if !ids.insert(flag.id.as_str()) {
            report.push(
                file,
                *at,
                Severity::Error,
                format!("duplicate id {:?}", flag.id),
            );
        }
        if flag
            .cap
            .is_some_and(|c| !(c.is_finite() && (0.0..=100.0).contains(&c)))
        {
            let message = format!("red flag {:?}: cap must be between 0 and 100", flag.id);
            report.push(file, locator.key(*at, "cap"), Severity::Error, message);
        }
        if !(flag.penalty.is_finite() && (0.0..=100.0).contains(&flag.penalty)) {
            let message = format!("red flag {:?}: penalty must be between 0 and 100", flag.id);
            report.push(
                file,
                at.and_then(|at| locator.key(Some(at), "penalty")).or(*at),
                Severity::Error,
                message,
            );
        }
        if lints {
            lint_examples(
                report,
                file,
                locator,
                *at,
                "red flag",
                &flag.id,
                &flag.examples,
                &flag.counterexamples,
            );
        }
    }

    check_v2(report, file, locator, rubric, concept_items, lints, scope);
    check_sequences(report, file, locator, rubric, &mut ids);
    let total = rubric
        .concepts
        .iter()
        .map(|c| c.weight)
        .chain(rubric.sequences.iter().map(|q| q.weight))
        .fold(0.0, |sum: f64, w| sum + w);
    if !total.is_finite() {
        let message = "the weights add up to more than a number can hold; use weights like 1 to 10"
            .to_owned();
        report.push(
            file,
            locator.key(None, "concepts"),
            Severity::Error,
            message,
        );
    }

    let find = |id: &str, value: Option<&str>| -> Option<Location> {
        // A claim's problems are reported as "<concept> claim <claim>".
        let id = id.split(" claim ").next().unwrap_or(id);
        let Some(position) = rubric
            .concepts
            .iter()
            .map(|c| c.id.as_str())
            .chain(rubric.red_flags.iter().map(|f| f.id.as_str()))
            .position(|i| i == id)
        else {
            return locator.item("misconceptions", id, 0);
        };
        let at = items[position];
        match value {
            Some(value) => at.and_then(|at| locator.value(at, value, 40)).or(at),
            None => at,
        }
    };
    let matcher =
        match Matcher::compile(&rubric.concepts, &rubric.red_flags, &rubric.misconceptions) {
            Ok(matcher) => matcher,
            Err(problems) => {
                for problem in problems {
                    let message = format!("{}: {}", problem.target, problem.message);
                    report.push(
                        file,
                        find(&problem.target, problem.value.as_deref()),
                        Severity::Error,
                        message,
                    );
                }
                return None;
            }
        };
    if lints {
        lint_collisions(report, file, rubric, &matcher, &find);
        lint_common_words(report, file, rubric, &find);
    }
    Some(matcher)
}

/// Weight from which a concept should say what explaining it means.
pub const CLAIMS_EXPECTED_FROM_WEIGHT: f64 = 2.0;

/// The rubric v2 checks: claims, exemplars, misconceptions, named credit.
fn check_v2(
    report: &mut Findings<'_>,
    file: usize,
    locator: &Locator<'_>,
    rubric: &super::Rubric,
    concept_items: &[Option<Location>],
    lints: bool,
    scope: Scope,
) {
    let is_v2 =
        rubric.concepts.iter().any(|c| !c.claims.is_empty()) || !rubric.misconceptions.is_empty();
    for (concept, at) in rubric.concepts.iter().zip(concept_items) {
        let mut claim_ids = HashSet::new();
        for claim in &concept.claims {
            if claim.id.trim().is_empty() {
                let message = format!("concept {:?}: a claim's id is empty", concept.id);
                report.push(
                    file,
                    locator.key(*at, "claims").or(*at),
                    Severity::Error,
                    message,
                );
            }
            if !claim_ids.insert(claim.id.as_str()) {
                let message = format!(
                    "concept {:?}: duplicate claim id {:?}",
                    concept.id, claim.id
                );
                report.push(
                    file,
                    locator.key(*at, "claims").or(*at),
                    Severity::Error,
                    message,
                );
            }
            if lints && claim.exemplars.is_empty() {
                let message = format!(
                    "concept {:?}: claim {:?} has no exemplars, so a plain-words answer cannot make it; add 2-4 sentences",
                    concept.id, claim.id
                );
                report.push(
                    file,
                    locator.key(*at, "claims").or(*at),
                    Severity::Warning,
                    message,
                );
            }
        }
        if let Some(credit) = concept.named_credit {
            if !(credit.is_finite()
                && (0.0..=mock_engine::scoring::credit::MAX_NAMED_CREDIT).contains(&credit))
            {
                let message = format!(
                    "concept {:?}: named_credit must be between 0 and {}",
                    concept.id,
                    mock_engine::scoring::credit::MAX_NAMED_CREDIT
                );
                report.push(
                    file,
                    locator.key(*at, "named_credit").or(*at),
                    Severity::Error,
                    message,
                );
            }
        }
        if lints
            && is_v2
            && concept.claims.is_empty()
            && concept.weight >= CLAIMS_EXPECTED_FROM_WEIGHT
        {
            let message = format!(
                "concept {:?} (weight {}) has no claims: naming it earns its full weight; add 1-3 claims that say what explaining it means",
                concept.id, concept.weight
            );
            report.push(file, *at, Severity::Warning, message);
        }
        if lints && is_v2 && concept.exemplars.is_empty() {
            let message = format!(
                "concept {:?} has no exemplars; add 2-5 plain-words sentences for the semantic stage",
                concept.id
            );
            report.push(file, *at, Severity::Warning, message);
        }
    }
    let mut ids = HashSet::new();
    let mut occurrences: HashMap<&str, usize> = HashMap::new();
    for wrong in &rubric.misconceptions {
        let n = occurrences.entry(wrong.id.as_str()).or_default();
        let at = locator.item("misconceptions", &wrong.id, *n);
        *n += 1;
        if !ids.insert(wrong.id.as_str()) {
            report.push(
                file,
                at,
                Severity::Error,
                format!("duplicate misconception id {:?}", wrong.id),
            );
        }
        if let Some(id) = &wrong.contradicts {
            if !rubric.concepts.iter().any(|c| &c.id == id) {
                let message = format!(
                    "misconception {:?} contradicts unknown concept {id:?}",
                    wrong.id
                );
                report.push(
                    file,
                    locator.key(at, "contradicts").or(at),
                    Severity::Error,
                    message,
                );
            }
        }
        if let Some(cap) = wrong.cap {
            if !(cap.is_finite() && (0.0..=100.0).contains(&cap)) {
                let message = format!(
                    "misconception {:?}: cap must be between 0 and 100",
                    wrong.id
                );
                report.push(
                    file,
                    locator.key(at, "cap").or(at),
                    Severity::Error,
                    message,
                );
            }
        }
        if wrong.phrases.is_empty() && wrong.patterns.is_empty() {
            // Only the semantic stage, with exemplars, could find it; with
            // none, nothing can.
            let (severity, message) = if wrong.exemplars.is_empty() {
                (
                    Severity::Error,
                    format!("misconception {:?} has no phrases, patterns or exemplars: no answer can ever state it", wrong.id),
                )
            } else {
                (
                    Severity::Warning,
                    format!("misconception {:?} has no phrases or patterns: only the semantic stage can find it (never with --lexical-only); add the phrases that state it", wrong.id),
                )
            };
            report.push(file, at, severity, message);
        }
        if lints {
            if wrong.feedback.trim().is_empty() {
                let message = format!(
                    "misconception {:?} has no feedback: say why it is wrong and what is right",
                    wrong.id
                );
                report.push(file, at, Severity::Warning, message);
            }
            lint_examples(
                report,
                file,
                locator,
                at,
                "misconception",
                &wrong.id,
                &wrong.examples,
                &wrong.counterexamples,
            );
        }
    }
    // A question's rubric as a whole is v1 or v2; one library concept is not.
    if lints && scope == Scope::Question && !is_v2 && !rubric.concepts.is_empty() {
        let message =
            "a rubric v1 (no claims, no misconceptions): naming a concept earns it in full; \
            see docs/rubric-format.md, \"Rubric v2\", to add claims and misconceptions"
                .to_owned();
        report.push(file, locator.key(None, "concepts"), Severity::Note, message);
    }
}

/// Sequences: a positive weight, a unique id, and only concepts of the
/// rubric (an unknown id would make the order impossible to tell).
fn check_sequences<'r>(
    report: &mut Findings<'_>,
    file: usize,
    locator: &Locator<'_>,
    rubric: &'r super::Rubric,
    ids: &mut HashSet<&'r str>,
) {
    let mut occurrences: HashMap<&str, usize> = HashMap::new();
    for sequence in &rubric.sequences {
        let n = occurrences.entry(sequence.id.as_str()).or_default();
        let at = locator.item("sequences", &sequence.id, *n);
        *n += 1;
        if !ids.insert(sequence.id.as_str()) {
            let message = format!("duplicate id {:?}", sequence.id);
            report.push(file, at, Severity::Error, message);
        }
        if !(sequence.weight.is_finite() && sequence.weight > 0.0) {
            let message = format!(
                "sequence {:?}: weight must be a positive number",
                sequence.id
            );
            let weight = at.and_then(|at| locator.key(Some(at), "weight"));
            report.push(file, weight.or(at), Severity::Error, message);
        }
        let concepts_at = at.and_then(|at| locator.key(Some(at), "concepts"));
        for concept in &sequence.concepts {
            if !rubric.concepts.iter().any(|c| &c.id == concept) {
                let message = format!(
                    "sequence {:?} names {concept:?}, which is not a concept of this rubric",
                    sequence.id
                );
                let value = concepts_at.and_then(|from| locator.value(from, concept, 10));
                report.push(file, value.or(concepts_at).or(at), Severity::Error, message);
            }
        }
    }
}

#[allow(clippy::too_many_arguments)]
fn lint_examples(
    report: &mut Findings<'_>,
    file: usize,
    locator: &Locator<'_>,
    at: Option<Location>,
    kind: &str,
    id: &str,
    examples: &[String],
    counterexamples: &[String],
) {
    if examples.is_empty() {
        let message = format!("{kind} {id:?} has no examples; add a sentence that must earn it, for `mock rubric test`");
        report.push(file, at, Severity::Warning, message);
    }
    if counterexamples.is_empty() {
        let message =
            format!("{kind} {id:?} has no counterexamples; add a sentence that must not earn it (a negation, a near miss)");
        report.push(
            file,
            // An item not found is not searched for from the top.
            at.and_then(|at| locator.key(Some(at), "examples")).or(at),
            Severity::Warning,
            message,
        );
    }
}

/// Two concepts with phrases that are the same after stemming.
fn lint_collisions(
    report: &mut Findings<'_>,
    file: usize,
    rubric: &super::Rubric,
    matcher: &Matcher,
    find: &dyn Fn(&str, Option<&str>) -> Option<Location>,
) {
    let mut owner: HashMap<&[u32], (usize, &str)> = HashMap::new();
    let mut reported = HashSet::new();
    for (index, target) in matcher.concepts.iter().enumerate() {
        for phrase in &target.phrases {
            match owner.get(phrase.stem_ids.as_slice()) {
                // A phrase is compiled twice (as written and joined); report it once.
                Some(&(other, other_phrase))
                    if other != index && reported.insert((index, phrase.text.as_str())) =>
                {
                    let message = format!(
                        "phrase {:?} of concept {:?} is the same after stemming as {:?} of concept {:?}; one mention would earn both",
                        phrase.text, rubric.concepts[index].id, other_phrase, rubric.concepts[other].id
                    );
                    report.push(
                        file,
                        find(&rubric.concepts[index].id, Some(&phrase.text)),
                        Severity::Warning,
                        message,
                    );
                }
                Some(_) => {}
                None => {
                    owner.insert(&phrase.stem_ids, (index, &phrase.text));
                }
            }
        }
    }
}

/// Phrase words a misspelling away from a common English word.
fn lint_common_words(
    report: &mut Findings<'_>,
    file: usize,
    rubric: &super::Rubric,
    find: &dyn Fn(&str, Option<&str>) -> Option<Location>,
) {
    let targets = rubric
        .concepts
        .iter()
        .map(|c| (&c.id, &c.phrases))
        .chain(rubric.red_flags.iter().map(|f| (&f.id, &f.phrases)));
    for (id, phrases) in targets {
        for phrase in phrases {
            for word in phrase
                .split(|c: char| !c.is_alphanumeric())
                .map(normalize_word)
            {
                if let Some(near) = near_common_word(&word) {
                    let message = format!(
                        "word {word:?} of phrase {phrase:?} is one edit from the common word {near:?}, so a typo of {near:?} may be taken for it; prefer a phrase that does not hinge on this word"
                    );
                    report.push(file, find(id, Some(phrase)), Severity::Warning, message);
                }
            }
        }
    }
}

/// A common English word (other than an inflection of `word`) so close to
/// `word` that a one-letter typo of it could still be taken for `word`:
/// closer than the fuzzy-matching distance allowed for `word`. (The common
/// word itself is safe: common words never match fuzzily.)
pub fn near_common_word(word: &str) -> Option<&'static str> {
    let entry = VocabularyWord::new(word, 0)?;
    if common_words::is_common(word) {
        // Common words are matched exactly and never fuzzily; nothing to warn.
        return None;
    }
    let allowed = max_distance(entry.len);
    let own_stem = stem(word);
    common_words::all().find(|common| {
        let len = common.chars().count();
        common.starts_with(entry.first)
            && len.abs_diff(entry.len) <= allowed
            && strsim::damerau_levenshtein(common, word) < allowed.min(max_distance(len)).max(1)
            && strsim::damerau_levenshtein(common, word) < allowed
            && stem(common) != own_stem
    })
}
