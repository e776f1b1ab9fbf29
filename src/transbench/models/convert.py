"""Converting a transformers model for CTranslate2, the fast CPU inference engine."""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from pathlib import Path

from transbench.errors import TransbenchError
from transbench.models.loading import ensure_local
from transbench.models.registry import CT2_MARKER as MARKER
from transbench.models.registry import ModelSpec

QUANTIZATIONS = ("int8", "int8_float32", "float32", "float16", "int8_float16")
CACHE_ENV = "TRANSBENCH_MODEL_CACHE"
# Tokenizer and model description files the CTranslate2 folder keeps next to its weights.
_TOKENIZER_FILES = (
    "*.spm",
    "*.model",
    "vocab.json",
    "target_vocab.json",
    "tokenizer*.json",
    "special_tokens_map.json",
    "sentencepiece*",
    "config.json",
    "generation_config.json",
    "transbench-demo.json",
)


def model_cache() -> Path:
    from platformdirs import user_cache_dir

    return Path(os.environ.get(CACHE_ENV) or Path(user_cache_dir("transbench")) / "models")


def ct2_dir(spec: ModelSpec, quantization: str) -> Path:
    safe = re.sub(r"[^\w.-]+", "_", spec.name).strip("_")
    return model_cache() / "ctranslate2" / f"{safe}-{quantization}"


def convert(spec: ModelSpec, quantization: str = "int8", output: Path | None = None) -> Path:
    """Convert `spec` (downloading it first if allowed) into a CTranslate2 folder. The
    transformers tokenizer and config go to `tokenizer/`, and the source is recorded, so the
    hard-constraint fallback can load the original model."""
    if quantization not in QUANTIZATIONS:
        raise TransbenchError(f"quantization must be one of {', '.join(QUANTIZATIONS)}")
    from ctranslate2.converters import TransformersConverter

    source = ensure_local(spec)
    out = output or ct2_dir(spec, quantization)
    out.parent.mkdir(parents=True, exist_ok=True)
    # Built beside the target and swapped in whole: a failed or interrupted conversion
    # leaves the previous one working.
    work = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    try:
        try:
            TransformersConverter(str(source)).convert(
                str(work), quantization=quantization, force=True
            )
        except Exception as exc:  # the converter raises many kinds for unsupported models
            raise TransbenchError(
                f"model '{spec.name}': CTranslate2 cannot convert it "
                f"({type(exc).__name__}: {str(exc).splitlines()[0][:200]})"
            ) from None
        tokenizer_dir = work / "tokenizer"
        tokenizer_dir.mkdir(exist_ok=True)
        for pattern in _TOKENIZER_FILES:
            for f in source.glob(pattern):
                shutil.copy2(f, tokenizer_dir / f.name)
        info = {"model": spec.name, "source": str(source), "quantization": quantization}
        (work / MARKER).write_text(json.dumps(info, indent=2), encoding="utf-8")
        old = out.with_name(f".{out.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        if out.exists():
            out.rename(old)
        work.rename(out)
        shutil.rmtree(old, ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return out
