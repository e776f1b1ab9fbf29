"""A persistent cache of drafts, so a segment seen before comes back instantly."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import threading
import time
import unicodedata
from collections.abc import Iterable
from pathlib import Path

CACHE_ENV = "TRANSBENCH_CACHE_DIR"


def default_cache_path() -> Path:
    from platformdirs import user_cache_dir

    folder = Path(os.environ.get(CACHE_ENV) or user_cache_dir("transbench"))
    return folder / "drafts.sqlite3"


def cache_source(text: str) -> str:
    """Sources that differ only in Unicode composition or spacing share a draft."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def cache_key(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()


class DraftCache:
    """Safe to share between threads (the editor drafts from Gradio's worker threads): one
    connection, used under a lock."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, timeout=30, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS drafts (key TEXT PRIMARY KEY, target TEXT NOT NULL, "
            "created REAL NOT NULL)"
        )

    def get_many(self, keys: Iterable[str]) -> dict[str, str]:
        keys = list(keys)
        found: dict[str, str] = {}
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            marks = ",".join("?" * len(chunk))
            with self._lock:
                found.update(
                    self._db.execute(
                        f"SELECT key, target FROM drafts WHERE key IN ({marks})", chunk
                    ).fetchall()
                )
        return found

    def put_many(self, items: Iterable[tuple[str, str]]) -> None:
        now = time.time()
        with self._lock, self._db:
            self._db.executemany(
                "INSERT OR REPLACE INTO drafts (key, target, created) VALUES (?, ?, ?)",
                [(k, v, now) for k, v in items],
            )

    def close(self) -> None:
        with self._lock:
            self._db.close()
