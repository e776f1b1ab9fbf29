"""Translation-memory fuzzy lookup at 200,000 units. Target: p95 <= 50 ms per lookup.

Units are FLORES-200 dev Arabic sentences (or the example article) recombined with word
substitutions, so the memory holds many near-duplicates, as a desk's does. Queries are
stored sentences with one or two words changed (fuzzy hits) and unrelated sentences.
Run: make bench   (or: .venv/bin/python benchmarks/bench_memory.py [--units 200000])
"""

from __future__ import annotations

import argparse
import random
import statistics
import tempfile
import time
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from transbench.memory import TranslationMemory
from transbench.memory.store import tm_key
from transbench.segment import segment

ROOT = Path(__file__).resolve().parents[1]
FLORES = ROOT.parent / "shared" / "testsets" / "flores200-dev" / "dev.arb_Arab"


def base_sentences() -> list[str]:
    if FLORES.exists():
        return [x for x in FLORES.read_text(encoding="utf-8").splitlines() if x.strip()]
    article = (ROOT / "examples" / "qahtaniyah-patrols.ar.txt").read_text(encoding="utf-8")
    return [s.text for s in segment(article) if s.translate]


def mutate(sentence: str, vocab: list[str], rng: random.Random, changes: int) -> str:
    words = sentence.split()
    for _ in range(changes):
        words[rng.randrange(len(words))] = rng.choice(vocab)
    return " ".join(words)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--units", type=int, default=200_000)
    parser.add_argument("--queries", type=int, default=300)
    args = parser.parse_args()
    rng = random.Random(11)
    base = base_sentences()
    vocab = sorted({w for s in base for w in s.split()})
    units = {}
    while len(units) < args.units:
        source = mutate(rng.choice(base), vocab, rng, rng.randint(1, 4))
        units[source] = f"translation {len(units)}"
    with tempfile.TemporaryDirectory() as tmp:
        tm = TranslationMemory(Path(tmp) / "tm.sqlite3")
        t0 = time.perf_counter()
        tm.add(units.items(), origin="bench")
        load = time.perf_counter() - t0
        stored = list(units)
        origins = [rng.choice(stored) for _ in range(args.queries * 2 // 3)]
        queries = [(mutate(o, vocab, rng, rng.randint(1, 2)), o) for o in origins]
        queries += [
            (mutate(rng.choice(base), vocab, rng, 8), None) for _ in range(args.queries // 3)
        ]
        times, hits, missed = [], 0, 0
        for q, origin in queries:
            t0 = time.perf_counter()
            found = tm.fuzzy(q)
            times.append(time.perf_counter() - t0)
            hits += bool(found)
            # Recall: the unit a query was made from is found, or one at least as close.
            if origin is not None:
                want = Levenshtein.normalized_similarity(tm_key(q), tm_key(origin))
                missed += want >= 0.75 and (not found or found[0].score < want - 1e-9)
        size = tm.stats()["bytes"]
    times.sort()
    p95 = times[int(0.95 * (len(times) - 1))]
    print(f"memory: {args.units:,} units stored in {load:.1f} s ({size / 1e6:.0f} MB)")
    print(
        f"memory: {len(queries)} fuzzy lookups, {hits} with a match >= 75%: "
        f"p50 {statistics.median(times) * 1000:.1f} ms, p95 {p95 * 1000:.1f} ms, "
        f"max {times[-1] * 1000:.1f} ms (target p95 <= 50 ms)"
    )
    print(
        f"memory: recall: {missed} of {len(origins)} near-duplicate queries missed the "
        "unit they were made from"
    )


if __name__ == "__main__":
    main()
