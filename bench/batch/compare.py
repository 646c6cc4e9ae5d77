#!/usr/bin/env python3
"""Compares concept decisions of mock (JSONL from `mock score --format jsonl`)
with the Python reference scorer. Paraphrase (gist) credit has no
counterpart in the reference, so a concept counts as hit by mock when a
phrase or pattern matched.

Usage: compare.py MOCK_JSONL REFERENCE_JSONL
"""
import json
import sys
from collections import Counter

mock = {}
for line in open(sys.argv[1]):
    r = json.loads(line)
    mock[r["source"]] = {c["id"]: c["hit"] and c["how"] != "paraphrase" for c in r["concepts"]}
checks = agree = 0
disagreements = Counter()
for line in open(sys.argv[2]):
    r = json.loads(line)
    mine = mock.get(r["source"])
    if mine is None:
        continue
    for concept, hit in r["hits"].items():
        checks += 1
        if mine.get(concept) == hit:
            agree += 1
        else:
            disagreements[(concept, "mock" if mine.get(concept) else "reference")] += 1
print(f"concept checks: {checks}, identical decisions: {agree} ({100 * agree / max(checks, 1):.2f}%)")
for (concept, who), count in disagreements.most_common(8):
    print(f"  {count:6d}  {concept}: only {who} says hit")
