"""Glossary load and match speed: 50,000 entries, a 10,000-word article.

Targets: load (parse CSV + build matcher) <= 3 s; match <= 50 ms per article after load.
Run: make bench   (or: .venv/bin/python benchmarks/bench_glossary.py)
"""

from __future__ import annotations

import argparse
import csv
import random
import statistics
import tempfile
import time
from pathlib import Path

from transbench.glossary import build_matcher

ROOT = Path(__file__).resolve().parents[1]
LETTERS = "ابتثجحخدذرزسشصضطظعغفقكلمنهوي"


def generate(path: Path, entries: int, seed: int = 7) -> None:
    """The starter glossary plus random 1-4 word Arabic terms, as a team file would look."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        starter = list(
            csv.reader((ROOT / "glossary" / "syria-conflict.csv").open(encoding="utf-8"))
        )
        writer.writerows(starter)
        seen = {row[0] for row in starter[1:]}
        while len(seen) < entries:
            words = [
                "".join(rng.choice(LETTERS) for _ in range(rng.randint(3, 7)))
                for _ in range(rng.randint(1, 4))
            ]
            ar = " ".join(words)
            if ar not in seen:
                seen.add(ar)
                writer.writerow([ar, f"term {len(seen)}", "", "", ""])


def article(words: int) -> str:
    base = (ROOT / "examples" / "qahtaniyah-patrols.ar.txt").read_text(encoding="utf-8")
    flores = ROOT.parent / "shared" / "testsets" / "flores200-dev" / "dev.arb_Arab"
    if flores.exists():
        base += "\n" + flores.read_text(encoding="utf-8")
    tokens = base.split()
    return " ".join((tokens * (words // len(tokens) + 1))[:words])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--entries", type=int, default=50_000)
    parser.add_argument("--words", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "big.csv"
        generate(path, args.entries)
        t0 = time.perf_counter()
        matcher = build_matcher([path])
        load = time.perf_counter() - t0
    text = article(args.words)
    times, hits = [], []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        hits = matcher.find(text)
        times.append(time.perf_counter() - t0)
    print(f"glossary: {matcher.size:,} entries loaded in {load:.2f} s (target <= 3 s)")
    print(
        f"glossary: {args.words:,}-word article, {len(hits)} hits: first {times[0] * 1000:.1f} ms, "
        f"median {statistics.median(times) * 1000:.1f} ms over {args.repeat} runs "
        "(target <= 50 ms)"
    )


if __name__ == "__main__":
    main()
