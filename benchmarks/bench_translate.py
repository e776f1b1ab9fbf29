"""Drafting speed, glossary terms off vs hard (same beam size), on the example article and on
500 FLORES-200 dev sentences. Target: hard <= 1.5x the time of off.

The model is built here with random weights (no Hub access needed): `--size tiny` (default)
or `--size base` (shaped like opus-mt-ar-en, for realistic compute), or pass `--model`.
Random weights mean drafts run to the length cap in both modes; the figures are speed only.
Run: make bench   (or: .venv/bin/python benchmarks/bench_translate.py [--size base])
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import torch

from transbench.glossary import collection
from transbench.glossary.matcher import Matcher
from transbench.models.demo import build_demo_model
from transbench.models.loading import load_model
from transbench.models.registry import load_registry
from transbench.mt.transformers_backend import TransformersTranslator
from transbench.segment import segment

ROOT = Path(__file__).resolve().parents[1]
FLORES = ROOT.parent / "shared" / "testsets" / "flores200-dev" / "dev.arb_Arab"


def workloads(n: int) -> dict[str, list[str]]:
    article = (ROOT / "examples" / "qahtaniyah-patrols.ar.txt").read_text(encoding="utf-8")
    loads = {"example article": [s.text for s in segment(article) if s.translate]}
    if FLORES.exists():
        loads[f"FLORES dev x{n}"] = FLORES.read_text(encoding="utf-8").splitlines()[:n]
    return loads


def timed(translator: TransformersTranslator, sources, terms, mode: str) -> float:
    t0 = time.perf_counter()
    translator.translate(sources, terms, mode)
    return time.perf_counter() - t0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", help="model folder (default: build a random one)")
    parser.add_argument("--size", default="tiny", choices=["tiny", "base"])
    parser.add_argument("--sentences", type=int, default=500)
    parser.add_argument("--beam", type=int, default=4)
    parser.add_argument("--threads", type=int, default=torch.get_num_threads())
    args = parser.parse_args()
    torch.set_num_threads(args.threads)

    glossary = [ROOT / "glossary"]
    terms_list = collection.all_terms(collection.load_files(glossary))
    matcher = Matcher(terms_list)
    with tempfile.TemporaryDirectory() as tmp:
        model_dir = args.model or build_demo_model(
            Path(tmp) / "model",
            [f for t in terms_list for f in t.source_forms],
            [t.en for t in terms_list],
            size=args.size,
        )
        spec = load_registry(ROOT / "models.yaml").resolve(str(model_dir))
        translator = TransformersTranslator(load_model(spec.with_generation(beam_size=args.beam)))
        params = sum(p.numel() for p in translator.model.parameters()) / 1e6
        print(
            f"translate: model {args.model or args.size} ({params:.1f}M parameters), "
            f"beam {args.beam}, {args.threads} thread(s)"
        )
        translator.translate(["تسخين"], [[]], "off")  # warm-up outside the timing
        for name, sources in workloads(args.sentences).items():
            terms = [list(dict.fromkeys(h.en for h in matcher.find(s))) for s in sources]
            constrained = sum(bool(t) for t in terms)
            off = timed(translator, sources, terms, "off")
            hard = timed(translator, sources, terms, "hard")
            n = len(sources)
            print(
                f"translate: {name}: {n} sentences, {constrained} with terms "
                f"({sum(map(len, terms))} terms)"
            )
            print(f"  off  {off:7.2f} s  {n / off:7.1f} sentences/s")
            print(
                f"  hard {hard:7.2f} s  {n / hard:7.1f} sentences/s  "
                f"hard/off = {hard / off:.2f}x (target <= 1.5x)"
            )


if __name__ == "__main__":
    main()
