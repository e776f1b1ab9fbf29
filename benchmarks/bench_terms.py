"""Hard glossary terms on a model with the real opus-mt-ar-en vocabulary and tokenizers
(../shared/tokenizers; shrunk layers, taught briefly on the bundled article so that some
plain drafts already hold their terms), FLORES dev plus the example article, starter
glossary. Reports:

- hard-mode time against off;
- of the units whose plain (off) draft already had every term, how many hard mode changed
  (target 0);
- term presence in hard mode (target 100%), and which path drafted each unit;
- for the units that needed the constrained search, per `hard_beam_size`: its time and the
  model's own mean log-probability per token of the drafts (higher: the model finds them
  more fluent), to choose the default beam.

The weights are barely trained: figures are about the search, not translation quality.
Run: .venv/bin/python benchmarks/bench_terms.py [--sentences 200] [--steps 300]
"""

from __future__ import annotations

import argparse
import collections
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import torch

from transbench.glossary import collection
from transbench.glossary.matcher import Matcher
from transbench.glossary.presence import find_term, has_all
from transbench.models.demo import build_from_tokenizer, teach_to_end
from transbench.models.loading import load_model
from transbench.models.registry import load_registry
from transbench.mt.transformers_backend import TransformersTranslator
from transbench.segment import segment

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
FLORES = SHARED / "testsets" / "flores200-dev" / "dev.arb_Arab"
OPUS = SHARED / "tokenizers" / "opus-mt-ar-en"


def units(n: int) -> list[str]:
    article = (ROOT / "examples" / "qahtaniyah-patrols.ar.txt").read_text(encoding="utf-8")
    found = [s.text for s in segment(article) if s.translate]
    return found + FLORES.read_text(encoding="utf-8").splitlines()[:n]


def fluency(t: TransformersTranslator, sources: list[str], drafts: list[str]) -> float:
    """Mean log-probability per target token the model gives its own drafts."""
    total, count = 0.0, 0
    with torch.inference_mode():
        for src, tgt in zip(sources, drafts, strict=True):
            batch = t.tokenizer([src], text_target=[tgt], return_tensors="pt")
            loss = t.model(**batch).loss.item()
            n = batch["labels"].numel()
            total, count = total - loss * n, count + n
    return total / max(count, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sentences", type=int, default=200)
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--beams", default="4,8,12,16")
    args = parser.parse_args()
    if not OPUS.is_dir() or not FLORES.exists():
        print("bench_terms: skipped, it needs ../shared/tokenizers and ../shared/testsets")
        return
    matcher = Matcher(collection.all_terms(collection.load_files([ROOT / "glossary"])))
    sources = units(args.sentences)
    terms = [list(dict.fromkeys(h.forms for h in matcher.find(s))) for s in sources]
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        folder = teach_to_end(build_from_tokenizer(OPUS, Path(tmp) / "m"), steps=args.steps)
        print(
            f"model: opus-mt-ar-en tokenizers, tiny layers, taught {args.steps} steps "
            f"({time.perf_counter() - t0:.0f} s)"
        )
        spec = load_registry(ROOT / "models.yaml").resolve(str(folder))
        t = TransformersTranslator(load_model(spec))
        t.translate(["تسخين"], [[]], "off")

        t0 = time.perf_counter()
        off = t.translate(sources, terms, "off")
        off_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        hard = t.translate(sources, terms, "hard")
        hard_s = time.perf_counter() - t0
        paths = collections.Counter(p for p, ts in zip(t.last_paths, terms, strict=True) if ts)

        with_terms = [i for i, ts in enumerate(terms) if ts]
        had = [i for i in with_terms if has_all(off[i], terms[i])]
        changed = [i for i in had if hard[i] != off[i]]
        total = sum(len(terms[i]) for i in with_terms)
        present = sum(bool(find_term(hard[i], f)) for i in with_terms for f in terms[i])
        before = sum(bool(find_term(off[i], f)) for i in with_terms for f in terms[i])
        print(f"units: {len(sources)} ({len(with_terms)} with glossary terms, {total} terms)")
        print(f"time: off {off_s:.2f} s, hard {hard_s:.2f} s ({hard_s / off_s:.2f}x)")
        print(
            f"units whose off draft had every term: {len(had)}; changed by hard: "
            f"{len(changed)} (target 0)"
        )
        print(
            f"term presence: off {before}/{total}, hard {present}/{total} "
            f"({100 * present / total:.1f}%, target 100%)"
        )
        print("paths of units with terms: " + ", ".join(f"{k} {v}" for k, v in paths.items()))

        redo = [i for i in with_terms if not has_all(off[i], terms[i])]
        print(f"constrained search, {len(redo)} units whose plain draft lacked a term:")
        print("  hard_beam_size  time (s)  mean log-prob/token  presence")
        for beam in (int(b) for b in args.beams.split(",")):
            g = replace(spec.generation, hard_beam_size=beam)
            t.loaded.spec = replace(t.loaded.spec, generation=g)
            t0 = time.perf_counter()
            drafts = t.constrained([sources[i] for i in redo], [terms[i] for i in redo])
            took = time.perf_counter() - t0
            score = fluency(t, [sources[i] for i in redo], drafts)
            ok = sum(has_all(d, terms[i]) for d, i in zip(drafts, redo, strict=True))
            print(f"  {beam:>14}  {took:8.2f}  {score:19.3f}  {ok}/{len(redo)}")


if __name__ == "__main__":
    main()
