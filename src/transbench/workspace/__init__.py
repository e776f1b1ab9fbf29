"""The editors' workspace: documents, drafts, edits and their history, kept in SQLite."""

from transbench.workspace.store import (
    DocumentGone,
    DocumentInfo,
    HistoryEntry,
    StoredSegment,
    VersionConflict,
    Workspace,
    stored_terms,
)

__all__ = [
    "DocumentGone",
    "DocumentInfo",
    "HistoryEntry",
    "StoredSegment",
    "VersionConflict",
    "Workspace",
    "stored_terms",
]
