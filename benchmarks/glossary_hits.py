"""Every starter-glossary hit on FLORES dev Arabic, beside the human English reference, for
judging the matcher's precision by hand (docs/quality.md). Hits whose English (or an
accepted alternative) is in the reference are counted as supported; the others are listed
with the reference to read.

Run: .venv/bin/python benchmarks/glossary_hits.py
"""

from __future__ import annotations

from pathlib import Path

from transbench.glossary import build_matcher
from transbench.glossary.presence import find_term

ROOT = Path(__file__).resolve().parents[1]
TESTSETS = ROOT.parent / "shared" / "testsets"
SETS = {
    "FLORES-101 dev": ("mt-outputs-flores-dev/source.ar", "mt-outputs-flores-dev/reference.en"),
    "FLORES-200 dev": ("flores200-dev/dev.arb_Arab", "flores200-dev/dev.eng_Latn"),
}


def main() -> None:
    if not TESTSETS.is_dir():
        print("glossary_hits: skipped, it needs ../shared/testsets")
        return
    matcher = build_matcher([ROOT / "glossary"])
    for name, (src, ref) in SETS.items():
        sources = (TESTSETS / src).read_text(encoding="utf-8").splitlines()
        references = (TESTSETS / ref).read_text(encoding="utf-8").splitlines()
        hits = supported = 0
        for n, (source, reference) in enumerate(zip(sources, references, strict=True), 1):
            for hit in matcher.find(source):
                hits += 1
                if find_term(reference, hit.forms):
                    supported += 1
                else:
                    print(f"  {name}:{n}: {hit.surface} → {hit.en} [{hit.enforce}] | {reference}")
        print(f"{name}: {hits} hits, {supported} with their English in the reference")


if __name__ == "__main__":
    main()
