"""SQLite as the editor's threads and a desk's programs share it.

Each thread gets its own connection: a sqlite3 connection holds one transaction at a
time, so threads sharing one commit or roll back each other's work (a save reported done,
then lost). A write takes the write lock before it reads what it checks (BEGIN
IMMEDIATE), so nothing changes between the check and the commit. Reads never wait for a
writer (WAL). A write that cannot get the lock within a few seconds, a read-only file and
a damaged one each end in one sentence naming the file and what to do.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from transbench.errors import TransbenchError

BUSY_SECONDS = 5.0


class StorageError(TransbenchError):
    """The database file cannot be used as it is; the message says which and why."""


class Database:
    def __init__(self, path: Path, schema: str, what: str, busy_seconds: float = BUSY_SECONDS):
        self.path = path
        self.what = what  # "workspace", "translation memory": how messages name the file
        self.busy_seconds = busy_seconds
        self._local = threading.local()
        self._opened: list[sqlite3.Connection] = []
        self._lock = threading.Lock()
        with self._errors("open"):
            self.conn().executescript(schema)

    def conn(self) -> sqlite3.Connection:
        """This thread's connection."""
        db = getattr(self._local, "db", None)
        if db is None:
            with self._errors("open"):
                db = sqlite3.connect(
                    self.path,
                    timeout=self.busy_seconds,
                    isolation_level=None,  # transactions are ours: BEGIN IMMEDIATE ... COMMIT
                    check_same_thread=False,  # only so that close() can close them all
                )
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA foreign_keys=ON")
            self._local.db = db
            with self._lock:
                self._opened.append(db)
        return db

    def read(self, sql: str, params: Sequence[Any] = ()) -> list[tuple]:
        with self.reading() as db:
            return db.execute(sql, params).fetchall()

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """This thread's connection for reads, with the errors named as for a write."""
        db = self.conn()
        with self._errors("read"):
            yield db

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One transaction holding the write lock from its first statement: what it reads
        is what it commits against."""
        db = self.conn()
        with self._errors("write"):
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    def close(self) -> None:
        with self._lock:
            for db in self._opened:
                db.close()
            self._opened.clear()
        self._local = threading.local()

    @contextmanager
    def _errors(self, doing: str) -> Iterator[None]:
        try:
            yield
        except sqlite3.OperationalError as exc:
            text = str(exc)
            if "locked" in text or "busy" in text:
                raise StorageError(
                    f"{self.path}: the {self.what} is busy (another program has been "
                    f"writing to it for {self.busy_seconds:.0f} s); nothing was written, "
                    "try again"
                ) from None
            if "readonly" in text:
                raise StorageError(
                    f"{self.path}: the {self.what} cannot be written (the file or its folder "
                    "is read-only); nothing was written"
                ) from None
            if "unable to open" in text:
                raise StorageError(
                    f"{self.path}: cannot open the {self.what} (no such folder, or no permission)"
                ) from None
            raise StorageError(f"{self.path}: cannot {doing} the {self.what} ({text})") from None
        except sqlite3.DatabaseError as exc:
            raise StorageError(
                f"{self.path}: not a usable {self.what} database ({exc}); restore it from a "
                "backup, or move it away to start a new one"
            ) from None
