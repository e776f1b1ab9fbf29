"""CTranslate2 vs transformers on CPU: sentences/s on FLORES-200 dev, 1 and 2 threads.
Targets: int8 >= 3x transformers fp32 on the same model; the hard-terms pipeline on
CTranslate2 int8 <= 1.3x the time of plain CTranslate2 int8.

The model is built here (`--size tiny|base`, base being shaped like opus-mt-ar-en) and
converted. The tiny one is first taught to end its sentences (a few seconds of training), so
drafts have realistic lengths; the base one keeps random weights (teaching it is far slower
here) and every draft runs to its length cap, the same work for both engines. Figures are
speed only: neither model translates.
At N threads transformers gets N torch threads and CTranslate2 the registry default for N
cores (N batches of one thread each); "1 batch x N threads" shows the alternative.
Each figure is the best of `--repeat` runs (3 by default; runs of a few seconds vary).
Run: .venv/bin/python benchmarks/bench_ctranslate2.py [--size base] [--sentences 500]
     [--threads 1 2] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections import Counter
from pathlib import Path

import torch

from transbench.glossary import collection
from transbench.glossary.matcher import Matcher
from transbench.models.convert import convert
from transbench.models.demo import build_demo_model, teach_to_end
from transbench.models.loading import load_model
from transbench.models.registry import Generation, ModelSpec
from transbench.mt.ctranslate2_backend import CT2_NBEST, CTranslate2Translator
from transbench.mt.transformers_backend import TransformersTranslator

ROOT = Path(__file__).resolve().parents[1]
FLORES = ROOT.parent / "shared" / "testsets" / "flores200-dev" / "dev.arb_Arab"


def timed(translator, sources, terms, mode, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        translator.translate(sources, terms, mode)
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", default="tiny", choices=["tiny", "base"])
    parser.add_argument("--sentences", type=int, default=500)
    parser.add_argument("--threads", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not FLORES.exists():
        raise SystemExit("needs ../shared/testsets/flores200-dev")
    sources = FLORES.read_text(encoding="utf-8").splitlines()[: args.sentences]
    glossary = collection.all_terms(collection.load_files([ROOT / "glossary"]))
    matcher = Matcher(glossary)
    terms = [list(dict.fromkeys(h.en for h in matcher.find(s))) for s in sources]
    none = [[] for _ in sources]
    gen = Generation(beam_size=4)
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["TRANSBENCH_MODEL_CACHE"] = str(Path(tmp) / "cache")
        model_dir = build_demo_model(
            Path(tmp) / "model",
            [f for t in glossary for f in t.source_forms],
            [t.en for t in glossary],
            size=args.size,
        )
        if args.size == "tiny":
            teach_to_end(model_dir)
        base = ModelSpec(name=f"bench-{args.size}", source=str(model_dir), generation=gen)
        for q in ("float32", "int8"):
            convert(base, q)
        print(
            f"ctranslate2: {args.size} model, {len(sources)} FLORES sentences "
            f"({sum(bool(t) for t in terms)} with glossary terms), beam 4"
        )
        for threads in args.threads:
            torch.set_num_threads(threads)
            hf = TransformersTranslator(load_model(base))
            hf.translate(sources[:2], none[:2], "off")
            t_hf = timed(hf, sources, none, "off", args.repeat)
            row = {"transformers fp32": t_hf}
            runs = [("float32", 1), ("int8", 1)] + ([("int8", threads)] if threads > 1 else [])
            for q, intra in runs:
                spec = ModelSpec(
                    name=base.name,
                    source=base.source,
                    backend="ctranslate2",
                    generation=gen,
                    quantization=q,
                    threads=threads,
                    intra_threads=intra,
                )
                ct = CTranslate2Translator(spec)
                ct.translate(sources[:2], none[:2], "off")
                ct.fallback().translate(sources[:2], none[:2], "off")  # loaded, as in a session
                if intra > 1:
                    row[f"ctranslate2 {q}, 1 batch x {intra} threads"] = timed(
                        ct, sources, none, "off", args.repeat
                    )
                    continue
                row[f"ctranslate2 {q}"] = timed(ct, sources, none, "off", args.repeat)
                if q == "int8":
                    row["ctranslate2 int8 + hard terms"] = timed(
                        ct, sources, terms, "hard", args.repeat
                    )
                    paths = Counter(ct.last_paths)
            print(f"  {threads} thread(s):")
            for label, seconds in row.items():
                print(
                    f"    {label:<40} {seconds:7.2f} s  {len(sources) / seconds:7.1f} sent/s  "
                    f"{t_hf / seconds:5.2f}x transformers"
                )
            plain = row["ctranslate2 int8"]
            print(
                f"    hard-terms overhead over plain int8: "
                f"{row['ctranslate2 int8 + hard terms'] / plain:.2f}x (target <= 1.3x); "
                f"{paths[CT2_NBEST]} segment(s) kept a lower CTranslate2 hypothesis, "
                f"{paths['transformers-hard']} took the constrained fallback"
            )


if __name__ == "__main__":
    main()
