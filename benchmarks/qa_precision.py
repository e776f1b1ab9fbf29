"""QA findings on what seven real MT systems wrote for FLORES dev (../shared/testsets/
mt-outputs-flores-dev), with the starter glossary's hits, for measuring each check's
precision by hand.

  .venv/bin/python benchmarks/qa_precision.py                     # findings per check and system
  .venv/bin/python benchmarks/qa_precision.py --sample 25 --out s.tsv   # a sample to judge
  .venv/bin/python benchmarks/qa_precision.py --judged s.tsv      # precision from judgements
  .venv/bin/python benchmarks/qa_precision.py --human             # FLORES-200 human English

A sample holds up to N findings per check, drawn with a fixed seed from all systems. Judge
each row by filling its `verdict` column: 1 when the finding points at a real problem of
that English (a reviser would want to see it), 0 for a false alarm.

`--human` runs the same checks on FLORES-200 dev's Arabic and its human English instead
(../shared/testsets/flores200-dev): a translation no system wrote, so nearly every finding
there is a false alarm, and their number is a check on text the checks were not tuned on.
"""

from __future__ import annotations

import argparse
import collections
import csv
import random
import sys
from pathlib import Path

from transbench import qa
from transbench.glossary import build_matcher
from transbench.pipeline import qa_unit

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT.parent / "shared" / "testsets" / "mt-outputs-flores-dev"
HUMAN = ROOT.parent / "shared" / "testsets" / "flores200-dev"
COLUMNS = ["check", "system", "line", "source", "target", "message", "verdict"]


def findings(human: bool = False) -> list[dict[str, str]]:
    matcher = build_matcher([ROOT / "glossary"])
    source_file = HUMAN / "dev.arb_Arab" if human else FOLDER / "source.ar"
    sources = source_file.read_text(encoding="utf-8").splitlines()
    hits = [matcher.find(s) for s in sources]
    rows = []
    systems = [HUMAN / "dev.eng_Latn"] if human else sorted(FOLDER.glob("*.en"))
    for system in systems:
        if system.stem == "reference":
            continue
        lines = system.read_text(encoding="utf-8").splitlines()
        for n, (src, tgt, found) in enumerate(zip(sources, lines, hits, strict=True), 1):
            for f in qa.check(qa_unit(src, tgt, found)):
                rows.append(
                    {
                        "check": f.check,
                        "system": system.stem,
                        "line": str(n),
                        "source": src,
                        "target": tgt,
                        "message": f.message,
                        "verdict": "",
                    }
                )
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sample", type=int, help="findings per check to sample")
    parser.add_argument("--out", type=Path, help="where to write the sample (TSV)")
    parser.add_argument("--judged", type=Path, help="a judged sample: print precision")
    parser.add_argument("--human", action="store_true", help="FLORES-200 dev's human English")
    args = parser.parse_args()
    if args.judged:
        with args.judged.open(encoding="utf-8", newline="") as fh:
            judged = list(csv.DictReader(fh, delimiter="\t"))
        by_check: dict[str, list[int]] = collections.defaultdict(list)
        for row in judged:
            if row["verdict"].strip() in ("0", "1"):
                by_check[row["check"]].append(int(row["verdict"]))
        print("check\tjudged\tright\tprecision")
        for check, verdicts in sorted(by_check.items()):
            print(f"{check}\t{len(verdicts)}\t{sum(verdicts)}\t{sum(verdicts) / len(verdicts):.0%}")
        return
    folder = HUMAN if args.human else FOLDER
    if not folder.is_dir():
        print(f"qa_precision: skipped, it needs ../shared/testsets/{folder.name}")
        return
    rows = findings(args.human)
    counts = collections.Counter((r["check"], r["system"]) for r in rows)
    systems = sorted({r["system"] for r in rows})
    print("check\t" + "\t".join(systems) + "\ttotal")
    for check in sorted({r["check"] for r in rows}):
        per = [counts[(check, s)] for s in systems]
        print(f"{check}\t" + "\t".join(map(str, per)) + f"\t{sum(per)}")
    if args.sample:
        rng = random.Random(0)
        sample = []
        for check in sorted({r["check"] for r in rows}):
            mine = [r for r in rows if r["check"] == check]
            sample += rng.sample(mine, min(args.sample, len(mine)))
        if args.out:
            with args.out.open("w", encoding="utf-8", newline="") as out:
                _write(out, sample)
        else:
            _write(sys.stdout, sample)


def _write(out, rows: list[dict[str, str]]) -> None:
    writer = csv.DictWriter(out, COLUMNS, delimiter="\t", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


if __name__ == "__main__":
    main()
