"""Finding the documents in a batch's inputs: files, folders, zip/tar archives, JSONL, on
this machine or at an object-store URL (`s3://bucket/wire`, through fsspec).

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
from typing import Any, BinaryIO

from transbench.batch.locations import is_local, local_path, open_url
from transbench.errors import InputError

DOCUMENT_SUFFIXES = (".txt", ".md", ".html", ".htm", ".docx")
_ARCHIVE_SUFFIXES = (".zip", ".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz")
_SAFE_ID = re.compile(r"[^\w.-]+")


@dataclass(frozen=True)
class Limits:
    max_members: int = 10_000
    max_total_bytes: int = 1 << 30  # uncompressed, per archive
    max_ratio: float = 100.0  # uncompressed / compressed, per member
    # One document (a file, or an archive member other than JSONL): a news article is
    # kilobytes; a file this size is a mistake or an attack, and reading it whole would
    # hold it in memory (a 1 GB sparse file reached 2.1 GB before it was refused).
    max_document_bytes: int = 64 << 20
    ratio_min_bytes: int = 1 << 20  # small text compresses well; judge the ratio above this

    def document_too_large(self, size: int) -> str:
        return (
            f"document of {size:,} bytes is over the limit of {self.max_document_bytes:,} "
            "bytes; nothing was read from it"
        )

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
    # Local folders never read as input: the batch's own output folder, when it lies inside
    # an input folder, so that a rerun does not translate its own outputs.
    skip: tuple[Path, ...] = ()

    def wants(self, rel: PurePosixPath) -> bool:
        name = str(rel)
        if self.include and not any(
            fnmatch.fnmatch(name, g) or fnmatch.fnmatch(rel.name, g) for g in self.include
        ):
            return False
        return not any(
            fnmatch.fnmatch(name, g) or fnmatch.fnmatch(rel.name, g) for g in self.exclude
        )


@dataclass(frozen=True)
class _File:
    """A file to read, local or in a store (`fs` is an fsspec file system); `key` names it
    as the user did, a path or a URL."""

    fs: Any
    path: str
    key: str

    @property
    def name(self) -> str:
        return PurePosixPath(self.path).name

    def open(self) -> BinaryIO:
        return self.fs.open(self.path, "rb")

    def read(self) -> bytes:
        return self.fs.cat_file(self.path)

    def size(self) -> int:
        return int(self.fs.size(self.path))


def is_collection(location: str | Path) -> bool:
    """A local folder, archive or JSONL file: an input that holds several documents (the
    command line reads any URL as a batch)."""
    path = local_path(location)
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
    """The documents of `inputs`; one named twice (a file given twice, or with the folder
    that holds it) is listed once, so it is neither translated nor recorded twice."""
    seen: set[str] = set()
    for raw in inputs:
        if is_local(raw):
            found = _discover_local(local_path(raw), selection)
        else:
            found = _discover_url(str(raw), selection)
        for doc in found:
            if doc.key not in seen:
                seen.add(doc.key)
                yield doc


def _discover_local(path: Path, selection: Selection) -> Iterator[SourceDoc]:
    from fsspec.implementations.local import LocalFileSystem

    fs = LocalFileSystem()
    if path.is_dir():
        skip = [s.resolve() for s in selection.skip]
        for child in sorted(p for p in path.rglob("*") if p.is_file() and not p.is_symlink()):
            if any(child.resolve().is_relative_to(s) for s in skip):
                continue
            rel = PurePosixPath(path.name, *child.relative_to(path).parts)
            yield from _from_file(_File(fs, str(child), str(child)), rel, selection)
    elif path.is_file():
        where = _File(fs, str(path), str(path))
        yield from _from_file(where, PurePosixPath(path.name), selection, explicit=True)
    else:
        raise InputError(f"{path}: no such file or folder")


def _discover_url(url: str, selection: Selection) -> Iterator[SourceDoc]:
    fs, root = open_url(url)
    root = root.rstrip("/")
    protocol = url.split("://", 1)[0]
    if fs.isdir(root):
        base = PurePosixPath(root)
        for child in sorted(fs.find(root)):
            rel = PurePosixPath(base.name, *PurePosixPath(child).relative_to(base).parts)
            yield from _from_file(_File(fs, child, fs.unstrip_protocol(child)), rel, selection)
    elif fs.isfile(root):
        where = _File(fs, root, url)
        yield from _from_file(where, PurePosixPath(PurePosixPath(root).name), selection, True)
    else:
        raise InputError(f"{url}: no such file or folder ({protocol} store)")


def _from_file(
    file: _File, rel: PurePosixPath, sel: Selection, explicit: bool = False
) -> Iterator[SourceDoc]:
    name = file.name.lower()
    if _is_archive(name):
        yield from _from_archive(file, rel.parent / _archive_stem(rel.name), sel)
    elif name.endswith(".jsonl"):
        yield from _from_jsonl(file.key, file.read, rel, sel)
    elif (explicit or name.endswith(DOCUMENT_SUFFIXES)) and (explicit or sel.wants(rel)):
        size = file.size()
        if size > sel.limits.max_document_bytes:
            yield SourceDoc(file.key, rel, bytes, sel.limits.document_too_large(size))
        else:
            yield SourceDoc(file.key, rel, file.read)


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


def _from_archive(file: _File, folder: PurePosixPath, sel: Selection) -> Iterator[SourceDoc]:
    key = file.key
    try:
        with file.open() as fh:
            kind = "zip" if zipfile.is_zipfile(fh) else None
        if kind is None:
            with file.open() as fh:
                kind = "tar" if tarfile.is_tarfile(fh) else None
        if kind == "zip":
            yield from _zip_members(file, folder, sel)
        elif kind == "tar":
            yield from _tar_members(file, folder, sel)
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


def _zip_members(file: _File, folder: PurePosixPath, sel: Selection) -> Iterator[SourceDoc]:
    with file.open() as fh, zipfile.ZipFile(fh) as zf:
        infos = [i for i in zf.infolist() if not i.is_dir()]
        total = sum(i.file_size for i in infos)
    problem = _check_totals(len(infos), total, sel.limits)
    if problem:
        yield SourceDoc(file.key, folder, bytes, problem)
        return
    seen: Counter[str] = Counter()
    budget = _Budget(sel.limits.max_members)
    for info in infos:
        seen[info.filename] += 1
        yield from budget.count(
            _member(
                file.key,
                folder,
                sel,
                info.filename,
                info.file_size,
                info.compress_size,
                is_link=(info.external_attr >> 16) & 0o170000 == 0o120000,
                read=lambda info=info: _read_zip(file, info, sel.limits),
                copy=seen[info.filename],
                budget=budget,
            )
        )


def _read_zip(file: _File, info: zipfile.ZipInfo, limits: Limits) -> bytes:
    with file.open() as raw, zipfile.ZipFile(raw) as zf, zf.open(info) as fh:
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


def _tar_members(file: _File, folder: PurePosixPath, sel: Selection) -> Iterator[SourceDoc]:
    limits = sel.limits
    files: list[tarfile.TarInfo] = []
    total = 0
    with file.open() as fh, tarfile.open(fileobj=fh, mode="r|*") as tf:
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
        yield SourceDoc(file.key, folder, bytes, problem)
        return
    compressed = max(file.size(), 1)
    stream = _TarStream(file, limits)
    seen: Counter[str] = Counter()
    budget = _Budget(limits.max_members)
    for m in files:
        seen[m.name] += 1
        # A tar is compressed as a whole; the archive size bounds each member's ratio.
        for doc in budget.count(
            _member(
                file.key,
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
        ):
            if doc.error is None:
                stream.last = m.offset
            yield doc


class _TarStream:
    """A tar's members read in one forward pass. A compressed tar cannot seek: opening it
    again for each member decompressed it from the start every time (800 members of a
    .tar.gz took 166 s). Documents are read in archive order, so one stream serves them
    all; a read behind the stream's position (a retry) starts a new one. Reading the last
    document closes the archive."""

    def __init__(self, file: _File, limits: Limits) -> None:
        self.file = file
        self.limits = limits
        self.raw: BinaryIO | None = None
        self.tar: tarfile.TarFile | None = None
        self.position = -1
        self.last = -1  # offset of the last member listed as a document

    def read(self, offset: int) -> bytes:
        if self.tar is None or offset <= self.position:
            self.close()
            self.raw = self.file.open()
            self.tar = tarfile.open(fileobj=self.raw, mode="r|*")  # noqa: SIM115 - across reads
        while (member := self.tar.next()) is not None:
            self.position = member.offset
            if member.offset == offset:
                fh = self.tar.extractfile(member)
                if fh is None:
                    raise InputError("not a regular file")
                data = _bounded(fh.read(self.limits.max_total_bytes + 1), self.limits)
                if offset == self.last:
                    self.close()
                return data
            if member.offset > offset:
                break
        self.close()
        raise InputError("member not found when the archive was read again")

    def close(self) -> None:
        if self.tar is not None:
            self.tar.close()
        if self.raw is not None:
            self.raw.close()
        self.raw, self.tar, self.position = None, None, -1


def _member(
    archive: str,
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
    key = f"{archive}!{name}" + (f"#{copy}" if copy > 1 else "")
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
    if size > sel.limits.max_document_bytes:
        yield SourceDoc(key, rel, bytes, sel.limits.document_too_large(size))
        return
    yield SourceDoc(key, rel, read)
