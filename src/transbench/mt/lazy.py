"""A translator that loads its model when a sentence first needs it.

Loading a model takes seconds (and importing torch more); a draft the cache already holds
needs neither. The cache key is therefore made from what identifies the model on disk
and the settings asked for, never from the loaded model, so it is known before loading.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from pathlib import Path

from transbench.glossary.presence import Forms
from transbench.models.registry import ModelSpec
from transbench.mt.base import SEARCH_VERSION, Progress, Translator


def _folder_stamp(path: Path) -> str:
    """Names, sizes and times of the model folder's files: new weights or a new
    tokenizer in the same place make another key."""
    stamp = hashlib.sha256()
    for f in sorted(p for p in path.iterdir() if p.is_file()):
        st = f.stat()
        stamp.update(f"{f.name}:{st.st_size}:{st.st_mtime_ns}\n".encode())
    return stamp.hexdigest()[:16]


def transformers_key(spec: ModelSpec, path: Path) -> str:
    return (
        f"transformers|{SEARCH_VERSION}|{spec.source}|{_folder_stamp(path)}|"
        f"{spec.generation.key()}|{spec.src_lang}|{spec.tgt_lang}|{spec.dtype}|{spec.device}"
    )


class LazyTranslator(Translator):
    def __init__(
        self, name: str, is_demo: bool, cache_key: str, load: Callable[[], Translator]
    ) -> None:
        self.name = name
        self.is_demo = is_demo
        self._key = cache_key
        self._load = load
        self._real: Translator | None = None

    @property
    def cache_key(self) -> str:
        return self._key

    @property
    def is_loaded(self) -> bool:
        return self._real is not None

    def loaded(self) -> Translator:
        if self._real is None:
            self._real = self._load()
        return self._real

    @property
    def last_paths(self) -> list[str]:
        return getattr(self._real, "last_paths", [])

    def translate(
        self,
        sources: Sequence[str],
        terms: Sequence[Sequence[Forms]],
        mode: str,
        progress: Progress | None = None,
    ) -> list[str]:
        if not sources:
            return []
        return self.loaded().translate(sources, terms, mode, progress)
