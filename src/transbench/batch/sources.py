"""Finding the documents in a batch's inputs: files, folders, zip/tar archives, JSONL.

Archives are read member by member and never extracted to disk. Members with absolute
paths or `..` are refused (they would escape the output folder), links are skipped, and
limits on member count, total size and compression ratio stop archive bombs.
"""

from __future__ import annotations

import fnmatch
import json
import re
import tarfile
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from transbench.errors import InputError

DOCUMENT_SUFFIXES = (".txt", ".md", ".html", ".htm", ".docx")
_ARCHIVE_SUFFIXES = (".zip", ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz")
_SAFE_ID = re.compile(r"[^\w.-]+")


@dataclass(frozen=True)
class Limits:
    max_members: int = 10_000
    max_total_bytes: int = 1 << 30  # uncompressed, per archive
    max_ratio: float = 100.0  # uncompressed / compressed, per member
    ratio_min_bytes: int = 1 << 20  # small text compresses well; judge the ratio above this

    def too_compressed(self, size: int, compressed: int) -> float | None:
        """The ratio of a part that packed far better than text does (a bomb), else None."""
        ratio = size / max(compressed, 1)
        return ratio if ratio > self.max_ratio and size > self.ratio_min_bytes else None


@dataclass(frozen=True)
class SourceDoc:
    """One document to translate. `rel` is where its outputs go, relative to the output
    folder; `read` returns its bytes (or raises); `error` marks a document that could not
    even be listed (a refused archive member, say)."""

    key: str
    rel: PurePosixPath
    read: Callable[[], bytes]
    error: str | None = None


@dataclass(frozen=True)
class Selection:
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    text_field: str = "text"
    id_field: str | None = "id"
    limits: Limits = Limits()

    def wants(self, rel: PurePosixPath) -> bool:
        name = str(rel)
        if self.include and not any(
            fnmatch.fnmatch(name, g) or fnmatch.fnmatch(rel.name, g) for g in self.include
        ):
            return False
        return not any(
            fnmatch.fnmatch(name, g) or fnmatch.fnmatch(rel.name, g) for g in self.exclude
        )


def is_collection(path: Path) -> bool:
    """A folder, archive or JSONL file: an input that holds several documents."""
    name = path.name.lower()
    return path.is_dir() or name.endswith(".jsonl") or _is_archive(name)


def _is_archive(name: str) -> bool:
    return name.lower().endswith(_ARCHIVE_SUFFIXES)


def _archive_stem(name: str) -> str:
    lower = name.lower()
    for suffix in sorted(_ARCHIVE_SUFFIXES, key=len, reverse=True):
        if lower.endswith(suffix):
            return name[: -len(suffix)]
    return name


def discover(inputs: Sequence[str | Path], selection: Selection) -> Iterator[SourceDoc]:
    for raw in inputs:
        path = Path(raw)
        if path.is_dir():
            for child in sorted(p for p in path.rglob("*") if p.is_file() and not p.is_symlink()):
                rel = PurePosixPath(path.name, *child.relative_to(path).parts)
                yield from _from_file(child, rel, selection)
        elif path.is_file():
            yield from _from_file(path, PurePosixPath(path.name), selection, explicit=True)
        else:
            raise InputError(f"{path}: no such file or folder")


def _from_file(
    path: Path, rel: PurePosixPath, sel: Selection, explicit: bool = False
) -> Iterator[SourceDoc]:
    name = path.name.lower()
    if _is_archive(name):
        yield from _from_archive(path, rel.parent / _archive_stem(rel.name), sel)
    elif name.endswith(".jsonl"):
        yield from _from_jsonl(str(path), path.read_bytes, rel, sel)
    elif (explicit or name.endswith(DOCUMENT_SUFFIXES)) and (explicit or sel.wants(rel)):
        yield SourceDoc(str(path), rel, path.read_bytes)


def _from_jsonl(
    key: str,
    read: Callable[[], bytes],
    rel: PurePosixPath,
    sel: Selection,
    max_records: int | None = None,
) -> Iterator[SourceDoc]:
    """One document per record. `max_records` bounds a JSONL inside an archive, whose
    records count against the archive's member limit (a small zip of empty records must
    not become a million documents)."""
    folder = rel.parent / rel.name.removesuffix(".jsonl")
    try:
        lines = read().decode("utf-8-sig").splitlines()
    except (OSError, InputError, UnicodeDecodeError) as exc:
        yield SourceDoc(key, folder, read, f"cannot read JSONL ({exc})")
        return
    if max_records is not None:
        count = sum(1 for line in lines if line.strip())
        if count > max_records:
            yield SourceDoc(
                key,
                folder,
                bytes,
                f"JSONL has {count:,} records, over the {max_records:,} documents the "
                "archive may still hold; nothing was read from it",
            )
            return
    seen: set[str] = set()
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        where = f"{key}:{number}"
        try:
            record = json.loads(line)
            text = record[sel.text_field]
            if not isinstance(text, str):
                raise TypeError(f"field '{sel.text_field}' is not a string")
        except (ValueError, KeyError, TypeError) as exc:
            message = f"field '{sel.text_field}' missing" if isinstance(exc, KeyError) else exc
            yield SourceDoc(where, folder / f"line-{number}", bytes, f"bad JSONL record: {message}")
            continue
        ident = str(record.get(sel.id_field, number)) if sel.id_field else str(number)
        safe = _SAFE_ID.sub("_", ident).strip("._") or f"line-{number}"
        if safe in seen:
            safe = f"{safe}-line-{number}"
        seen.add(safe)
        data = text.encode("utf-8")
        yield SourceDoc(where, folder / safe, lambda data=data: data)


def _member_problem(name: str) -> str | None:
    parts = PurePosixPath(name.replace("\\", "/")).parts
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name) or ".." in parts:
        return "unsafe path (absolute or '..'): refused, it would escape the output folder"
    return None


def _from_archive(path: Path, folder: PurePosixPath, sel: Selection) -> Iterator[SourceDoc]:
    key = str(path)
    try:
        if zipfile.is_zipfile(path):
            yield from _zip_members(path, folder, sel)
        elif tarfile.is_tarfile(path):
            yield from _tar_members(path, folder, sel)
        else:
            yield SourceDoc(key, folder, bytes, "not a readable zip or tar archive")
    except (OSError, zipfile.BadZipFile, tarfile.TarError, EOFError) as exc:
        yield SourceDoc(key, folder, bytes, f"broken archive ({exc})")


def _check_totals(count: int, total: int, limits: Limits) -> str | None:
    if count > limits.max_members:
        return (
            f"archive has {count} members, over the limit of {limits.max_members}; "
            "nothing was read from it"
        )
    if total > limits.max_total_bytes:
        return (
            f"archive would unpack to {total:,} bytes, over the limit of "
            f"{limits.max_total_bytes:,}; nothing was read from it"
        )
    return None


def _zip_members(path: Path, folder: PurePosixPath, sel: Selection) -> Iterator[SourceDoc]:
    with zipfile.ZipFile(path) as zf:
        infos = [i for i in zf.infolist() if not i.is_dir()]
        total = sum(i.file_size for i in infos)
    problem = _check_totals(len(infos), total, sel.limits)
    if problem:
        yield SourceDoc(str(path), folder, bytes, problem)
        return
    seen: Counter[str] = Counter()
    budget = _Budget(sel.limits.max_members)
    for info in infos:
        seen[info.filename] += 1
        yield from budget.count(
            _member(
                path,
                folder,
                sel,
                info.filename,
                info.file_size,
                info.compress_size,
                is_link=(info.external_attr >> 16) & 0o170000 == 0o120000,
                read=lambda info=info: _read_zip(path, info, sel.limits),
                copy=seen[info.filename],
                budget=budget,
            )
        )


def _read_zip(path: Path, info: zipfile.ZipInfo, limits: Limits) -> bytes:
    with zipfile.ZipFile(path) as zf, zf.open(info) as fh:
        return _bounded(fh.read(limits.max_total_bytes + 1), limits)


def _bounded(data: bytes, limits: Limits) -> bytes:
    if len(data) > limits.max_total_bytes:
        raise InputError("member unpacks to more than the size limit")
    return data


class _Budget:
    """How many more documents an archive may yield: its members and the records of the
    JSONL files inside it all count."""

    def __init__(self, limit: int) -> None:
        self.left = limit

    def count(self, docs: Iterator[SourceDoc]) -> Iterator[SourceDoc]:
        for doc in docs:
            self.left -= 1
            yield doc


def _tar_members(path: Path, folder: PurePosixPath, sel: Selection) -> Iterator[SourceDoc]:
    limits = sel.limits
    files: list[tarfile.TarInfo] = []
    total = 0
    with tarfile.open(path, "r|*") as tf:
        # Headers only, and only up to the limit: a tar of 300,000 empty members is refused
        # after reading 10,001 headers, not after listing all of them.
        while (m := tf.next()) is not None and len(files) <= limits.max_members:
            if not m.isdir():
                files.append(m)
                total += m.size if m.isfile() else 0
    problem = _check_totals(len(files), total, limits)
    if problem:
        if len(files) > limits.max_members:
            problem = problem.replace(f"has {len(files)} members", "has more members")
        yield SourceDoc(str(path), folder, bytes, problem)
        return
    compressed = max(path.stat().st_size, 1)
    stream = _TarStream(path, limits)
    seen: Counter[str] = Counter()
    budget = _Budget(limits.max_members)
    for m in files:
        seen[m.name] += 1
        # A tar is compressed as a whole; the archive size bounds each member's ratio.
        yield from budget.count(
            _member(
                path,
                folder,
                sel,
                m.name,
                m.size,
                compressed,
                is_link=not m.isfile(),
                read=lambda m=m: stream.read(m.offset),
                copy=seen[m.name],
                budget=budget,
            )
        )


class _TarStream:
    """A tar's members read in one forward pass. A compressed tar cannot seek: opening it
    again for each member decompressed it from the start every time (800 members of a
    .tar.gz took 166 s). Documents are read in archive order, so one stream serves them
    all; a read behind the stream's position (a retry) starts a new one."""

    def __init__(self, path: Path, limits: Limits) -> None:
        self.path = path
        self.limits = limits
        self.tar: tarfile.TarFile | None = None
        self.position = -1

    def read(self, offset: int) -> bytes:
        if self.tar is None or offset <= self.position:
            self.close()
            self.tar = tarfile.open(self.path, "r|*")  # noqa: SIM115 - open across reads
        while (member := self.tar.next()) is not None:
            self.position = member.offset
            if member.offset == offset:
                fh = self.tar.extractfile(member)
                if fh is None:
                    raise InputError("not a regular file")
                return _bounded(fh.read(self.limits.max_total_bytes + 1), self.limits)
            if member.offset > offset:
                break
        self.close()
        raise InputError("member not found when the archive was read again")

    def close(self) -> None:
        if self.tar is not None:
            self.tar.close()
        self.tar, self.position = None, -1


def _member(
    path: Path,
    folder: PurePosixPath,
    sel: Selection,
    name: str,
    size: int,
    compressed: int,
    is_link: bool,
    read: Callable[[], bytes],
    copy: int,
    budget: _Budget,
) -> Iterator[SourceDoc]:
    # An archive may hold one name twice: each copy is a document of its own.
    key = f"{path}!{name}" + (f"#{copy}" if copy > 1 else "")
    problem = _member_problem(name)
    rel = folder / name.replace("\\", "/").lstrip("/") if problem is None else folder / "refused"
    if problem:
        yield SourceDoc(key, rel, bytes, problem)
        return
    if is_link:
        return  # links are not followed, and not documents
    jsonl = name.lower().endswith(".jsonl")
    if not jsonl and (not name.lower().endswith(DOCUMENT_SUFFIXES) or not sel.wants(rel)):
        return
    if ratio := sel.limits.too_compressed(size, compressed):
        yield SourceDoc(
            key,
            rel,
            bytes,
            f"compression ratio {ratio:.0f}:1 is over "
            f"the limit of {sel.limits.max_ratio:.0f}:1 (a possible zip bomb)",
        )
        return
    if size > sel.limits.max_total_bytes:
        yield SourceDoc(key, rel, bytes, "member is over the size limit")
        return
    if jsonl:
        yield from _from_jsonl(key, read, rel, sel, max_records=budget.left)
        return
    yield SourceDoc(key, rel, read)
