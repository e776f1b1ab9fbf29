"""models.yaml: named translation models with their generation settings."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

import yaml

from transbench.errors import InputError

REGISTRY_ENV = "TRANSBENCH_MODELS"
MODEL_ENV = "TRANSBENCH_MODEL"
BACKENDS = ("transformers", "ctranslate2")
DEVICES = ("auto", "cpu", "cuda")
DTYPES = ("auto", "float32", "float16", "bfloat16")
CT2_MARKER = "transbench-ct2.json"  # what `models convert` leaves in its output folder


@dataclass(frozen=True)
class Generation:
    beam_size: int = 4
    max_length: int = 256
    length_factor: float = 2.0
    length_penalty: float = 1.0
    batch_tokens: int = 4096
    soft_bias: float = 3.0
    # Beam of the hard-constrained search, which only sentences whose plain search missed a
    # term get: dynamic beam allocation shares it between banks of term progress.
    hard_beam_size: int = 12

    def cap(self, source_tokens: int) -> int:
        """Most tokens a draft may have. Rounded up to a multiple of 16 so that sentences of
        similar length share a cap, and an engine that caps whole batches (CTranslate2)
        can batch them and still stop each exactly where our search does."""
        wanted = int(source_tokens * self.length_factor) + 10
        return min(self.max_length, -(-wanted // 16) * 16)

    def key(self) -> str:
        return ",".join(
            f"{f.name}={getattr(self, f.name)}" for f in fields(self) if f.name != "batch_tokens"
        )


@dataclass(frozen=True)
class ModelSpec:
    name: str
    source: str
    backend: str = "transformers"
    description: str = ""
    src_lang: str | None = None
    tgt_lang: str | None = None
    device: str = "auto"
    dtype: str = "auto"
    generation: Generation = field(default_factory=Generation)
    # ctranslate2 backend: weight quantization; cores to use (0: all); cores per batch (the
    # rest decode other batches in parallel, which beats splitting one batch's small
    # matrices on a 2-core machine); sentences per batch (on an opus-mt-shaped model 32
    # beat 16 and 48, and was within 3% of 64; docs/performance.md).
    quantization: str = "int8"
    threads: int = 0
    intra_threads: int = 1
    batch_size: int = 32

    def with_generation(self, **changes: Any) -> ModelSpec:
        given = {k: v for k, v in changes.items() if v is not None}
        return replace(self, generation=replace(self.generation, **given)) if given else self


@dataclass(frozen=True)
class Registry:
    models: dict[str, ModelSpec]
    default: str
    path: Path | None = None

    def resolve(self, name_or_path: str | None) -> ModelSpec:
        """A registry name, a local model folder, or a Hub id; None means $TRANSBENCH_MODEL,
        then the registry default."""
        wanted = name_or_path or os.environ.get(MODEL_ENV) or self.default
        if wanted in self.models:
            return self.models[wanted]
        base = self.models.get(self.default)
        generation = base.generation if base else Generation()
        # A folder written by `transbench models convert` runs on CTranslate2 as it is.
        backend = "ctranslate2" if (Path(wanted) / CT2_MARKER).is_file() else "transformers"
        return ModelSpec(name=wanted, source=wanted, backend=backend, generation=generation)


def find_registry(explicit: str | Path | None = None) -> Path | None:
    candidates = [
        explicit,
        os.environ.get(REGISTRY_ENV),
        "models.yaml",
        Path(__file__).resolve().parents[3] / "models.yaml",
    ]
    for candidate in candidates:
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    if explicit:
        raise InputError(f"{explicit}: no such model registry")
    return None


def load_registry(explicit: str | Path | None = None) -> Registry:
    path = find_registry(explicit)
    if path is None:
        return Registry({}, "opus-mt-ar-en")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"{path}: cannot read the model registry ({exc})") from None
    models = {}
    for name, entry in (data.get("models") or {}).items():
        models[name] = _spec(path, name, entry or {})
    return Registry(models, str(data.get("default", "opus-mt-ar-en")), path)


def _spec(path: Path, name: str, entry: dict[str, Any]) -> ModelSpec:
    where = f"{path}: model '{name}'"
    if "source" not in entry:
        raise InputError(f"{where}: 'source' (Hub id or folder) is missing")
    known = {f.name for f in fields(ModelSpec)} - {"name"}
    unknown = set(entry) - known
    if unknown:
        raise InputError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    gen_fields = {f.name: f.type for f in fields(Generation)}
    gen = entry.get("generation") or {}
    bad = set(gen) - set(gen_fields)
    if bad:
        raise InputError(f"{where}: unknown generation setting(s) {', '.join(sorted(bad))}")
    for key, allowed in (("backend", BACKENDS), ("device", DEVICES), ("dtype", DTYPES)):
        if key in entry and entry[key] not in allowed:
            raise InputError(f"{where}: {key} '{entry[key]}' is not one of {', '.join(allowed)}")
    source = str(entry["source"])
    if source.startswith((".", "~")):
        source = str((path.parent / Path(source).expanduser()).resolve())
    # Keys left out take ModelSpec's defaults, which are stated there once.
    given = {key: entry[key] for key in _PLAIN if key in entry}
    counts = {key: _count(where, entry[key], key, low) for key, low in _COUNTS if key in entry}
    return ModelSpec(name=name, source=source, generation=Generation(**gen), **given, **counts)


_PLAIN = ("backend", "description", "src_lang", "tgt_lang", "device", "dtype", "quantization")
_COUNTS = (("threads", 0), ("intra_threads", 1), ("batch_size", 1))


def _count(where: str, value: Any, key: str, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise InputError(f"{where}: {key} must be a whole number >= {minimum}, not {value!r}")
    return value
