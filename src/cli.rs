//! The command-line interface, as clap derive types. Kept in the library so
//! completions and the man page are generated from the very same definition.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::output::Format;

const ABOUT: &str =
    "A mock interviewer: practise senior engineering-leadership questions in writing and get a \
rubric score with coverage feedback.";

const EXAMPLES: &str = "\
Examples:
  mock list --theme cloud              the questions of one theme
  mock ask --theme cloud               a mock interview on a random cloud question
  mock show data-consistency --rubric  the question and, after practice, its rubric
  mock score answers/                  score every answer file in a folder
  mock score --format json a.md        machine-readable results
  echo 'We write ADRs.' | mock score --question adr-process -

Exit codes: 0 success, 1 a --min-score threshold not met, 2 usage or input error.";

/// `mock`: the arguments of one run.
#[derive(Debug, Parser)]
#[command(name = "mock", version, about = ABOUT, after_help = EXAMPLES)]
pub struct Cli {
    /// Load questions and rubrics from this folder instead of the built-in bank
    /// (layout: questions/<theme>/<id>.yaml and rubrics/<id>.yaml).
    #[arg(long, global = true, value_name = "DIR", env = "MOCK_BANK")]
    pub bank: Option<PathBuf>,

    /// The practice-history database (default: $XDG_DATA_HOME/mock/history.db).
    #[arg(long, global = true, value_name = "PATH", env = "MOCK_DB")]
    pub db: Option<PathBuf>,

    /// Do not read or write the practice history.
    #[arg(long, global = true)]
    pub no_history: bool,

    /// Score by phrases, stems and misspellings only, without the semantic
    /// stage (faster; plain-words answers then earn less).
    #[arg(long, global = true)]
    pub lexical_only: bool,

    /// Use the sentence-embedding model in this folder instead of the built-in one:
    /// a static model (Model2Vec layout: tokenizer.json, model.safetensors) or a
    /// BERT sentence transformer (Hugging Face layout with config.json, e.g. the
    /// all-MiniLM-L6-v2 folder scripts/fetch-minilm writes).
    #[arg(long, global = true, value_name = "DIR", env = "MOCK_MODEL")]
    pub model: Option<PathBuf>,

    /// When to use colour: auto uses it on a terminal unless NO_COLOR is set.
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// On a terminal, unless NO_COLOR is set.
    Auto,
    /// Always, even when piped.
    Always,
    /// Never.
    Never,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the questions of the bank.
    #[command(
        after_help = "Examples:\n  mock list\n  mock list --theme dotnet\n  mock list --format json | jq -r '.[].id'"
    )]
    List(ListArgs),
    /// The concept library: every concept that rubrics use by reference, and who uses it.
    #[command(
        after_help = "Examples:\n  mock concepts\n  mock concepts --area data\n  mock concepts --format json | jq '.[] | select(.questions == [])'"
    )]
    Concepts(ConceptsArgs),
    /// Show one question: what it probes and its time box; --rubric reveals the rubric.
    #[command(
        after_help = "Examples:\n  mock show cloud-native\n  mock show cloud-native --rubric"
    )]
    Show(ShowArgs),
    /// Run a mock interview: pick a question, type an answer, get scored feedback.
    #[command(after_help = ASK_HELP)]
    Ask(AskArgs),
    /// A mock interview: several questions across the themes, follow-ups that dig at what is
    /// missing, and a summary with a study plan and a verdict.
    #[command(after_help = INTERVIEW_HELP)]
    Interview(InterviewArgs),
    /// Score answer files, folders, JSONL files or stdin against their questions' rubrics.
    #[command(after_help = SCORE_HELP)]
    Score(ScoreArgs),
    /// Past attempts, newest first.
    #[command(
        after_help = "Examples:\n  mock history\n  mock history --theme cloud --limit 5\n  mock history --question adr-process --format json"
    )]
    History(HistoryArgs),
    /// Progress per theme and question: attempts, best and latest score, trend, most-missed concepts.
    #[command(
        after_help = "Examples:\n  mock stats\n  mock stats --theme dotnet\n  mock stats --format html --output progress.html"
    )]
    Stats(StatsArgs),
    /// What to practise next, by a spaced-repetition schedule (SM-2) of past scores.
    #[command(after_help = "Examples:\n  mock due\n  mock ask --due")]
    Due,
    /// Export the practice history (JSON Lines re-imports without duplicates; CSV for spreadsheets).
    #[command(
        after_help = "Examples:\n  mock export > history.jsonl\n  mock export --format csv --output history.csv"
    )]
    Export(ExportArgs),
    /// Import a JSON Lines export; attempts already present are skipped.
    #[command(after_help = "Example:\n  mock import history.jsonl")]
    Import {
        /// The file written by `mock export`.
        file: PathBuf,
    },
    /// Grade a folder of answers like CI grades code: thresholds, summaries, exit codes.
    #[command(after_help = REPORT_HELP)]
    Report(ReportArgs),
    /// Bank tools: import an interview-prep document as a bank.
    #[command(subcommand)]
    Bank(BankCommand),
    /// Rubric authoring: lint a bank, run its self-tests, print the JSON Schemas.
    #[command(subcommand)]
    Rubric(RubricCommand),
    /// Explain a score: per concept, what matched where, what was blocked, why a miss missed.
    #[command(
        after_help = "Examples:\n  mock explain --question data-consistency answer.md\n  echo 'We never write ADRs.' | mock explain --question adr-process -\n  mock explain --reference model-answer.md answer.md"
    )]
    Explain(ExplainArgs),
    /// Scaffold a new bank (a sample question and rubric, .mock.yaml, README).
    #[command(
        after_help = "Examples:\n  mock init my-bank\n  mock --bank my-bank rubric check --strict && mock --bank my-bank rubric test"
    )]
    Init(InitArgs),
    /// Print a shell completion script.
    #[command(
        after_help = "Examples:\n  mock completions bash > ~/.local/share/bash-completion/completions/mock\n  mock completions zsh > ~/.zfunc/_mock"
    )]
    Completions {
        /// The shell to generate completions for.
        shell: clap_complete::Shell,
    },
    /// Print a man page (roff), or write one page per command to a folder.
    #[command(
        after_help = "Examples:\n  mock man > mock.1 && man ./mock.1\n  mock man ask | man -l -\n  mock man --out-dir man/man1      mock.1, mock-ask.1, mock-rubric-check.1, ..."
    )]
    Man(ManArgs),
}

const ASK_HELP: &str = "\
Type the answer in the terminal and finish with Ctrl-D on an empty line or a line holding only
a dot (.). The prompt shows the time spent against the time box and ticks while you type.
Arrow keys, Home/End and Alt-B/Alt-F (or Ctrl-Left/Right) edit the line, Up/Down recall earlier
lines, and a multi-line paste is kept as pasted.
Each line you type is saved as a draft first, so Ctrl-C never loses it: mock says where it is,
and --resume continues it with the clock where it stopped.
Piped stdin works too: the answer, optionally a '.' line and the follow-up answer.

Examples:
  mock ask --theme cloud
  mock ask --id async-pitfalls --editor
  mock ask --theme dotnet --seed 7 --no-follow-up < my-answer.txt";

const INTERVIEW_HELP: &str = "\
One question per theme by default, chosen to favour what is due for practice and what is weak.
After each answer the interviewer asks up to three follow-ups, each about the most important
point still missing or named without explanation, never about a point already made; it stops
when the points are made or the question's time box is spent. Each follow-up answer is scored
together with the answer. Finish an answer with Ctrl-D on an empty line or a line holding only
a dot (.); an empty follow-up answer moves on, an empty answer ends the interview.
Every line is saved as you type: Ctrl-C keeps everything, and --resume continues the session.
Piped stdin works too: each answer and follow-up answer ends with a '.' line.

Examples:
  mock interview
  mock interview --theme cloud --questions 2
  mock interview --minutes 20
  mock interview --resume";

const SCORE_HELP: &str = "\
Inputs:
  FILE.md / FILE.txt   an answer; YAML front matter 'question: <id>' names its question
  DIR                  every .md, .markdown and .txt file below it, in name order
  FILE.jsonl           one {\"question\": ..., \"answer\": ..., \"id\": ...} record per line
  -                    standard input (with --question)

--question ID scores every input against that question; without it each answer's front matter
(or JSONL record) names its question.

A broken input is reported on stderr and the rest of the batch is still scored (exit code 2).

Examples:
  mock score examples/answers/
  mock score --format jsonl answers.jsonl > scores.jsonl
  mock score --min-score 70 answers/          exit code 1 if any answer scores below 70
  mock score --question cloud-native - < answer.txt";

const REPORT_HELP: &str = "\
Thresholds come from .mock.yaml in DIR or its nearest parent (or --config), see docs/config.md.
With no configuration every answered question must score at least 60 and fire no red flag;
unanswered questions are listed but do not fail the run.

Exit codes: 0 every threshold met, 1 a threshold failed, 2 an input or configuration error.

Examples:
  mock report answers/
  mock report answers/ --format markdown >> \"$GITHUB_STEP_SUMMARY\"
  mock report answers/ --format junit --output mock-junit.xml
  mock report answers/ --format html --output report.html
  mock report answers/ --min-score 75 --fail-on-unanswered";

/// Arguments of `mock report`.
#[derive(Debug, Args)]
pub struct ReportArgs {
    /// The folder of answers (default: the current folder).
    #[arg(value_name = "DIR", default_value = ".")]
    pub dir: PathBuf,
    /// The configuration file (default: .mock.yaml in DIR or its nearest parent).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = crate::output::Format::Table)]
    pub format: crate::output::Format,
    /// Write the report to FILE (atomically) instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Minimum score of every answered question (overrides the file's min_score).
    #[arg(long, value_name = "N", value_parser = parse_percent)]
    pub min_score: Option<f64>,
    /// Minimum overall readiness (overrides the file's min_readiness).
    #[arg(long, value_name = "N", value_parser = parse_percent)]
    pub min_readiness: Option<f64>,
    /// Fail when a question of the bank has no answer.
    #[arg(long)]
    pub fail_on_unanswered: bool,
    /// Do not fail an answer for firing a red flag (the penalty still applies).
    #[arg(long)]
    pub allow_red_flags: bool,
    /// Score with this many threads (default: one per core).
    #[arg(long, short, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
    /// Add a chart of practice scores over time (from the history) to the HTML report.
    #[arg(long)]
    pub history: bool,
}

/// Arguments of `mock history`.
#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// Only attempts at this question.
    #[arg(long, short)]
    pub question: Option<String>,
    /// Only attempts in this theme.
    #[arg(long, short)]
    pub theme: Option<String>,
    /// Show at most N attempts.
    #[arg(long, short, value_name = "N", default_value_t = 20)]
    pub limit: usize,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

/// Formats of `mock history`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// A table for people.
    Table,
    /// JSON.
    Json,
}

/// Arguments of `mock stats`.
#[derive(Debug, Args)]
pub struct StatsArgs {
    /// Only this theme.
    #[arg(long, short)]
    pub theme: Option<String>,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = StatsFormat::Table)]
    pub format: StatsFormat,
    /// Write to FILE instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Formats of `mock stats`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum StatsFormat {
    /// Tables with sparklines.
    Table,
    /// JSON.
    Json,
    /// A self-contained page with score-over-time charts per theme.
    Html,
}

/// Arguments of `mock export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = ExportFormat::Jsonl)]
    pub format: ExportFormat,
    /// Write to FILE (atomically) instead of stdout.
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Formats of `mock export`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// One attempt per line; `mock import` reads it back.
    Jsonl,
    /// A spreadsheet-friendly summary.
    Csv,
}

/// `mock rubric ...`.
#[derive(Debug, Subcommand)]
pub enum RubricCommand {
    /// Lint the bank: every problem as path:line:column (exit 1 on errors; warnings too with --strict).
    #[command(
        after_help = "Examples:\n  mock rubric check\n  mock --bank my-bank rubric check --strict"
    )]
    Check {
        /// Fail on warnings too.
        #[arg(long)]
        strict: bool,
    },
    /// Run every concept's and red flag's examples and counterexamples (exit 1 on a failure).
    #[command(after_help = "Examples:\n  mock rubric test\n  mock --bank my-bank rubric test")]
    Test,
    /// Draft a rubric from model answers: key phrases, weights, placeholder hints.
    #[command(
        after_help = "Examples:\n  mock rubric draft --question caching --reference model-answer.md > rubrics/caching.yaml\n  mock rubric draft --question q --reference-text \"We cache reads with a TTL ...\""
    )]
    Draft {
        /// The question id the rubric is for.
        #[arg(long, short)]
        question: String,
        /// A model answer file, or - for stdin (repeatable).
        #[arg(long, value_name = "FILE")]
        reference: Vec<PathBuf>,
        /// A model answer given inline (repeatable).
        #[arg(long, value_name = "TEXT")]
        reference_text: Vec<String>,
        /// Concepts to draft at most.
        #[arg(long, default_value_t = crate::rubric_draft::DEFAULT_CONCEPTS, value_name = "N")]
        max_concepts: usize,
        /// Write the rubric to FILE (atomically) instead of stdout.
        #[arg(long, short, value_name = "FILE")]
        output: Option<PathBuf>,
    },
    /// Print the JSON Schema of question or rubric files.
    #[command(after_help = "Example:\n  mock rubric schema rubric > schemas/rubric.schema.json")]
    Schema {
        /// Which file format.
        #[arg(value_enum)]
        kind: SchemaKind,
    },
}

/// `mock bank ...`.
#[derive(Debug, Subcommand)]
pub enum BankCommand {
    /// Turn an interview-prep document (Markdown) into a bank with drafted rubrics.
    #[command(
        after_help = "The document needs question headings (`#### Q1: \"...?\"`, optionally `{#id}`) with a model\nanswer under each, grouped under theme headings one level up. See docs/rubric-draft.md.\n\nExample:\n  mock bank import interview-prep.md --out my-bank && mock --bank my-bank rubric check"
    )]
    Import {
        /// The Markdown document.
        file: PathBuf,
        /// The folder to create.
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Write into a folder that is not empty.
        #[arg(long)]
        force: bool,
    },
}

/// The bank file formats with a JSON Schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaKind {
    /// `questions/<theme>/<id>.yaml`.
    Question,
    /// `rubrics/<id>.yaml`.
    Rubric,
    /// `library/<area>.yaml`: concepts that rubrics use by reference.
    Library,
}

impl From<SchemaKind> for crate::bank::FileKind {
    fn from(kind: SchemaKind) -> Self {
        match kind {
            SchemaKind::Question => crate::bank::FileKind::Question,
            SchemaKind::Rubric => crate::bank::FileKind::Rubric,
            SchemaKind::Library => crate::bank::FileKind::Library,
        }
    }
}

/// Arguments of `mock explain`.
#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// The question, for an answer without front matter.
    #[arg(long, short)]
    pub question: Option<String>,
    /// The answer file, or - for stdin (the default when stdin is piped).
    #[arg(value_name = "FILE")]
    pub input: Option<PathBuf>,
    /// Explain the score against a rubric drafted from this model answer, as `mock score
    /// --reference` scores it, closeness to each model sentence included (repeatable).
    #[arg(long, value_name = "FILE")]
    pub reference: Vec<PathBuf>,
}

/// Arguments of `mock man`.
#[derive(Debug, Args)]
pub struct ManArgs {
    /// The command whose page to print (`ask`, `rubric check`); none for mock(1).
    #[arg(value_name = "COMMAND")]
    pub command: Vec<String>,
    /// Write every page (mock.1 and one per command) to this folder instead.
    #[arg(long, value_name = "DIR", conflicts_with = "command")]
    pub out_dir: Option<PathBuf>,
}

/// Arguments of `mock init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to create.
    pub dir: PathBuf,
    /// Write into a folder that is not empty (existing files of the same names are replaced).
    #[arg(long)]
    pub force: bool,
}

/// Arguments of `mock list`.
#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only questions of this theme.
    #[arg(long, short)]
    pub theme: Option<String>,
    /// Output format: `json` is an array of {id, theme, title, time_box_minutes} for scripts.
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

/// Arguments of `mock concepts`.
#[derive(Debug, Args)]
pub struct ConceptsArgs {
    /// Only concepts of this area (the library file's name: data, people, ...).
    #[arg(long, short)]
    pub area: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

/// Arguments of `mock show`.
#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The question id (see `mock list`).
    pub id: String,
    /// Also reveal the key points, rubric concepts, weights and red flags.
    #[arg(long)]
    pub rubric: bool,
}

/// Arguments of `mock ask`.
#[derive(Debug, Args)]
pub struct AskArgs {
    /// Pick a random question of this theme.
    #[arg(long, short)]
    pub theme: Option<String>,
    /// Ask this question.
    #[arg(long, conflicts_with = "theme")]
    pub id: Option<String>,
    /// Seed for the random pick, to make it reproducible.
    #[arg(long)]
    pub seed: Option<u64>,
    /// Write the answer in $VISUAL or $EDITOR instead of the terminal.
    #[arg(long)]
    pub editor: bool,
    /// Do not show the elapsed time while typing.
    #[arg(long)]
    pub no_timer: bool,
    /// Do not ask the follow-up question after the feedback.
    #[arg(long)]
    pub no_follow_up: bool,
    /// Show the full feedback: every concept with all its evidence and every hint.
    #[arg(long, short)]
    pub verbose: bool,
    /// Ask the question most due for practice (spaced repetition over your history).
    #[arg(long, conflicts_with_all = ["theme", "id", "resume"])]
    pub due: bool,
    /// Continue the most recent unfinished draft (after Ctrl-C or a crash).
    #[arg(long, conflicts_with_all = ["theme", "id"])]
    pub resume: bool,
}

/// Arguments of `mock interview`.
#[derive(Debug, Args)]
pub struct InterviewArgs {
    /// Only questions of this theme (default: one question per theme).
    #[arg(long, short, value_hint = clap::ValueHint::Other)]
    pub theme: Option<String>,
    /// Ask this many questions.
    #[arg(long, short, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub questions: Option<u16>,
    /// Fit the whole loop into M minutes (the sum of the questions' time boxes).
    #[arg(long, value_name = "M", value_parser = clap::value_parser!(u32).range(1..))]
    pub minutes: Option<u32>,
    /// Do not show the elapsed time while typing.
    #[arg(long)]
    pub no_timer: bool,
    /// Continue the most recent unfinished session (after Ctrl-C or a crash).
    #[arg(long, conflicts_with_all = ["theme", "questions", "minutes"])]
    pub resume: bool,
}

/// Arguments of `mock score`.
#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// Answer files, folders, JSONL files, or - for stdin (default: stdin when piped).
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,
    /// Score every input against this question, whatever its front matter or JSONL record names
    /// (required for stdin without front matter). With --reference it only names the drafted rubric.
    #[arg(long, short)]
    pub question: Option<String>,
    /// Output format.
    #[arg(long, short, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// Exit with code 1 if any answer scores below this (0-100).
    #[arg(long, value_name = "N", value_parser = parse_percent)]
    pub min_score: Option<f64>,
    /// Score with this many threads (default: one per core).
    #[arg(long, short, value_name = "N", value_parser = clap::value_parser!(u16).range(1..))]
    pub jobs: Option<u16>,
    /// Store the scored answers in the practice history too.
    #[arg(long)]
    pub record: bool,
    /// For a single answer, show the full feedback: every concept with all its evidence and every hint.
    #[arg(long, short)]
    pub verbose: bool,
    /// Score against a rubric drafted from this model answer instead of the bank's (repeatable):
    /// its key phrases and sentences, plus closeness to the model answer sentence by sentence.
    #[arg(long, value_name = "FILE", conflicts_with = "record")]
    pub reference: Vec<PathBuf>,
}

fn parse_percent(text: &str) -> Result<f64, String> {
    let value: f64 = text
        .parse()
        .map_err(|_| format!("{text:?} is not a number"))?;
    if (0.0..=100.0).contains(&value) {
        Ok(value)
    } else {
        Err(format!("{value} is outside 0..=100"))
    }
}
