"""The editors' workspace: documents, drafts, edits and their history, kept in SQLite."""

from transbench.workspace.store import (
    STAGES,
    Comment,
    DocumentGone,
    DocumentInfo,
    HistoryEntry,
    StoredSegment,
    VersionConflict,
    Workspace,
    requirement,
    stored_terms,
)

__all__ = [
    "STAGES",
    "Comment",
    "DocumentGone",
    "DocumentInfo",
    "HistoryEntry",
    "StoredSegment",
    "VersionConflict",
    "Workspace",
    "requirement",
    "stored_terms",
]
