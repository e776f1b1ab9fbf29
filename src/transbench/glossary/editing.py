"""Edits to glossary files that never lose a concurrent edit or leave a broken file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from transbench.errors import TransbenchError
from transbench.fsutil import atomic_write_bytes, locked
from transbench.glossary.csvfile import GlossaryFile
from transbench.glossary.lint import Finding, has_errors, lint


class GlossaryLintError(TransbenchError):
    """The edited file would fail lint, so it was not written."""

    def __init__(self, path: Path, findings: list[Finding]) -> None:
        errors = [str(f) for f in findings if f.severity == "error"]
        super().__init__(f"{path}: not saved, the edit fails lint:\n  " + "\n  ".join(errors))
        self.findings = findings


def edit(path: str | Path, change: Callable[[GlossaryFile], None]) -> list[Finding]:
    """Apply `change` to the file's current content under its lock, lint, write atomically.

    Returns the lint warnings of the written file. The file is re-read inside the lock, so
    an edit made by another process meanwhile is never overwritten. A symlinked glossary is
    edited where it really lives; no folder is ever created.
    """
    p = Path(path)
    if p.is_symlink():
        p = p.resolve()
    if not p.parent.is_dir():
        raise TransbenchError(f"{p.parent}: no such folder; create it first")
    with locked(p):
        gf = GlossaryFile.load(p) if p.exists() else GlossaryFile(p)
        change(gf)
        findings = lint([gf])
        if has_errors(findings):
            raise GlossaryLintError(p, findings)
        atomic_write_bytes(p, gf.encoded())
    return findings
