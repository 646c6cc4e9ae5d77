#!/usr/bin/env python3
"""Write tests/fixtures/tiny-bert/: a BERT sentence-transformer folder in the
Hugging Face layout with random weights (2 layers, hidden 8, 2 heads, a
vocabulary of a few hundred interview words), for the CLI tests of
`mock --model DIR` with a transformer. Its vectors mean nothing; the tests
only check that such a folder is recognised, loaded and used.

    target/minilm-venv/bin/python scripts/tiny_bert_fixture.py tests/fixtures/tiny-bert

Needs numpy and safetensors (the versions scripts/distill-model pins).
Deterministic: the same bytes on every run.
"""

import json
import re
import sys
from pathlib import Path

import numpy as np
from safetensors.numpy import save_file

HIDDEN, LAYERS, HEADS, INTERMEDIATE, POSITIONS = 8, 2, 2, 16, 64
SPECIAL = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]


def vocabulary(root: Path) -> list[str]:
    """The special tokens, punctuation, and the 400 most frequent words of the built-in rubrics."""
    counts: dict[str, int] = {}
    for f in sorted((root / "rubrics").glob("*.yaml")):
        for w in re.findall(r"[a-z]+", f.read_text().lower()):
            counts[w] = counts.get(w, 0) + 1
    words = sorted(counts, key=lambda w: (-counts[w], w))[:400]
    return SPECIAL + list(".,;:!?'\"()-/#") + ["##s", "##ed", "##ing"] + sorted(words)


def main() -> None:
    out = Path(sys.argv[1])
    root = Path(__file__).resolve().parent.parent
    vocab = vocabulary(root)
    out.mkdir(parents=True, exist_ok=True)
    tokenizer = {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": [
            {"id": i, "content": t, "single_word": False, "lstrip": False, "rstrip": False,
             "normalized": False, "special": True}
            for i, t in enumerate(SPECIAL)
        ],
        "normalizer": {"type": "BertNormalizer", "clean_text": True, "handle_chinese_chars": True,
                       "strip_accents": None, "lowercase": True},
        "pre_tokenizer": {"type": "BertPreTokenizer"},
        "post_processor": None,
        "decoder": None,
        "model": {"type": "WordPiece", "unk_token": "[UNK]", "continuing_subword_prefix": "##",
                  "max_input_chars_per_word": 100, "vocab": {t: i for i, t in enumerate(vocab)}},
    }
    (out / "tokenizer.json").write_text(json.dumps(tokenizer, indent=1) + "\n")
    config = {
        "name": "tiny-bert",
        "architectures": ["BertModel"],
        "model_type": "bert",
        "hidden_size": HIDDEN,
        "num_hidden_layers": LAYERS,
        "num_attention_heads": HEADS,
        "intermediate_size": INTERMEDIATE,
        "vocab_size": len(vocab),
        "max_position_embeddings": POSITIONS,
        "type_vocab_size": 2,
        "layer_norm_eps": 1e-12,
        "hidden_act": "gelu",
    }
    (out / "config.json").write_text(json.dumps(config, indent=2) + "\n")
    (out / "sentence_bert_config.json").write_text(json.dumps({"max_seq_length": POSITIONS}) + "\n")
    rng = np.random.default_rng(27)

    def r(*shape, scale=0.5, offset=0.0):
        return (rng.uniform(-scale, scale, shape) + offset).astype(np.float32)

    t = {
        "embeddings.word_embeddings.weight": r(len(vocab), HIDDEN, scale=1.0),
        "embeddings.position_embeddings.weight": r(POSITIONS, HIDDEN),
        "embeddings.token_type_embeddings.weight": r(2, HIDDEN, scale=0.1),
        "embeddings.LayerNorm.weight": r(HIDDEN, scale=0.2, offset=1.0),
        "embeddings.LayerNorm.bias": r(HIDDEN, scale=0.1),
    }
    for i in range(LAYERS):
        p = f"encoder.layer.{i}."
        for part in ("attention.self.query", "attention.self.key", "attention.self.value", "attention.output.dense"):
            t[p + part + ".weight"] = r(HIDDEN, HIDDEN, scale=0.6)
            t[p + part + ".bias"] = r(HIDDEN, scale=0.1)
        t[p + "attention.output.LayerNorm.weight"] = r(HIDDEN, scale=0.2, offset=1.0)
        t[p + "attention.output.LayerNorm.bias"] = r(HIDDEN, scale=0.1)
        t[p + "intermediate.dense.weight"] = r(INTERMEDIATE, HIDDEN, scale=0.6)
        t[p + "intermediate.dense.bias"] = r(INTERMEDIATE, scale=0.1)
        t[p + "output.dense.weight"] = r(HIDDEN, INTERMEDIATE, scale=0.4)
        t[p + "output.dense.bias"] = r(HIDDEN, scale=0.1)
        t[p + "output.LayerNorm.weight"] = r(HIDDEN, scale=0.2, offset=1.0)
        t[p + "output.LayerNorm.bias"] = r(HIDDEN, scale=0.1)
    save_file(t, str(out / "model.safetensors"))
    (out / "README.md").write_text(
        "Random-weight BERT (2 layers, hidden 8) for the CLI tests of `mock --model DIR` with a\n"
        "transformer folder; written by `scripts/tiny_bert_fixture.py`. Its vectors mean nothing.\n"
    )


if __name__ == "__main__":
    main()
