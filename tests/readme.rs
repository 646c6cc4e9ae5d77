//! The README's output samples are real: each block after a
//! `<!-- readme-sample: NAME -->` marker is the output of the command it
//! shows, run here through the built binary. A sample that has gone stale
//! fails this test; `UPDATE_README=1 cargo test --test readme` rewrites them.

mod common;

use std::path::Path;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// The answer piped into the `mock ask` sample.
const ASK_INPUT: &str = "Strong consistency where the business cost of a wrong read is high, like payments: ACID inside the service that owns its own database.
Across services we accept eventual consistency. We avoid distributed transactions; each service commits a local transaction and writes an event to a transactional outbox, relayed to Kafka, and idempotent consumers handle duplicates.
.
A commit across services ties every service's availability to the slowest one and holds locks over the network. Instead, a saga with compensating actions undoes the earlier steps when a later one fails.
";

/// Runs `mock ARGS` (hermetic, from `dir`), returns stdout.
fn run(dir: &str, args: &[&str], stdin: Option<&str>, code: i32) -> String {
    let mut cmd = common::mock();
    cmd.current_dir(Path::new(ROOT).join(dir)).args(args);
    if let Some(stdin) = stdin {
        cmd.write_stdin(stdin);
    }
    let output = cmd.assert().code(code);
    String::from_utf8(output.get_output().stdout.clone()).unwrap()
}

/// Lines without trailing spaces (table cells are padded), no final newline.
fn tidy(text: &str) -> String {
    text.lines()
        .map(str::trim_end)
        .collect::<Vec<_>>()
        .join("\n")
        .trim_end()
        .to_owned()
}

fn sample(name: &str) -> String {
    match name {
        "list" => format!(
            "$ mock list --theme cloud\n{}",
            run(".", &["list", "--theme", "cloud"], None, 0)
        ),
        "ask" => {
            let data = tempfile::tempdir().unwrap();
            let mut cmd = common::mock();
            cmd.env("MOCK_DATA_DIR", data.path())
                .args(["ask", "--id", "data-consistency"])
                .write_stdin(ASK_INPUT);
            let output = cmd.assert().success();
            let out = String::from_utf8(output.get_output().stdout.clone()).unwrap();
            // The parts that change from run to run: where and when.
            let out = out.replace(&data.path().display().to_string(), "~/.local/share/mock");
            let out = regex::Regex::new(r"\d{13}-")
                .unwrap()
                .replace_all(&out, "1795559085994-");
            let out = regex::Regex::new(r"Time: \dm0\ds")
                .unwrap()
                .replace_all(&out, "Time: 0m00s");
            format!(
                "$ cat my-answer.txt\n{ASK_INPUT}$ mock ask --id data-consistency < my-answer.txt\n{out}"
            )
        }
        "score" => format!(
            "$ mock score examples/answers/cloud-native examples/answers/engineering-metrics\n{}",
            run(
                ".",
                &[
                    "score",
                    "examples/answers/cloud-native",
                    "examples/answers/engineering-metrics"
                ],
                None,
                0
            )
        ),
        "negation" => {
            let out = run(
                ".",
                &[
                    "score",
                    "--question",
                    "adr-process",
                    "--format",
                    "jsonl",
                    "-",
                ],
                Some("We never write ADRs."),
                0,
            );
            let doc: serde_json::Value = serde_json::from_str(&out).unwrap();
            let adr = doc["concepts"]
                .as_array()
                .unwrap()
                .iter()
                .find(|c| c["id"] == "adr")
                .expect("the adr concept");
            format!(
                "$ echo \"We never write ADRs.\" | mock score --question adr-process --format jsonl - | jq '.concepts[] | select(.id==\"adr\") | .blocked[0].negated_by'\n{}",
                adr["blocked"][0]["negated_by"]
            )
        }
        "report-markdown" => {
            let out = run(
                "examples/ci/answers-repo",
                &["report", "answers", "--format", "markdown"],
                None,
                1,
            );
            tidy(&out)
                .lines()
                .map(|l| {
                    if l.is_empty() {
                        ">".to_owned()
                    } else {
                        format!("> {l}")
                    }
                })
                .collect::<Vec<_>>()
                .join("\n")
        }
        other => panic!("no sample named {other}"),
    }
}

/// One marked block of the README: its name and its line range (the
/// content, without the fences).
struct Block {
    name: String,
    start: usize,
    end: usize,
    fenced: bool,
}

fn blocks(lines: &[&str]) -> Vec<Block> {
    let mut found = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let Some(name) = line
            .strip_prefix("<!-- readme-sample: ")
            .and_then(|l| l.strip_suffix(" -->"))
        else {
            continue;
        };
        let fenced = lines.get(i + 1).is_some_and(|l| l.starts_with("```"));
        let (start, end) = if fenced {
            let close = (i + 2..lines.len())
                .find(|&j| lines[j] == "```")
                .expect("a closing fence");
            (i + 2, close)
        } else {
            let end = (i + 1..lines.len())
                .find(|&j| !lines[j].starts_with('>'))
                .unwrap_or(lines.len());
            (i + 1, end)
        };
        found.push(Block {
            name: name.to_owned(),
            start,
            end,
            fenced,
        });
    }
    found
}

#[test]
fn readme_samples_are_the_real_output() {
    let path = Path::new(ROOT).join("README.md");
    let readme = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<&str> = readme.lines().collect();
    let blocks = blocks(&lines);
    let names: Vec<&str> = blocks.iter().map(|b| b.name.as_str()).collect();
    assert_eq!(
        names,
        ["list", "ask", "score", "negation", "report-markdown"],
        "the README's marked samples"
    );
    let update = std::env::var_os("UPDATE_README").is_some();
    let mut rewritten: Vec<String> = Vec::new();
    let mut next = 0;
    let mut stale = Vec::new();
    for block in &blocks {
        let expected = tidy(&sample(&block.name));
        let actual = lines[block.start..block.end].join("\n");
        if tidy(&actual) != expected {
            stale.push(format!(
                "--- README sample {:?}:\n{actual}\n--- real output:\n{expected}",
                block.name
            ));
        }
        rewritten.extend(lines[next..block.start].iter().map(|l| (*l).to_owned()));
        rewritten.push(expected);
        if !block.fenced {
            rewritten.push(String::new());
        }
        next = block.end;
        if !block.fenced && lines.get(next).is_some_and(|l| l.is_empty()) {
            next += 1;
        }
    }
    rewritten.extend(lines[next..].iter().map(|l| (*l).to_owned()));
    if update {
        std::fs::write(&path, rewritten.join("\n") + "\n").unwrap();
        return;
    }
    assert!(
        stale.is_empty(),
        "stale README samples (UPDATE_README=1 cargo test --test readme rewrites them):\n{}",
        stale.join("\n")
    );
}

#[test]
fn readme_names_the_minimum_rust_version_of_cargo_toml_right_after_set_up() {
    let readme = std::fs::read_to_string(Path::new(ROOT).join("README.md")).unwrap();
    let manifest = std::fs::read_to_string(Path::new(ROOT).join("Cargo.toml")).unwrap();
    let version = manifest
        .lines()
        .find_map(|l| l.strip_prefix("rust-version = "))
        .expect("Cargo.toml has a rust-version")
        .trim_matches('"');
    let install = readme.find("## Install").expect("an install section");
    assert!(install < readme.find("## A short tour").unwrap());
    assert!(readme[install..].contains("cargo install --locked --path ."));
    assert!(
        readme[install..].contains(&format!("Rust {version} or newer")),
        "the README's minimum Rust version is not {version}"
    );
}
