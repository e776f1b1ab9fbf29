"""Degenerate drafts per term mode (issue #30): how many units with glossary terms come out
looping, stuttering, glued or runaway (`mt.degenerate`) with --terms off, soft and hard,
on models with the real opus-mt-ar-en and M2M100 tokenizers (../shared/tokenizers; tiny
layers, taught `--steps` on the bundled article as the tests teach them), on both
backends, for two texts:

- article: the example article's units (the model was taught its English);
- terms: the FLORES dev sentences that hold a glossary term (one in every sentence, none
  seen in teaching), where rewrites are needed most.

Target: soft and hard never have more degenerate units than off (`degenerate`), nor
units degenerate in a way the off draft is not (`worse`: problems the plain draft lacks).
Also: terms present, and the engines that drafted the units. A briefly taught tiny model
babbles on its own, so this proves the plumbing (what the rewrite adds to the plain
draft), not quality.

Run: .venv/bin/python benchmarks/bench_degenerate.py [--steps 100] [--work DIR]
     .venv/bin/python benchmarks/bench_degenerate.py --false-positives
"""

from __future__ import annotations

import argparse
import collections
import tempfile
import time
from pathlib import Path

from transbench.glossary import collection
from transbench.glossary.matcher import Matcher
from transbench.glossary.presence import find_term
from transbench.mt.degenerate import is_degenerate, worse
from transbench.segment import segment

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
FLORES = SHARED / "testsets" / "flores200-dev" / "dev.arb_Arab"
MT_OUTPUTS = SHARED / "testsets" / "mt-outputs-flores-dev"
MODELS = ("opus-mt-ar-en", "m2m100_418M")
MODES = ("off", "soft", "hard")


def texts(matcher: Matcher) -> dict[str, list[str]]:
    article = (ROOT / "examples" / "qahtaniyah-patrols.ar.txt").read_text(encoding="utf-8")
    flores = FLORES.read_text(encoding="utf-8").splitlines()
    return {
        "article": [s.text for s in segment(article) if s.translate],
        "terms": [s for s in flores if matcher.find(s)],
    }


def model(name: str, steps: int, work: Path) -> Path:
    from transbench.models.demo import build_from_tokenizer, teach_to_end

    folder = work / f"{name}-{steps}"
    if not (folder / "config.json").exists():
        t0 = time.perf_counter()
        teach_to_end(build_from_tokenizer(SHARED / "tokenizers" / name, folder), steps=steps)
        print(f"# {name}: built, taught {steps} steps in {time.perf_counter() - t0:.0f} s")
    return folder


def translators(folder: Path, work: Path) -> dict:
    from transbench.models.loading import load_model
    from transbench.models.registry import load_registry
    from transbench.mt.transformers_backend import TransformersTranslator

    registry = load_registry(ROOT / "models.yaml")
    found = {"transformers": TransformersTranslator(load_model(registry.resolve(str(folder))))}
    try:
        from transbench.models.convert import convert
        from transbench.mt.ctranslate2_backend import CTranslate2Translator

        out = work / f"{folder.name}-ct2"
        if not out.exists():
            convert(registry.resolve(str(folder)), "float32", output=out)
        found["ctranslate2"] = CTranslate2Translator(registry.resolve(str(out)))
    except ImportError:
        print("# ctranslate2 is not installed: transformers only")
    return found


def measure(translator, sources: list[str], terms: list[list]) -> list[tuple]:
    rows = []
    plain: list[str] = []
    for mode in MODES:
        drafts = translator.translate(sources, terms, mode)
        plain = plain or drafts
        paths = getattr(translator, "last_paths", []) or [""] * len(sources)
        units = [i for i, t in enumerate(terms) if t]
        bad = sum(is_degenerate(drafts[i], sources[i], terms[i]) for i in units)
        added = sum(worse(drafts[i], plain[i], sources[i], terms[i]) for i in units)
        present = sum(bool(find_term(drafts[i], f)) for i in units for f in terms[i])
        total = sum(len(terms[i]) for i in units)
        engines = collections.Counter(paths[i] for i in units)
        rows.append((mode, len(units), bad, added, f"{present}/{total}", engines))
    return rows


def false_positives() -> None:
    sources = (MT_OUTPUTS / "source.ar").read_text(encoding="utf-8").splitlines()
    flagged = total = 0
    print(f"{'system':<22} {'lines':>6} {'flagged':>8}")
    for path in sorted(MT_OUTPUTS.glob("*.en")):
        lines = path.read_text(encoding="utf-8").splitlines()
        hits = [t for s, t in zip(sources, lines, strict=True) if is_degenerate(t, s)]
        print(f"{path.stem:<22} {len(lines):>6} {len(hits):>8}")
        flagged, total = flagged + len(hits), total + len(lines)
    print(f"{'all':<22} {total:>6} {flagged:>8} ({100 * flagged / total:.2f}%)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--steps", type=int, default=100)
    parser.add_argument("--models", default=",".join(MODELS))
    parser.add_argument("--work", type=Path, help="keep the built models here (reused)")
    parser.add_argument("--false-positives", action="store_true")
    args = parser.parse_args()
    if args.false_positives:
        false_positives()
        return
    if not FLORES.exists() or not (SHARED / "tokenizers").is_dir():
        print("bench_degenerate: skipped, it needs ../shared/tokenizers and ../shared/testsets")
        return
    matcher = Matcher(collection.all_terms(collection.load_files([ROOT / "glossary"])))
    sets = texts(matcher)
    with tempfile.TemporaryDirectory() as tmp:
        work = args.work or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        print(
            f"{'model':<14} {'backend':<12} {'text':<8} {'mode':<5} {'units':>5} "
            f"{'degenerate':>10} {'worse':>5} {'terms':>8}  engines"
        )
        for name in args.models.split(","):
            for backend, translator in translators(model(name, args.steps, work), work).items():
                for label, sources in sets.items():
                    terms = [list(dict.fromkeys(h.forms for h in matcher.find(s))) for s in sources]
                    for mode, units, bad, added, present, engines in measure(
                        translator, sources, terms
                    ):
                        used = ", ".join(f"{k} {v}" for k, v in sorted(engines.items()))
                        print(
                            f"{name[:14]:<14} {backend:<12} {label:<8} {mode:<5} {units:>5} "
                            f"{bad:>10} {added:>5} {present:>8}  {used}"
                        )


if __name__ == "__main__":
    main()
