"""Segmentation throughput on >= 10 MB of Arabic news text (target: >= 2 MB/s on one core),
and on 1 MB lines built to be hard (no space or line break: abbreviation dots, quotes,
brackets), where time must grow linearly: the same seconds per MB at 0.25 and 1 MB.

Run: make bench   (or: .venv/bin/python benchmarks/bench_segment.py [--mb 10])
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from transbench.segment import segment

ROOT = Path(__file__).resolve().parents[1]
FLORES = ROOT.parent / "shared" / "testsets" / "flores200-dev" / "dev.arb_Arab"


def corpus(megabytes: float) -> str:
    """The example article plus FLORES dev (when present), repeated to the requested size."""
    parts = [(ROOT / "examples" / "qahtaniyah-patrols.ar.txt").read_text(encoding="utf-8")]
    if FLORES.exists():
        parts.append(FLORES.read_text(encoding="utf-8"))
    block = "\n\n".join(parts)
    target = int(megabytes * 1_000_000)
    repeats = target // len(block.encode("utf-8")) + 1
    return "\n\n".join([block] * repeats)


# Lines that made the segmenter quadratic before issue 31.
ADVERSARIAL = ("د.", "“د.", "“a b c d.”", "(U.S.")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=float, default=10.0, help="corpus size in MB (UTF-8)")
    parser.add_argument("--repeat", type=int, default=3, help="timed runs; the best is reported")
    args = parser.parse_args()

    text = corpus(args.mb)
    size_mb = len(text.encode("utf-8")) / 1_000_000
    segment("تحمية.")  # load the abbreviation lists outside the timing
    best = float("inf")
    units = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        units = segment(text)
        best = min(best, time.perf_counter() - t0)
    print(f"segment: {size_mb:.1f} MB, {len(text):,} chars, {len(units):,} units")
    print(f"segment: best of {args.repeat}: {best:.2f} s = {size_mb / best:.2f} MB/s (one core)")
    print(f"segment: FLORES dev included: {FLORES.exists()}")
    for piece in ADVERSARIAL:
        for mb in (0.25, 1.0):
            line = piece * int(mb * 1_000_000 / len(piece.encode("utf-8")))
            t0 = time.perf_counter()
            segment(line)
            took = time.perf_counter() - t0
            print(
                f"segment: one line of {piece!r} x {len(line) // len(piece):,} ({mb} MB): "
                f"{took:.2f} s = {took / mb:.2f} s per MB"
            )


if __name__ == "__main__":
    main()
