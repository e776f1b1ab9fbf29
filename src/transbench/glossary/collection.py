"""Which glossary files are in force, in what order, and the terms they hold together."""

from __future__ import annotations

import hashlib
import os
import warnings
from collections.abc import Sequence
from pathlib import Path

from transbench.errors import InputError, TransbenchWarning
from transbench.glossary.csvfile import GlossaryFile
from transbench.glossary.matcher import Matcher
from transbench.glossary.normalize import normalize
from transbench.glossary.records import Term

DEFAULT_DIR_ENV = "TRANSBENCH_GLOSSARY_DIR"


def default_dir() -> Path:
    return Path(os.environ.get(DEFAULT_DIR_ENV, "glossary"))


def resolve(paths: Sequence[str | Path] | None) -> list[Path]:
    """Glossary files in precedence order: the first listed wins where two disagree.

    A folder stands for every `*.csv` in it, sorted by name. With no paths, the folder in
    TRANSBENCH_GLOSSARY_DIR, else ./glossary.
    """
    if not paths:
        folder = default_dir()
        if not folder.is_dir():
            raise InputError(
                f"{folder}: no glossary folder here; pass --glossary PATH or set {DEFAULT_DIR_ENV}"
            )
        paths = [folder]
    files: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            files.extend(sorted(p.glob("*.csv")))
        elif p.is_file():
            files.append(p)
        else:
            raise InputError(f"{p}: no such glossary file or folder")
    seen: set[Path] = set()
    unique = []
    for f in files:
        if f.resolve() not in seen:
            seen.add(f.resolve())
            unique.append(f)
    return unique


def load_files(paths: Sequence[str | Path] | None) -> list[GlossaryFile]:
    return [GlossaryFile.load(p) for p in resolve(paths)]


def all_terms(files: Sequence[GlossaryFile]) -> list[Term]:
    """The entries matching and drafting can use: one without Arabic or English (which
    `glossary lint` reports as an error) is left out with a warning, never enforced as an
    empty term."""
    usable = []
    for gf in files:
        for term in gf.terms():
            if term.ar.strip() and term.en.strip():
                usable.append(term)
                continue
            missing = "English" if term.ar.strip() else "Arabic"
            warnings.warn(
                f"{gf.path}:{term.line}: entry without {missing} left out "
                "(`transbench glossary lint` lists such errors)",
                TransbenchWarning,
                stacklevel=2,
            )
    return usable


def build_matcher(paths: Sequence[str | Path] | None) -> Matcher:
    return Matcher(all_terms(load_files(paths)))


def search(files: Sequence[GlossaryFile], query: str) -> list[Term]:
    """Entries whose Arabic forms, English, forbidden renderings or note contain `query`,
    compared after matching normalisation."""
    needle = normalize(query)
    return [
        t
        for gf in files
        for t in gf.terms()
        if any(needle in normalize(f) for f in (*t.source_forms, t.en, *t.en_forbidden, t.note))
    ]


def fingerprint(files: Sequence[GlossaryFile]) -> str:
    """Content hash of the glossaries in force, in order: a cache key part for drafts."""
    digest = hashlib.sha256()
    for gf in files:
        digest.update(gf.name.encode() + b"\0" + gf.encoded() + b"\0")
    return digest.hexdigest()
