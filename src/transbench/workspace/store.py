"""Documents, segments, edits and statuses in SQLite, so no edit is ever lost.

Every change is written as it is made, with a history entry (who, when, what) that `undo`
can go back to. Each segment carries a version: a save names the version the editor loaded,
and a save against a segment someone else changed since is refused with both texts in the
message (optimistic concurrency), never silently overwritten.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from transbench import qa
from transbench.errors import TransbenchError
from transbench.export.document import BilingualDocument, BilingualUnit
from transbench.memory import TranslationMemory
from transbench.sqlitedb import BUSY_SECONDS, Database

# Where a document is in the desk's workflow (see DocumentInfo.stage).
STAGES = ("new", "drafting", "in translation", "in revision", "done")
# A translator confirms a segment (done, as far as they are concerned); a reviser approves
# it (signed off). Both count as translated in a bilingual export.
STATUSES = ("draft", "edited", "confirmed", "approved")
_EXPORT_STATUS = {
    "draft": "draft",
    "edited": "translated",
    "confirmed": "translated",
    "approved": "approved",
}

_SCHEMA = """
CREATE TABLE IF NOT EXISTS documents (
    id INTEGER PRIMARY KEY, name TEXT NOT NULL, source_text TEXT NOT NULL,
    model TEXT NOT NULL, created REAL NOT NULL, updated REAL NOT NULL,
    assignee TEXT NOT NULL DEFAULT '');
CREATE TABLE IF NOT EXISTS segments (
    doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    seg_id INTEGER NOT NULL, source TEXT NOT NULL, start INTEGER NOT NULL,
    "end" INTEGER NOT NULL, paragraph INTEGER NOT NULL, lang TEXT NOT NULL,
    pass_through INTEGER NOT NULL, target TEXT NOT NULL, status TEXT NOT NULL,
    version INTEGER NOT NULL, origin TEXT NOT NULL, terms TEXT NOT NULL, qa TEXT NOT NULL,
    PRIMARY KEY (doc_id, seg_id));
CREATE TABLE IF NOT EXISTS history (
    id INTEGER PRIMARY KEY, doc_id INTEGER NOT NULL, seg_id INTEGER NOT NULL,
    version INTEGER NOT NULL, target TEXT NOT NULL, status TEXT NOT NULL,
    editor TEXT NOT NULL, action TEXT NOT NULL, at REAL NOT NULL,
    FOREIGN KEY (doc_id, seg_id) REFERENCES segments(doc_id, seg_id) ON DELETE CASCADE);
CREATE INDEX IF NOT EXISTS history_segment ON history(doc_id, seg_id, version);
CREATE TABLE IF NOT EXISTS comments (
    id INTEGER PRIMARY KEY, doc_id INTEGER NOT NULL, seg_id INTEGER NOT NULL,
    author TEXT NOT NULL, text TEXT NOT NULL, at REAL NOT NULL, resolved_by TEXT,
    FOREIGN KEY (doc_id, seg_id) REFERENCES segments(doc_id, seg_id) ON DELETE CASCADE);
CREATE INDEX IF NOT EXISTS comments_segment ON comments(doc_id, seg_id);
CREATE TABLE IF NOT EXISTS counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
"""
_COLUMNS = (
    'doc_id, seg_id, source, start, "end", paragraph, lang, pass_through, target, '
    "status, version, origin, terms, qa"
)


@dataclass(frozen=True)
class StoredSegment:
    doc_id: int
    id: int
    source: str
    start: int
    end: int
    paragraph: int
    lang: str
    pass_through: bool
    target: str
    status: str
    version: int
    origin: str
    terms: tuple[dict[str, Any], ...]
    qa: tuple[dict[str, Any], ...]


@dataclass(frozen=True)
class HistoryEntry:
    version: int
    target: str
    status: str
    editor: str
    action: str
    at: float


@dataclass(frozen=True)
class Comment:
    """A query or answer about a segment, between translator and reviser."""

    id: int
    seg_id: int
    author: str
    text: str
    at: float
    resolved_by: str | None


@dataclass(frozen=True)
class DocumentInfo:
    id: int
    name: str
    model: str
    created: float
    updated: float
    segments: int  # to translate (English passages passed through are not counted)
    approved: int
    assignee: str = ""  # who is working on it, as the desk assigned it
    words: int = 0  # Arabic words to translate (passed-through units not counted)
    by_status: tuple[tuple[str, int], ...] = ()  # translatable segments per status

    @property
    def stage(self) -> str:
        """Where the document is in the desk's workflow."""
        counts = dict(self.by_status)
        total = sum(counts.values())
        if counts.get("waiting"):
            return "drafting"
        if total and counts.get("approved", 0) == total:
            return "done"
        if total and counts.get("approved", 0) + counts.get("confirmed", 0) == total:
            return "in revision"
        if counts.get("edited") or counts.get("confirmed") or counts.get("approved"):
            return "in translation"
        return "new"


# Who may make a change: (segment as it is, new text, new status, action) → raises if not.
Guard = Callable[["StoredSegment", str, str, str], None]


class VersionConflict(TransbenchError):
    """Someone else changed the segment after this editor loaded it."""

    def __init__(
        self, current: StoredSegment, editor: str, attempted: str, changed_by: str
    ) -> None:
        super().__init__(
            f"segment {current.id} was changed by {changed_by} while you ({editor}) were "
            f"editing it; your text was not saved over theirs (it is kept in the history and "
            f"in your box: save again to replace theirs).\n  theirs (version "
            f"{current.version}): {current.target}\n  yours: {attempted}"
        )
        self.current = current
        self.attempted = attempted
        self.changed_by = changed_by


class DocumentGone(TransbenchError):
    """The document was deleted, perhaps by someone else while this person edited it."""

    def __init__(self, doc_id: int, attempted: str | None = None) -> None:
        message = f"no document {doc_id} in the workspace: it was deleted"
        if attempted is not None:
            message += f" while you were editing it; your text was not saved:\n  {attempted}"
        super().__init__(message)
        self.attempted = attempted


def requirement(t: dict[str, Any]) -> qa.Term:
    """A stored glossary hit as the requirement it puts on the English (workspaces from
    before forms and number lack those keys)."""
    return qa.Term(
        t["ar"],
        t["en"],
        tuple(t["forbidden"]),
        tuple(t.get("alternatives", ())),
        t.get("enforce", "hard"),
        tuple(t.get("derived", ())),
        t.get("number", ""),
    )


def _qa_terms(seg: StoredSegment) -> tuple[qa.Term, ...]:
    return tuple(requirement(t) for t in seg.terms)


def stored_terms(hits) -> list[dict[str, Any]]:
    """Glossary hits as stored with a segment (what highlights and term QA need)."""
    return [
        {
            "ar": h.ar,
            "en": h.en,
            "forbidden": list(h.en_forbidden),
            "alternatives": list(h.en_alternatives),
            "enforce": h.enforce,
            "derived": list(h.en_derived),
            "number": h.number,
            # The glossary file the entry is in (its name without .csv), so the editor can
            # add a form to it; workspaces from before this lack it.
            "glossary": h.glossary,
            "start": h.start,
            "end": h.end,
        }
        for h in hits
    ]


def _segment(row: tuple) -> StoredSegment:
    *head, pass_through, target, status, version, origin, terms, findings = row
    return StoredSegment(
        *head,
        bool(pass_through),
        target,
        status,
        version,
        origin,
        tuple(json.loads(terms)),
        tuple(json.loads(findings)),
    )


class Workspace:
    def __init__(
        self,
        path: str | Path,
        memory: TranslationMemory | None = None,
        busy_seconds: float = BUSY_SECONDS,
    ) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self.memory = memory
        self._db = Database(self.path, _SCHEMA, "workspace", busy_seconds)
        self._upgrade()

    def _upgrade(self) -> None:
        """Bring a workspace made by an older transbench up to date, keeping its data."""
        columns = {r[1] for r in self._db.read("PRAGMA table_info(documents)")}
        if "assignee" not in columns:
            with self._db.write() as db:
                db.execute("ALTER TABLE documents ADD COLUMN assignee TEXT NOT NULL DEFAULT ''")
        if not self._db.read("SELECT 1 FROM counters WHERE name = 'documents'"):
            # Ids are never given out again (see `_next_document_id`): a workspace from
            # before the counter starts it at its highest id.
            with self._db.write() as db:
                db.execute(
                    "INSERT OR IGNORE INTO counters (name, value) "
                    "SELECT 'documents', COALESCE(MAX(id), 0) FROM documents"
                )

    @staticmethod
    def _next_document_id(db) -> int:
        """A document id never given out before in this workspace, deleted ones included:
        a page, an autosave or a drafting job still holding a deleted document's id must
        never reach a new document (SQLite's own rowid reuses the highest id once that
        row is deleted). Called inside the write transaction that inserts it."""
        ((counter,),) = db.execute(
            "SELECT COALESCE((SELECT value FROM counters WHERE name = 'documents'), 0)"
        ).fetchall()
        ((top,),) = db.execute("SELECT COALESCE(MAX(id), 0) FROM documents").fetchall()
        doc_id = max(counter, top) + 1
        db.execute(
            "INSERT INTO counters (name, value) VALUES ('documents', ?) "
            "ON CONFLICT(name) DO UPDATE SET value = excluded.value",
            (doc_id,),
        )
        return doc_id

    def close(self) -> None:
        self._db.close()

    def create_document(self, name: str, result, editor: str = "transbench") -> int:
        """Store a `pipeline.TranslationResult` as a new document of drafts."""
        doc_id = self.create_pending(
            name, result.source, result.model, [d.segment for d in result.drafts]
        )
        self.fill_drafts(doc_id, result.drafts, editor)
        return doc_id

    def create_pending(self, name: str, source_text: str, model: str, segments) -> int:
        """A document whose segments wait for drafts (version 0, empty target), so the
        editor can show it at once and fill it as batches finish."""
        now = time.time()
        with self._db.write() as db:
            doc_id = self._next_document_id(db)
            db.execute(
                "INSERT INTO documents (id, name, source_text, model, created, updated) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (doc_id, name, source_text, model, now, now),
            )
            db.executemany(
                f"INSERT INTO segments ({_COLUMNS}) VALUES ({', '.join('?' * 14)})",
                [
                    (
                        doc_id,
                        s.id,
                        s.text,
                        s.start,
                        s.end,
                        s.paragraph,
                        s.lang,
                        int(not s.translate),
                        "",
                        "draft",
                        0,
                        "pending",
                        "[]",
                        "[]",
                    )
                    for s in segments
                ],
            )
        return doc_id

    def created(self, doc_id: int) -> float | None:
        """When the document was made (what tells it from any other, with its id), or
        None if it is gone."""
        found = self._db.read("SELECT created FROM documents WHERE id = ?", (doc_id,))
        return found[0][0] if found else None

    def fill_drafts(
        self, doc_id: int, drafts, editor: str = "transbench", created: float | None = None
    ) -> None:
        """Put machine drafts into pending segments (version 0 → 1); edits are never touched.
        With `created` (see `created`), the drafts go only into the document they were
        made for: if it was deleted meanwhile, DocumentGone and nothing is written."""
        now = time.time()
        with self._db.write() as db:
            if created is not None:
                found = db.execute(
                    "SELECT created FROM documents WHERE id = ?", (doc_id,)
                ).fetchone()
                if found is None or found[0] != created:
                    raise DocumentGone(doc_id)
            for d in drafts:
                terms = stored_terms([t.hit for t in d.terms])
                status = "approved" if d.pass_through else "draft"
                filled = db.execute(
                    "UPDATE segments SET target = ?, status = ?, version = 1, origin = ?, "
                    "terms = ?, qa = ? WHERE doc_id = ? AND seg_id = ? AND version = 0",
                    (
                        d.target,
                        status,
                        d.origin,
                        json.dumps(terms, ensure_ascii=False),
                        json.dumps([f.to_dict() for f in d.qa], ensure_ascii=False),
                        doc_id,
                        d.segment.id,
                    ),
                ).rowcount
                if filled:
                    db.execute(
                        "INSERT INTO history (doc_id, seg_id, version, target, status, editor, "
                        "action, at) VALUES (?, ?, 1, ?, ?, ?, 'drafted', ?)",
                        (doc_id, d.segment.id, d.target, status, editor, now),
                    )

    def documents(self, doc_id: int | None = None) -> list[DocumentInfo]:
        """Every document, newest first, or just `doc_id` (an empty list if it is gone)."""
        rows = self._db.read(
            "SELECT d.id, d.name, d.model, d.created, d.updated, "
            "COALESCE(SUM(NOT s.pass_through), 0), "
            "COALESCE(SUM(s.status = 'approved' AND NOT s.pass_through), 0), d.assignee "
            "FROM documents d "
            "LEFT JOIN segments s ON s.doc_id = d.id WHERE ? IS NULL OR d.id = ? "
            "GROUP BY d.id ORDER BY d.updated DESC",
            (doc_id, doc_id),
        )
        words: dict[int, int] = {}
        statuses: dict[int, dict[str, int]] = {}
        for d, status, version, source in self._db.read(
            "SELECT doc_id, status, version, source FROM segments WHERE pass_through = 0 "
            "AND (? IS NULL OR doc_id = ?)",
            (doc_id, doc_id),
        ):
            words[d] = words.get(d, 0) + len(source.split())
            per = statuses.setdefault(d, {})
            key = "waiting" if version == 0 else status
            per[key] = per.get(key, 0) + 1
        return [
            DocumentInfo(*r, words.get(r[0], 0), tuple(sorted(statuses.get(r[0], {}).items())))
            for r in rows
        ]

    def assign(self, doc_id: int, person: str) -> None:
        """Say who works on a document ("" for nobody)."""
        with self._db.write() as db:
            if not db.execute(
                "UPDATE documents SET assignee = ? WHERE id = ?", (person.strip(), doc_id)
            ).rowcount:
                raise DocumentGone(doc_id)

    def document(self, doc_id: int) -> DocumentInfo:
        found = self.documents(doc_id)
        if not found:
            raise TransbenchError(f"no document {doc_id} in {self.path}")
        return found[0]

    def segments(self, doc_id: int) -> list[StoredSegment]:
        rows = self._db.read(
            f"SELECT {_COLUMNS} FROM segments WHERE doc_id = ? ORDER BY seg_id", (doc_id,)
        )
        if not rows and not self._db.read("SELECT 1 FROM documents WHERE id = ?", (doc_id,)):
            raise DocumentGone(doc_id)
        return [_segment(r) for r in rows]

    def segment(self, doc_id: int, seg_id: int) -> StoredSegment:
        with self._db.reading() as db:
            return self._segment_in(db, doc_id, seg_id)

    def _segment_in(self, db, doc_id: int, seg_id: int) -> StoredSegment:
        row = db.execute(
            f"SELECT {_COLUMNS} FROM segments WHERE doc_id = ? AND seg_id = ?", (doc_id, seg_id)
        ).fetchone()
        if row is None:
            if db.execute("SELECT 1 FROM documents WHERE id = ?", (doc_id,)).fetchone() is None:
                raise DocumentGone(doc_id)
            raise TransbenchError(f"no segment {seg_id} in document {doc_id}")
        return _segment(row)

    def save(
        self,
        doc_id: int,
        seg_id: int,
        target: str,
        version: int,
        editor: str,
        status: str = "edited",
        action: str = "edited",
        to_memory: bool = True,
        origin: str | None = None,
        guard: Guard | None = None,
    ) -> StoredSegment:
        """Write an edit made on top of `version`; refuse it if the segment moved on. An
        approval goes into the translation memory unless `to_memory` is off (bulk
        approval of drafts no one read). `origin` records where new text came from (a
        fresh model draft, a memory match a person took); None keeps it. `guard` (who may
        make this change) is called inside the write transaction with the segment as it
        is then, the new text, status and action; what it raises refuses the write."""
        if status not in STATUSES:
            raise TransbenchError(f"status must be one of {', '.join(STATUSES)}")
        if status in ("confirmed", "approved") and not target.strip():
            raise TransbenchError(f"segment {seg_id} has no English yet; nothing to {status[:-1]}")
        now = time.time()
        try:
            with self._db.write() as db:
                # The version is checked and the new one written under one write lock:
                # two saves on one version can never both be accepted.
                current = self._segment_in(db, doc_id, seg_id)
                refused = current.version != version
                if not refused and guard is not None:
                    guard(current, target, status, action)
                if not refused:
                    findings = qa.check(
                        qa.QAUnit(current.source, target, _qa_terms(current), current.pass_through)
                    )
                    db.execute(
                        "UPDATE segments SET target = ?, status = ?, qa = ?, version = ?, "
                        "origin = COALESCE(?, origin) WHERE doc_id = ? AND seg_id = ?",
                        (
                            target,
                            status,
                            json.dumps([f.to_dict() for f in findings], ensure_ascii=False),
                            version + 1,
                            origin,
                            doc_id,
                            seg_id,
                        ),
                    )
                    db.execute("UPDATE documents SET updated = ? WHERE id = ?", (now, doc_id))
                # What was typed goes into the history either way: a refused save too.
                db.execute(
                    "INSERT INTO history (doc_id, seg_id, version, target, status, editor, "
                    "action, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    (
                        doc_id,
                        seg_id,
                        current.version if refused else version + 1,
                        target,
                        status,
                        editor,
                        "refused" if refused else action,
                        now,
                    ),
                )
        except DocumentGone as gone:
            raise DocumentGone(doc_id, target) from gone
        if refused:
            changes = self.changes(doc_id, seg_id)
            raise VersionConflict(current, editor, target, changes[-1].editor)
        saved = self.segment(doc_id, seg_id)
        if status == "approved" and to_memory and self.memory and not saved.pass_through:
            self.memory.add([(saved.source, saved.target)], origin=f"approved:{editor}")
        return saved

    def approve(
        self,
        doc_id: int,
        seg_id: int,
        version: int,
        editor: str,
        to_memory: bool = True,
        guard: Guard | None = None,
    ) -> StoredSegment:
        """Approve the current text; approved units go into the translation memory."""
        current = self.segment(doc_id, seg_id)
        return self.save(
            doc_id,
            seg_id,
            current.target,
            version,
            editor,
            "approved",
            "approved",
            to_memory,
            guard=guard,
        )

    def confirm(
        self, doc_id: int, seg_id: int, version: int, editor: str, guard: Guard | None = None
    ) -> StoredSegment:
        """A translator's "done" on the current text; only approvals feed the memory."""
        current = self.segment(doc_id, seg_id)
        return self.save(
            doc_id,
            seg_id,
            current.target,
            version,
            editor,
            "confirmed",
            "confirmed",
            False,
            guard=guard,
        )

    def revert_to_draft(
        self, doc_id: int, seg_id: int, version: int, editor: str, guard: Guard | None = None
    ) -> StoredSegment:
        """Back to the machine draft (the first version), status draft."""
        first = self.history(doc_id, seg_id)[0]
        return self.save(
            doc_id, seg_id, first.target, version, editor, "draft", "reverted", guard=guard
        )

    def undo(
        self, doc_id: int, seg_id: int, version: int, editor: str, guard: Guard | None = None
    ) -> StoredSegment:
        """Go back one change (itself a new version). Undo again steps back one more, the
        way an editor's undo does, instead of undoing the undo; an edit after an undo
        starts from where the undo left the text."""
        before = self.undo_target(doc_id, seg_id)
        return self.save(
            doc_id, seg_id, before.target, version, editor, before.status, "undo", guard=guard
        )

    def undo_target(self, doc_id: int, seg_id: int) -> HistoryEntry:
        """The version an undo would bring back (text and status)."""
        reachable: list[HistoryEntry] = []
        at = -1
        for entry in self.changes(doc_id, seg_id):
            if entry.action == "undo":
                at -= 1
            else:
                reachable = [*reachable[: at + 1], entry]
                at = len(reachable) - 1
        if at < 1:
            raise TransbenchError(f"segment {seg_id} has no change to undo")
        return reachable[at - 1]

    def set_terms(self, doc_id: int, seg_id: int, hits) -> StoredSegment:
        """Replace a segment's glossary hits (after a glossary edit) and re-run QA; an
        annotation, not an edit, so the version stays."""
        current = self.segment(doc_id, seg_id)
        terms = stored_terms(hits)
        checks = tuple(qa.Term.from_hit(h) for h in hits)
        findings = qa.check(qa.QAUnit(current.source, current.target, checks, current.pass_through))
        with self._db.write() as db:
            db.execute(
                "UPDATE segments SET terms = ?, qa = ? WHERE doc_id = ? AND seg_id = ?",
                (
                    json.dumps(terms, ensure_ascii=False),
                    json.dumps([f.to_dict() for f in findings], ensure_ascii=False),
                    doc_id,
                    seg_id,
                ),
            )
        return self.segment(doc_id, seg_id)

    def history(self, doc_id: int, seg_id: int) -> list[HistoryEntry]:
        rows = self._db.read(
            "SELECT version, target, status, editor, action, at FROM history WHERE doc_id = ? "
            "AND seg_id = ? ORDER BY version, id",
            (doc_id, seg_id),
        )
        return [HistoryEntry(*r) for r in rows]

    def changes(self, doc_id: int, seg_id: int) -> list[HistoryEntry]:
        """The history without refused saves: the versions the segment really had."""
        return [e for e in self.history(doc_id, seg_id) if e.action != "refused"]

    def add_comment(self, doc_id: int, seg_id: int, author: str, text: str) -> Comment:
        if not text.strip():
            raise TransbenchError("write the comment first")
        now = time.time()
        with self._db.write() as db:
            self._segment_in(db, doc_id, seg_id)  # the segment (and document) must be there
            cur = db.execute(
                "INSERT INTO comments (doc_id, seg_id, author, text, at) VALUES (?, ?, ?, ?, ?)",
                (doc_id, seg_id, author, text.strip(), now),
            )
        return Comment(cur.lastrowid, seg_id, author, text.strip(), now, None)

    def comments(self, doc_id: int, seg_id: int) -> list[Comment]:
        rows = self._db.read(
            "SELECT id, seg_id, author, text, at, resolved_by FROM comments "
            "WHERE doc_id = ? AND seg_id = ? ORDER BY id",
            (doc_id, seg_id),
        )
        return [Comment(*r) for r in rows]

    def resolve_comment(self, doc_id: int, comment_id: int, by: str) -> None:
        with self._db.write() as db:
            if not db.execute(
                "UPDATE comments SET resolved_by = ? WHERE doc_id = ? AND id = ?",
                (by, doc_id, comment_id),
            ).rowcount:
                raise TransbenchError(f"no comment {comment_id} in document {doc_id}")

    def open_comments(self, doc_id: int, seg_id: int | None = None) -> dict[int, int]:
        """How many comments are still open, per segment (of one segment, or all)."""
        rows = self._db.read(
            "SELECT seg_id, COUNT(*) FROM comments WHERE doc_id = ? AND resolved_by IS NULL "
            "AND (? IS NULL OR seg_id = ?) GROUP BY seg_id",
            (doc_id, seg_id, seg_id),
        )
        return dict(rows)

    def finished_segments(self) -> list[tuple[str, int, str, str]]:
        """(document name, segment, Arabic, English) of every confirmed or approved
        segment, the most recently worked documents first (for concordance)."""
        return self._db.read(
            "SELECT d.name, s.seg_id, s.source, s.target FROM segments s "
            "JOIN documents d ON d.id = s.doc_id WHERE s.status IN ('confirmed', 'approved') "
            "AND s.pass_through = 0 ORDER BY d.updated DESC, s.doc_id, s.seg_id"
        )

    def rename(self, doc_id: int, name: str) -> None:
        with self._db.write() as db:
            if not db.execute(
                "UPDATE documents SET name = ?, updated = ? WHERE id = ?",
                (name, time.time(), doc_id),
            ).rowcount:
                raise TransbenchError(f"no document {doc_id} in {self.path}")

    def delete(self, doc_id: int) -> None:
        """Delete a document and all it holds; its id is never given out again."""
        with self._db.write() as db:
            db.execute(
                "UPDATE counters SET value = MAX(value, (SELECT COALESCE(MAX(id), 0) "
                "FROM documents)) WHERE name = 'documents'"
            )
            db.execute("DELETE FROM documents WHERE id = ?", (doc_id,))

    def to_bilingual(self, doc_id: int, approved_only: bool = False) -> BilingualDocument:
        """The document for export: every unit with its status, or only approved ones."""
        found = self._db.read("SELECT name, source_text FROM documents WHERE id = ?", (doc_id,))
        if not found:
            raise TransbenchError(f"no document {doc_id} in {self.path} (was it deleted?)")
        ((name, source),) = found
        units = []
        for s in self.segments(doc_id):
            if approved_only and s.status != "approved":
                continue
            units.append(
                BilingualUnit(
                    s.id,
                    s.source,
                    s.target,
                    s.paragraph,
                    _EXPORT_STATUS[s.status],
                    s.pass_through,
                    tuple(f"QA {f['check']}: {f['message']}" for f in s.qa),
                    tuple((t["start"], t["end"]) for t in s.terms),
                    (),
                    s.start,
                    s.end,
                )
            )
        return BilingualDocument(name, tuple(units), source)
