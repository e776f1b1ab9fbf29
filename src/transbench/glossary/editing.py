"""Edits to glossary files that never lose a concurrent edit or leave a broken file."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from transbench.errors import TransbenchError
from transbench.fsutil import atomic_write_bytes, locked, remove_leftovers
from transbench.glossary.csvfile import GlossaryFile
from transbench.glossary.lint import Finding, has_errors, lint


class GlossaryLintError(TransbenchError):
    """The edited file would fail lint, so it was not written."""

    def __init__(self, path: Path, findings: list[Finding]) -> None:
        errors = [str(f) for f in findings if f.severity == "error"]
        super().__init__(f"{path}: not saved, the edit fails lint:\n  " + "\n  ".join(errors))
        self.findings = findings


def _confined(p: Path, root: Path | None) -> None:
    if root is not None and (p.is_symlink() or not p.resolve().is_relative_to(root.resolve())):
        raise TransbenchError(f"refused: {p.name} is not a glossary file in the glossary folder")


def edit(
    path: str | Path, change: Callable[[GlossaryFile], None], confine_to: Path | None = None
) -> list[Finding]:
    """Apply `change` to the file's current content under its lock, lint, write atomically.

    Returns the lint warnings of the written file. The file is re-read inside the lock, so
    an edit made by another process meanwhile is never overwritten. A symlinked glossary is
    edited where it really lives; no folder is ever created. With `confine_to` (the editor's
    glossary folder), the file is checked again inside the lock and replaced without
    following links, so a link swapped in after the caller's check cannot lead the write
    out of that folder.
    """
    p = Path(path)
    if p.is_symlink() and confine_to is None:
        p = p.resolve()
    if not p.parent.is_dir():
        raise TransbenchError(f"{p.parent}: no such folder; create it first")
    if p.exists() and not os.access(p, os.W_OK):
        raise TransbenchError(f"{p}: the file is read-only; nothing was changed")
    if not os.access(p.parent, os.W_OK):
        raise TransbenchError(f"{p}: its folder is read-only; nothing was changed")
    _confined(p, confine_to)
    with locked(p):
        _confined(p, confine_to)
        remove_leftovers(p.parent, of=p.name)  # from an edit that was killed mid-write
        gf = GlossaryFile.load(p) if p.exists() else GlossaryFile(p)
        change(gf)
        findings = lint([gf])
        if has_errors(findings):
            raise GlossaryLintError(p, findings)
        try:
            atomic_write_bytes(p, gf.encoded(), follow_symlinks=confine_to is None)
        except OSError as exc:  # a full disk: the file is left as it was
            raise TransbenchError(f"{p}: not saved ({exc.strerror or exc})") from None
    return findings
