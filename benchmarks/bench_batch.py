"""Batch machinery overhead: 200 documents through the tiny model vs the same segments
translated in one call. Target: overhead <= 10%.

Both sides draft the same segments with the same model and glossary, without the draft
cache; the batch side also reads, decodes, segments, matches, writes the txt output and
the manifest, and keeps report.json.
Run: make bench   (or: .venv/bin/python benchmarks/bench_batch.py [--docs 200])
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from transbench.batch.runner import BatchRunner
from transbench.batch.sources import Selection, discover
from transbench.glossary import collection
from transbench.glossary.matcher import Matcher
from transbench.models.demo import build_demo_model
from transbench.models.loading import load_model
from transbench.models.registry import load_registry
from transbench.mt.transformers_backend import TransformersTranslator
from transbench.pipeline import Pipeline
from transbench.segment import segment

ROOT = Path(__file__).resolve().parents[1]
FLORES = ROOT.parent / "shared" / "testsets" / "flores200-dev" / "dev.arb_Arab"


def sentences() -> list[str]:
    if FLORES.exists():
        return FLORES.read_text(encoding="utf-8").splitlines()
    article = (ROOT / "examples" / "qahtaniyah-patrols.ar.txt").read_text(encoding="utf-8")
    return [s.text for s in segment(article) if s.translate]


def write_documents(folder: Path, docs: int, per_doc: int) -> Path:
    """`docs` articles of `per_doc` sentences each, as .txt files in `folder`."""
    lines = sentences()
    folder.mkdir()
    for i in range(docs):
        chunk = [lines[(i * per_doc + j) % len(lines)] for j in range(per_doc)]
        (folder / f"{i:04d}.txt").write_text("\n".join(chunk) + "\n", encoding="utf-8")
    return folder


def demo_model(folder: Path, terms) -> Path:
    """The offline demo model, its vocabulary trained on the glossary's terms too."""
    return build_demo_model(
        folder, [f for t in terms for f in t.source_forms], [t.en for t in terms]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--per-doc", type=int, default=4, help="sentences per document")
    args = parser.parse_args()

    terms = collection.all_terms(collection.load_files([ROOT / "glossary"]))
    with tempfile.TemporaryDirectory() as tmp:
        tmp_path = Path(tmp)
        src = write_documents(tmp_path / "docs", args.docs, args.per_doc)
        model_dir = demo_model(tmp_path / "model", terms)
        spec = load_registry(ROOT / "models.yaml").resolve(str(model_dir))
        pipeline = Pipeline(TransformersTranslator(load_model(spec)), Matcher(terms), "hard")
        pipeline.draft(segment("تسخين."))  # warm-up outside the timing

        all_segments = [
            s for p in sorted(src.iterdir()) for s in segment(p.read_text(encoding="utf-8"))
        ]
        t0 = time.perf_counter()
        pipeline.draft(all_segments)
        direct = time.perf_counter() - t0

        t0 = time.perf_counter()
        report = BatchRunner(pipeline, tmp_path / "out", ["txt"]).run(
            list(discover([src], Selection()))
        )
        batch = time.perf_counter() - t0
    totals = report.totals()
    print(f"batch: {args.docs} documents, {len(all_segments)} segments, {totals['failed']} failed")
    print(
        f"batch: one call {direct:.2f} s, batch run {batch:.2f} s, "
        f"overhead {100 * (batch / direct - 1):+.1f}% (target <= 10%)"
    )


if __name__ == "__main__":
    main()
