"""A translation memory in SQLite, fast for fuzzy lookup as it grows.

Exact matches compare sources after matching normalisation (diacritics, alef forms,
digits, spacing). Fuzzy lookup retrieves candidates through an FTS5 trigram index on the
longest words of the query, filtered by length, and scores them with a normalised
Levenshtein similarity (rapidfuzz), so it never scans every row.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz.distance import Levenshtein

from transbench.glossary.normalize import normalize
from transbench.sqlitedb import Database

TM_ENV = "TRANSBENCH_TM"
_PUNCT = re.compile(r"[^\w\s]")
_CANDIDATE_WORDS = 4
_CANDIDATES = 200

_SCHEMA = """
CREATE TABLE IF NOT EXISTS units (
    id INTEGER PRIMARY KEY,
    norm TEXT NOT NULL UNIQUE,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    length INTEGER NOT NULL,
    origin TEXT NOT NULL,
    updated REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS units_length ON units(length);
CREATE VIRTUAL TABLE IF NOT EXISTS units_fts USING fts5(
    norm, content='units', content_rowid='id', tokenize='trigram');
CREATE TRIGGER IF NOT EXISTS units_ai AFTER INSERT ON units BEGIN
    INSERT INTO units_fts(rowid, norm) VALUES (new.id, new.norm);
END;
CREATE TRIGGER IF NOT EXISTS units_ad AFTER DELETE ON units BEGIN
    INSERT INTO units_fts(units_fts, rowid, norm) VALUES ('delete', old.id, old.norm);
END;
CREATE TRIGGER IF NOT EXISTS units_au AFTER UPDATE ON units BEGIN
    INSERT INTO units_fts(units_fts, rowid, norm) VALUES ('delete', old.id, old.norm);
    INSERT INTO units_fts(rowid, norm) VALUES (new.id, new.norm);
END;
"""


def default_tm_path() -> Path:
    from platformdirs import user_data_dir

    return Path(os.environ.get(TM_ENV) or Path(user_data_dir("transbench")) / "memory.sqlite3")


def tm_key(source: str) -> str:
    """Sources that differ only in diacritics, letter forms, punctuation or spacing match."""
    return " ".join(_PUNCT.sub(" ", normalize(source)).split())


def _containing(text: str) -> str:
    """A LIKE pattern for `text` anywhere, its own % and _ taken literally."""
    return "%" + re.sub(r"([%_\\])", r"\\\1", text) + "%"


@dataclass(frozen=True)
class TMMatch:
    source: str
    target: str
    score: float  # 1.0 is an exact match
    origin: str
    diff: tuple[tuple[str, int, int, int, int], ...] = ()  # query → TM source edits

    def to_dict(self) -> dict:
        return {
            "source": self.source,
            "target": self.target,
            "score": round(self.score, 4),
            "origin": self.origin,
            "diff": [list(op) for op in self.diff],
        }


class TranslationMemory:
    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = Database(self.path, _SCHEMA, "translation memory")

    def close(self) -> None:
        self._db.close()

    def add(self, pairs: Iterable[tuple[str, str]], origin: str) -> int:
        """Store approved (source, target) pairs; a newer target replaces an older one.
        Returns how many sources were new to the memory."""
        now = time.time()
        rows = [
            (tm_key(s), s, t, len(tm_key(s)), origin, now)
            for s, t in pairs
            if s.strip() and t.strip()
        ]
        keys = list({r[0] for r in rows})
        with self._db.write() as db:
            known = sum(
                db.execute(
                    f"SELECT COUNT(*) FROM units WHERE norm IN ({','.join('?' * len(chunk))})",
                    chunk,
                ).fetchone()[0]
                for chunk in (keys[i : i + 500] for i in range(0, len(keys), 500))
            )
            db.executemany(
                "INSERT INTO units (norm, source, target, length, origin, updated) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(norm) DO UPDATE SET "
                "source=excluded.source, target=excluded.target, origin=excluded.origin, "
                "updated=excluded.updated",
                rows,
            )
        return len(keys) - known

    def exact(self, source: str) -> TMMatch | None:
        rows = self._db.read(
            "SELECT source, target, origin FROM units WHERE norm = ?", (tm_key(source),)
        )
        return TMMatch(rows[0][0], rows[0][1], 1.0, rows[0][2]) if rows else None

    def fuzzy(self, source: str, threshold: float = 0.75, limit: int = 5) -> list[TMMatch]:
        """Similar stored units, best first, each with the edits from `source` to it."""
        key = tm_key(source)
        words = sorted({w for w in key.split() if len(w) >= 3}, key=len, reverse=True)
        if not words:
            return []
        query = " OR ".join('"' + w.replace('"', '""') + '"' for w in words[:_CANDIDATE_WORDS])
        low, high = int(len(key) * threshold), int(len(key) / threshold) + 1
        rows = self._db.read(
            "SELECT u.norm, u.source, u.target, u.origin FROM units_fts f "
            "JOIN units u ON u.id = f.rowid WHERE units_fts MATCH ? "
            "AND u.length BETWEEN ? AND ? ORDER BY f.rank LIMIT ?",
            (query, low, high, _CANDIDATES),
        )
        scored = []
        for norm, src, tgt, origin in rows:
            score = Levenshtein.normalized_similarity(key, norm)
            if score >= threshold:
                scored.append((score, src, tgt, origin))
        scored.sort(key=lambda r: (-r[0], r[1]))
        return [
            TMMatch(
                src,
                tgt,
                score,
                origin,
                tuple(tuple(op) for op in Levenshtein.opcodes(source, src) if op[0] != "equal"),
            )
            for score, src, tgt, origin in scored[:limit]
        ]

    def concordance(self, query: str, limit: int = 200) -> list[tuple[str, str, str]]:
        """Units whose Arabic (in matching form) or English holds `query`, newest first;
        `concordance.search` marks where."""
        return self._db.read(
            "SELECT source, target, origin FROM units WHERE norm LIKE ? ESCAPE '\\' "
            "OR target LIKE ? ESCAPE '\\' ORDER BY updated DESC LIMIT ?",
            (_containing(tm_key(query)), _containing(query.strip()), limit),
        )

    def __iter__(self) -> Iterator[tuple[str, str, str]]:
        yield from self._db.read("SELECT source, target, origin FROM units ORDER BY id")

    def stats(self) -> dict[str, object]:
        ((count,),) = self._db.read("SELECT COUNT(*) FROM units")
        origins = dict(
            self._db.read("SELECT origin, COUNT(*) FROM units GROUP BY origin ORDER BY 2 DESC")
        )
        return {
            "path": str(self.path),
            "units": count,
            "origins": origins,
            "bytes": self.path.stat().st_size if self.path.exists() else 0,
        }
