#!/usr/bin/env python3
"""Golden all-MiniLM-L6-v2 sentence vectors from the numpy forward pass of
scripts/distill_model.py, for crates/mock-embed/tests/minilm.rs.

    target/minilm-venv/bin/python scripts/minilm_golden.py target/minilm \
        > crates/mock-embed/tests/golden/minilm_vectors.tsv

Needs numpy, safetensors and tokenizers at the versions scripts/distill-model
pins, and the folder scripts/fetch-minilm writes. Each line: the sentence, a
tab, its 384 values (sentence-transformers: [CLS] tokens [SEP] truncated to
max_seq_length, mean over positions, L2-normalised), 8 significant digits.
"""

import json
import sys
from pathlib import Path

import numpy as np
from tokenizers import Tokenizer

sys.path.insert(0, str(Path(__file__).resolve().parent))
from distill_model import REFERENCE_SENTENCES, Bert  # noqa: E402

SENTENCES = REFERENCE_SENTENCES + [
    "We publish events through a transactional outbox.",
    "Write the event to an outbox table in the same transaction.",
    "A saga undoes the earlier steps when a later one fails.",
    "I avoid one transaction that spans several services, because then every service is only as available as the slowest one.",
    "Every write across services goes through a two-phase commit, with a central coordinator.",
    "We avoid distributed transactions across services.",
    "I measure engineering health mainly through individual output.",
    "Metrics are never used to judge individuals.",
    "Surveys about developer experience are soft and I ignore them.",
    "Eventual consistency is a bug.",
    "The CAP theorem does not really apply.",
    "Delivery time halved.",
    "Two services, one owner.",
    "async void in C# swallows exceptions; use async Task and await it.",
    "ConfigureAwait(false) in library code avoids capturing the synchronization context.",
    "Span<T> and ArrayPool<T> cut allocations on the hot path in .NET 8.",
    "Kubernetes restarts unhealthy pods, and readiness probes keep traffic away from them.",
    "Café résumé naïve 中文 🚀 — “quotes” and dashes",
    "DORA metrics: deployment frequency, lead time for changes, change failure rate, time to restore.",
    "Blameless post-mortems focus on the system, not on the person who pushed the button.",
    "We replace the old system piece by piece until nothing of it is left.",
    "An architecture decision record documents the context, the options considered and the consequences.",
    "ok",
    "The",
    "x",
    "Strong consistency where the business cost of a wrong read is high, like payments: ACID inside the service that owns its own database.",
    "Across services we accept eventual consistency. We avoid distributed transactions; each service commits a local transaction and writes an event to a transactional outbox, relayed to Kafka, and idempotent consumers handle duplicates.",
    "If the payment succeeded but the booking failed, the saga refunds the payment and marks the order as cancelled.",
    "Circuit breakers stop calling a failing dependency and fail fast until it recovers.",
    "Idempotent consumers store processed message ids and ignore duplicates.",
    "We run chaos experiments in staging to check that compensations actually run.",
    "I'd say it depends on the team's context, the product's maturity and the cost of being wrong.",
    "http://example.com/path?query=1 user@example.com #hashtag $100 50% 3.14",
    # Longer than max_seq_length (256 tokens with [CLS] and [SEP]): truncated.
    " ".join(["The outbox relay publishes pending rows to the broker and marks them as sent."] * 20),
]


def main() -> None:
    folder = Path(sys.argv[1])
    tok = Tokenizer.from_file(str(folder / "tokenizer.json"))
    tok.no_padding()
    tok.no_truncation()
    vocab = json.loads((folder / "tokenizer.json").read_text())["model"]["vocab"]
    max_len = json.loads((folder / "sentence_bert_config.json").read_text())["max_seq_length"]
    bert = Bert(folder / "model.safetensors")
    for s in SENTENCES:
        ids = tok.encode(s, add_special_tokens=False).ids[: max_len - 2]
        v = bert.encode_sentence(ids, vocab["[CLS]"], vocab["[SEP]"])
        assert "\t" not in s and "\n" not in s
        print(s + "\t" + " ".join(f"{x:.8g}" for x in v))


if __name__ == "__main__":
    main()
