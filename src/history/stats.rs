//! Statistics over the practice history, for `mock stats`: per question
//! (attempts, best, latest, median time, most missed concepts) and per theme.
//! Every score and miss is the final one: after the follow-ups, when any.
//! Computed here; rendered by [`crate::output`].

use std::collections::HashMap;

use super::Attempt;
use crate::bank::Bank;

/// How many concepts `most_missed` names per question.
const MOST_MISSED: usize = 3;

/// Per-question statistics (the JSON of `mock stats --format json`).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct QuestionStats {
    /// Question id.
    pub question: String,
    /// Question theme.
    pub theme: String,
    /// Attempts recorded.
    pub attempts: usize,
    /// Best score.
    pub best: Option<f64>,
    /// Latest score.
    pub latest: Option<f64>,
    /// Every score, oldest first.
    pub scores: Vec<f64>,
    /// Median time taken.
    pub median_seconds: Option<i64>,
    /// The question's time box.
    pub time_box_minutes: u32,
    /// The most missed concepts: label, times missed, hint; most first.
    pub most_missed: Vec<(String, usize, String)>,
}

/// Per-theme totals of the per-question statistics.
#[derive(Debug, Clone, PartialEq)]
pub struct ThemeStats {
    /// Theme name.
    pub theme: String,
    /// Attempts over the theme's questions.
    pub attempts: usize,
    /// Questions of the theme practised.
    pub practised: usize,
    /// Questions of the theme.
    pub questions: usize,
    /// Mean of the best scores of the practised questions.
    pub mean_of_best: Option<f64>,
}

/// The statistics of every question of the bank (of `theme`, if given), in
/// bank order, from `attempts` (oldest first).
pub fn question_stats(
    bank: &Bank,
    attempts: &[Attempt],
    theme: Option<&str>,
) -> Vec<QuestionStats> {
    bank.in_theme(theme)
        .into_iter()
        .map(|entry| {
            let mine: Vec<&Attempt> = attempts
                .iter()
                .filter(|a| a.question == entry.question.id)
                .collect();
            let scores: Vec<f64> = mine.iter().map(|a| a.final_score()).collect();
            let mut durations: Vec<i64> = mine.iter().map(|a| a.ended_at - a.started_at).collect();
            durations.sort_unstable();
            let mut missed: HashMap<&str, usize> = HashMap::new();
            for a in &mine {
                for c in a.final_concepts().iter().filter(|c| !c.hit) {
                    *missed.entry(c.id.as_str()).or_default() += 1;
                }
            }
            let mut most_missed: Vec<(String, usize, String)> = missed
                .into_iter()
                .map(|(id, n)| {
                    let concept = entry.rubric.concepts.iter().find(|c| c.id == id);
                    let label = concept.map_or(id.to_owned(), |c| c.label.clone());
                    let hint = concept.map_or(String::new(), |c| c.hint.clone());
                    (label, n, hint)
                })
                .collect();
            most_missed.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            most_missed.truncate(MOST_MISSED);
            QuestionStats {
                question: entry.question.id.clone(),
                theme: entry.question.theme.clone(),
                attempts: mine.len(),
                best: scores.iter().copied().reduce(f64::max),
                latest: scores.last().copied(),
                median_seconds: durations.get(durations.len() / 2).copied(),
                time_box_minutes: entry.question.time_box_minutes,
                scores,
                most_missed,
            }
        })
        .collect()
}

/// Totals per theme of `themes` (in that order) that has statistics.
pub fn theme_stats(themes: &[&str], stats: &[QuestionStats]) -> Vec<ThemeStats> {
    themes
        .iter()
        .filter_map(|&theme| {
            let mine: Vec<&QuestionStats> = stats.iter().filter(|s| s.theme == theme).collect();
            if mine.is_empty() {
                return None;
            }
            let bests: Vec<f64> = mine.iter().filter_map(|s| s.best).collect();
            let mean_of_best =
                (!bests.is_empty()).then(|| bests.iter().sum::<f64>() / bests.len() as f64);
            Some(ThemeStats {
                theme: theme.to_owned(),
                attempts: mine.iter().map(|s| s.attempts).sum(),
                practised: bests.len(),
                questions: mine.len(),
                mean_of_best,
            })
        })
        .collect()
}

/// Per question, its most missed concept when it was missed more than once.
pub fn keeps_being_missed(stats: &[QuestionStats]) -> Vec<&(String, usize, String)> {
    stats
        .iter()
        .flat_map(|s| s.most_missed.first())
        .filter(|m| m.1 > 1)
        .collect()
}
