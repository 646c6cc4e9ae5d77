#!/usr/bin/env python3
"""Generates N answer files of about 300 words for the batch benchmark, from
the example answers with deterministic variations (sentence mixing across
strong, partial and weak answers, shuffling, case changes, occasional
letter swaps), plus JSONL files for the memory test.

Usage: generate.py REPO_ROOT OUT_DIR N [JSONL_LINES...]
"""
import json
import random
import re
import sys
from pathlib import Path

root, out, n = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
rng = random.Random(7)
answers = {}
for path in sorted((root / "examples/answers").glob("*/*.md")):
    text = re.sub(r"\A---\n.*?\n---\n", "", path.read_text(), flags=re.S)
    answers.setdefault(path.parent.name, []).extend(s.strip() for s in re.split(r"(?<=[.!?])\s+", text) if s.strip())
questions = sorted(answers)


def swap(word):
    if len(word) >= 7 and word.isalpha() and rng.random() < 0.1:
        i = rng.randrange(1, len(word) - 2)
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    return word


def answer(i):
    question = questions[i % len(questions)]
    own = answers[question]
    other = answers[questions[(i * 7 + 3) % len(questions)]]
    sentences, words = [], 0
    while words < 300:
        pool = own if rng.random() < 0.8 else other
        sentence = rng.choice(pool)
        if rng.random() < 0.1:
            sentence = sentence.lower()
        sentence = " ".join(swap(w) for w in sentence.split())
        sentences.append(sentence)
        words += len(sentence.split())
    return question, " ".join(sentences)


out.mkdir(parents=True, exist_ok=True)
for i in range(n):
    question, text = answer(i)
    (out / f"{i:06d}.md").write_text(f"---\nquestion: {question}\n---\n{text}\n")
for lines in map(int, sys.argv[4:]):
    with open(out.parent / f"answers-{lines}.jsonl", "w") as f:
        for i in range(lines):
            question, text = answer(i)
            f.write(json.dumps({"question": question, "answer": text, "id": str(i)}) + "\n")
