#!/usr/bin/env python3
"""A reference scorer in Python for `bench/batch/run`: the same rubric
phrases (read from rubrics/*.yaml), the same matching rules as mock's engine
(stemmed phrases with a one-word gap inside a sentence, fuzzy matching of
long words with a common-word guard, regex patterns, negation scope and
polarity), tuned the usual way: PyStemmer with a stem cache, rapidfuzz for
edit distances, memoised fuzzy look-ups, de-duplicated tokens.

Usage: reference.py REPO_ROOT DIR > decisions.jsonl  (every *.md file of DIR, in name order)
Prints one JSON object per file: {"source": path, "question": id, "hits": {concept: bool}}.
"""
import json
import re
import sys
import unicodedata
from functools import lru_cache
from pathlib import Path

import Stemmer
import yaml
from rapidfuzz.distance import DamerauLevenshtein

ROOT = Path(sys.argv[1])
STEMMER = Stemmer.Stemmer("english")
EXCEPTIONS = {
    "added": "add", "adding": "add", "internal": "internal", "internally": "internal", "internals": "internal",
    "university": "universiti", "universities": "universiti", "universal": "universal", "interval": "interval",
    "intervals": "interval", "organization": "organiz", "organizations": "organiz", "organizational": "organiz",
    "organisation": "organiz", "organisations": "organiz", "organisational": "organiz", "paste": "paste",
    "pasted": "paste", "pastes": "paste", "sagas": "saga", "saga": "saga", "news": "news",
}
COMMON = set((ROOT / "crates/mock-engine/data/common-words.txt").read_text().split())
CUE_WORDS = {"not", "never", "no", "nor", "neither", "without", "don't", "dont", "doesn't", "doesnt", "didn't", "didnt",
             "won't", "wouldn't", "wouldnt", "shouldn't", "shouldnt", "can't", "cant", "cannot", "isn't", "isnt",
             "aren't", "arent", "wasn't", "weren't", "mustn't", "against"}
CUE_STEMS = {"avoid", "ban", "prohibit", "forbid", "reject", "abandon"}
INSTRUMENTS = {"with", "using", "through", "via", "by"}
CONTRAST = {"but", "however", "although", "though", "whereas", "yet", "except", "unless"}
POST_PREFIXES = ("nightmare", "antipattern", "landmine", "dangerous", "harmful", "trap")
SCOPE = 6
WORD = re.compile(r"[^\W_]+(?:['\u2019\u02bc.][^\W_]+)*")


@lru_cache(maxsize=None)
def stem(word):
    if word in EXCEPTIONS:
        return EXCEPTIONS[word]
    if not any(c.isalpha() for c in word):
        return word
    return STEMMER.stemWord(word)


def normalize(word):
    if word.isascii():
        return word.lower()
    return unicodedata.normalize("NFKC", word).lower().replace("\u2019", "'").replace("\u2018", "'").replace("\u02bc", "'")


def tokenize(text):
    """Tokens as (text, stem, start, end, sentence, clause)."""
    tokens, sentence, clause = [], 0, 0
    last_end = 0
    for m in WORD.finditer(text):
        gap = text[last_end:m.start()]
        new_sentence = bool(re.search(r"[.!?](\s|$)", gap)) or "\n\n" in gap or bool(
            re.search(r"\n[ \t]*([-*+#>|]|\d+[.)])", gap + text[m.start():m.start() + 3]))
        new_clause = ";" in gap or ":" in gap
        word = normalize(m.group())
        if word in CONTRAST:
            new_clause = True
        if tokens:
            if new_sentence:
                sentence += 1
                clause += 1
            elif new_clause:
                clause += 1
        tokens.append((word, stem(word), m.start(), m.end(), sentence, clause))
        last_end = m.end()
    return tokens


def is_cue(tokens, j, start):
    word, st = tokens[j][0], tokens[j][1]
    nxt = tokens[j + 1][0] if j + 1 < len(tokens) else None
    if word == "not":
        return nxt not in ("only", "just", "merely", "simply") or j + 1 == start
    if word == "instead":
        return nxt == "of"
    if word == "rather":
        return nxt == "than"
    return word in CUE_WORDS or st in CUE_STEMS


def negated(tokens, first, last):
    clause = tokens[first][5]
    for j in range(first - 1, max(first - SCOPE, 0) - 1, -1):
        if tokens[j][5] != clause or tokens[j][0] in INSTRUMENTS:
            break
        if is_cue(tokens, j, first):
            return True
    clause = tokens[last][5]
    for j in range(last + 1, min(last + 1 + SCOPE, len(tokens))):
        if tokens[j][5] != clause:
            break
        word = tokens[j][0]
        nxt = tokens[j + 1][0] if j + 1 < len(tokens) else None
        if word.startswith(POST_PREFIXES) or (word == "anti" and nxt == "pattern") or (word == "bad" and nxt in ("idea", "practice")):
            return True
    return False


def max_distance(n):
    return 0 if n < 6 else 1 if n <= 8 else 2


class Rubric:
    def __init__(self, data):
        self.stems, self.vocab, self.targets = {}, [], []
        for concept in data["concepts"]:
            self.targets.append((concept["id"], concept.get("polarity", "affirmed"), self.compile(concept)))

    def intern(self, word):
        s = stem(normalize(word))
        sid = self.stems.setdefault(s, len(self.stems))
        if len(word) >= 6 and word.isalpha() and all(v[0] != word for v in self.vocab):
            self.vocab.append((word, sid))
        return sid

    def compile(self, concept):
        phrases = []
        for text in concept.get("phrases", []):
            words = [t[0] for t in tokenize(text)]
            if not words:
                continue
            if len(words) > 1 and all(w.isalnum() for w in words):
                phrases.append([self.intern("".join(words))])
            phrases.append([self.intern(w) for w in words])
        patterns = [re.compile(p, re.IGNORECASE) for p in concept.get("patterns", [])]
        return phrases, patterns

    @lru_cache(maxsize=None)
    def closest(self, word):
        n = len(word)
        allowed = max_distance(n)
        if allowed == 0 or not word.isalpha() or word in COMMON:
            return None
        best = None
        for cand, sid in self.vocab:
            same = cand[0] == word[0] or (len(word) > 1 and len(cand) > 1 and cand[0] == word[1] and cand[1] == word[0])
            if not same or abs(len(cand) - n) > allowed:
                continue
            d = DamerauLevenshtein.distance(word, cand, score_cutoff=min(allowed, max_distance(len(cand))))
            if 0 < d <= min(allowed, max_distance(len(cand))) and (best is None or d < best[1]):
                best = (sid, d)
        return best[0] if best else None

    def score(self, text):
        tokens = tokenize(text)
        keys, index = [], {}
        for i, t in enumerate(tokens):
            sid = self.stems.get(t[1])
            if sid is None:
                sid = self.closest(t[0])
            keys.append(sid)
            if sid is not None:
                index.setdefault(sid, []).append(i)
        pattern_text = text if text.isascii() else "".join(unicodedata.normalize("NFKC", c) for c in text)
        hits = {}
        for cid, polarity, (phrases, patterns) in self.targets:
            mentions = []
            for phrase in phrases:
                for first in index.get(phrase[0], []):
                    last, ok = first, True
                    for wanted in phrase[1:]:
                        nxt = next((i for i in (last + 1, last + 2) if i < len(tokens)
                                    and tokens[i][4] == tokens[first][4] and keys[i] == wanted
                                    and all(not is_cue(tokens, g, -1) for g in range(last + 1, i))), None)
                        if nxt is None:
                            ok = False
                            break
                        last = nxt
                    if ok:
                        mentions.append(negated(tokens, first, last))
            for pattern in patterns:
                for m in pattern.finditer(pattern_text):
                    at = next((i for i, t in enumerate(tokens) if t[3] > m.start()), None)
                    if at is not None:
                        mentions.append(negated(tokens, at, at))
            if polarity == "affirmed":
                hits[cid] = any(not n for n in mentions)
            elif polarity == "rejected":
                hits[cid] = any(mentions)
            else:
                hits[cid] = bool(mentions)
        return hits


def main():
    rubrics = {}
    for path in sorted((ROOT / "rubrics").glob("*.yaml")):
        data = yaml.safe_load(path.read_text())
        rubrics[data["question"]] = Rubric(data)
    out = sys.stdout
    for path in sorted(Path(sys.argv[2]).glob("*.md")):
        name = str(path)
        raw = path.read_text()
        question = re.search(r"^question:\s*(\S+)", raw, re.M).group(1)
        body = re.sub(r"\A---\n.*?\n---\n", lambda m: re.sub(r"[^\n]", " ", m.group()), raw, flags=re.S)
        out.write(json.dumps({"source": name, "question": question, "hits": rubrics[question].score(body)}) + "\n")


main()
