"""What the editor screen does, without Gradio: the app only wires these to widgets, and
the tests drive them through the HTTP API."""

from __future__ import annotations

import re
import tempfile
import threading
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from transbench.batch.extract import DocumentError, extract
from transbench.errors import TransbenchError
from transbench.export import EXPORTERS
from transbench.glossary import collection
from transbench.glossary.csvfile import GlossaryFile
from transbench.glossary.editing import GlossaryLintError, edit
from transbench.glossary.matcher import Matcher
from transbench.pipeline import Pipeline
from transbench.segment import Segment, segment
from transbench.workspace import StoredSegment, VersionConflict, Workspace

COLUMNS = ["#", "Arabic", "English", "status", "QA", "version"]
FILTERS = ("all", "needs review", "has QA flags")


_MARKDOWN = re.compile(r"([\\`*_\[\]<>#|~])")
# A glossary is named by its file name in the served folder: letters, digits, space, . _ -
# and no path separators, so no request can reach a file outside that folder.
_GLOSSARY_NAME = re.compile(r"\w[\w .-]{0,100}\.csv")  # what the folder loads: *.csv


def _md(text: str) -> str:
    return _MARKDOWN.sub(r"\\\1", text)


def verbatim(text: str) -> str:
    """Text shown as it is in a Markdown message: no markup, no HTML, line breaks kept."""
    return "  \n".join(_md(line) for line in text.splitlines())


def highlighted(s: StoredSegment) -> str:
    """The Arabic as Markdown with glossary hits in bold (the grid renders Markdown)."""
    parts, pos = [], 0
    for t in sorted(s.terms, key=lambda t: t["start"]):
        if t["start"] < pos:
            continue
        parts += [_md(s.source[pos : t["start"]]), f"**{_md(s.source[t['start'] : t['end']])}**"]
        pos = t["end"]
    parts.append(_md(s.source[pos:]))
    return "".join(parts)


def _unit(s: StoredSegment) -> Segment:
    """A stored segment as the pipeline takes it."""
    return Segment(s.id, s.source, s.start, s.end, s.paragraph, s.lang, not s.pass_through)


def _row(s: StoredSegment) -> list:
    flags = "; ".join(f"{f['check']}: {f['message']}" for f in s.qa)
    return [s.id, highlighted(s), s.target, s.status, flags, s.version]


@dataclass
class EditorService:
    pipeline: Pipeline
    workspace: Workspace
    glossary_dir: Path | None = None
    export_dir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="tb-ui-")))
    # One draft at a time: the translator keeps per-call state, and Gradio calls from
    # several worker threads.
    _drafting: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def __post_init__(self) -> None:
        if self.glossary_dir is None and collection.default_dir().is_dir():
            self.glossary_dir = collection.default_dir()

    @property
    def demo_warning(self) -> str:
        if not self.pipeline.translator.is_demo:
            return ""
        return (
            f"Model '{self.pipeline.translator.name}' is the offline demo model with "
            "random weights: its drafts are NOT translations."
        )

    def translate(self, text: str, name: str) -> tuple[int, list[list]]:
        """Draft a whole article at once (what the streaming version ends with)."""
        doc_id, rows, _ = deque(self.translate_stream(text, name), maxlen=1)[0]
        return doc_id, rows

    def translate_stream(self, text: str, name: str, chunk: int = 8):
        """Store the article at once, then draft it (see `draft_pending`)."""
        if not text.strip():
            raise TransbenchError("paste an article or upload a file first")
        segments = segment(text)
        doc_id = self.workspace.create_pending(
            name.strip() or "untitled", text, self.pipeline.translator.name, segments
        )
        yield from self.draft_pending(doc_id, chunk)

    def draft_pending(self, doc_id: int, chunk: int = 8):
        """Draft the segments of a stored document that have no draft yet, chunk by chunk,
        yielding (document id, rows, progress note) after each chunk so the grid fills up.
        A document whose drafting failed or was interrupted resumes where it stopped."""
        pending = [_unit(s) for s in self.workspace.segments(doc_id) if s.version == 0]
        todo = [s for s in pending if s.translate]
        with self._drafting:
            self.workspace.fill_drafts(
                doc_id, self.pipeline.draft([s for s in pending if not s.translate])
            )
        yield doc_id, self.rows(doc_id), f"drafting 0/{len(todo)}…"
        for start in range(0, len(todo), chunk):
            try:
                with self._drafting:
                    drafts = self.pipeline.draft(todo[start : start + chunk])
            except Exception as exc:
                raise TransbenchError(
                    f"drafting stopped after {start} of {len(todo)} segments ({exc}); the "
                    f"document is saved: open document {doc_id} and press 'Draft the rest'"
                ) from exc
            self.workspace.fill_drafts(doc_id, drafts)
            done = min(start + chunk, len(todo))
            yield doc_id, self.rows(doc_id), f"drafting {done}/{len(todo)}…"
        total = len(self.workspace.segments(doc_id))
        yield doc_id, self.rows(doc_id), f"document {doc_id}: {total} segments drafted"

    def undrafted(self, doc_id: int) -> int:
        return sum(s.version == 0 for s in self.workspace.segments(doc_id))

    def read_upload(self, path: str) -> tuple[str, str]:
        p = Path(path)
        try:
            text, _ = extract(p.read_bytes(), p.name)
        except DocumentError as exc:
            raise TransbenchError(f"{p.name}: {exc}") from None
        return text, p.stem

    def rows(self, doc_id: int, which: str = "all") -> list[list]:
        segs = self.workspace.segments(doc_id)
        if which == "needs review":
            segs = [s for s in segs if s.status != "approved"]
        elif which == "has QA flags":
            segs = [s for s in segs if s.qa]
        return [_row(s) for s in segs]

    def segment(self, doc_id: int, seg_id: int) -> StoredSegment:
        return self.workspace.segment(doc_id, seg_id)

    def act(
        self, action: str, doc_id: int, seg_id: int, version: int, editor: str, text: str = ""
    ) -> tuple[StoredSegment, str]:
        """Save, approve, revert or undo; a conflict comes back as the message, not a crash."""
        editor = editor.strip() or "editor"
        ws = self.workspace
        try:
            if action == "save":
                seg = ws.save(doc_id, seg_id, text, version, editor)
            elif action == "approve":
                current = ws.segment(doc_id, seg_id)
                if text and text != current.target:
                    current = ws.save(doc_id, seg_id, text, version, editor)
                    version = current.version
                seg = ws.approve(doc_id, seg_id, version, editor)
            elif action == "revert":
                seg = ws.revert_to_draft(doc_id, seg_id, version, editor)
            elif action == "undo":
                seg = ws.undo(doc_id, seg_id, version, editor)
            elif action == "retranslate":
                current = ws.segment(doc_id, seg_id)
                if current.status != "approved" and text.strip() and text != current.target:
                    # What the person typed is saved first: Undo brings it back.
                    version = ws.save(doc_id, seg_id, text, version, editor).version
                seg = self._retranslate(doc_id, seg_id, version, editor)
            else:
                raise TransbenchError(f"unknown action {action}")
        except VersionConflict as exc:
            return exc.current, f"NOT SAVED. {exc}"
        return seg, f"segment {seg.id}: {seg.status}, version {seg.version}"

    def approve_all(self, doc_id: int, editor: str) -> str:
        """Approve every drafted segment not yet approved, except those with QA errors.
        Segments still waiting for a draft are left alone, and bulk approvals stay out of
        the translation memory: only what a person approved one by one goes there."""
        approved, held, waiting = 0, [], 0
        for seg in self.workspace.segments(doc_id):
            if seg.status == "approved":
                continue
            if seg.version == 0 or not seg.target.strip():
                waiting += 1
                continue
            if any(f["severity"] == "error" for f in seg.qa):
                held.append(str(seg.id))
                continue
            self.workspace.approve(
                doc_id, seg.id, seg.version, editor.strip() or "editor", to_memory=False
            )
            approved += 1
        note = f"{approved} segment(s) approved"
        if held:
            note += f"; held back for QA errors: {', '.join(held)}"
        return note + (f"; {waiting} not drafted yet, left alone" if waiting else "")

    def glossary_files(self) -> list[str]:
        """The glossary files the Glossary tab may edit, by name within the served folder."""
        if self.glossary_dir is None:
            return []
        return [p.name for p in collection.resolve([self.glossary_dir])]

    def glossary_file(self, name: str, must_exist: bool = False) -> Path:
        """The file `name` stands for in the served glossary folder; refused unless it is
        a plain .csv file name there whose real location (symlinks followed) is inside."""
        if self.glossary_dir is None:
            raise TransbenchError(
                "this editor serves no glossary folder; start it with --glossary-dir FOLDER"
            )
        name = name.strip()
        if not _GLOSSARY_NAME.fullmatch(name):
            raise TransbenchError(
                "refused: name a glossary by its file name in the glossary folder "
                "(ending in .csv, no folders)"
            )
        root = self.glossary_dir.resolve()
        path = self.glossary_dir / name
        try:
            real, exists = path.resolve(), path.exists()
        except OSError:
            exists, real = False, None
        if real is None or not real.is_relative_to(root) or (exists and not real.is_file()):
            raise TransbenchError(f"refused: {name} is not a glossary file in the glossary folder")
        if must_exist and not exists:
            raise TransbenchError(f"no glossary file named {name}")
        return real

    def save_term(
        self, name: str, ar: str, en: str, variants: str = "", forbidden: str = "", note: str = ""
    ) -> str:
        """Add or replace an entry (locked, linted, atomic); matching picks it up at once."""
        path = self.glossary_file(name)
        values = {
            "ar": ar.strip(),
            "en": en.strip(),
            "ar_variants": variants,
            "en_forbidden": forbidden,
            "note": note,
        }
        try:
            warnings = edit(path, lambda gf: gf.upsert(values), confine_to=self.glossary_dir)
        except GlossaryLintError as exc:
            errors = [f for f in exc.findings if f.severity == "error"]
            return f"NOT SAVED. {path.name}: the edit fails lint:\n" + "\n".join(
                f"  line {f.line}: {f.message} [{f.code}]" for f in errors
            )
        self._reload_glossary()
        extra = "".join(f"\n- line {w.line}: {w.message} [{w.code}]" for w in warnings)
        return f"saved {values['ar']} → {values['en']} in {path.name}{extra}"

    def delete_term(self, name: str, ar: str) -> str:
        path = self.glossary_file(name, must_exist=True)

        def change(gf) -> None:
            if not gf.remove(ar):
                raise TransbenchError(f"{path.name}: no entry with ar '{ar}'")

        edit(path, change, confine_to=self.glossary_dir)
        self._reload_glossary()
        return f"deleted {ar} from {path.name}"

    def _reload_glossary(self) -> None:
        files = collection.load_files([self.glossary_dir] if self.glossary_dir else None)
        self.pipeline.matcher = Matcher(collection.all_terms(files))
        self.pipeline.glossary_key = collection.fingerprint(files)

    def _retranslate(self, doc_id: int, seg_id: int, version: int, editor: str):
        """A fresh model draft with the glossary as it is now."""
        current = self.workspace.segment(doc_id, seg_id)
        if current.status == "approved":
            raise TransbenchError(
                f"segment {seg_id} is approved; Revert to draft first to re-translate it"
            )
        unit = _unit(current)
        with self._drafting:
            # A fresh model draft: neither the draft cache nor the translation memory.
            saved = self.pipeline.cache, self.pipeline.memory
            self.pipeline.cache = self.pipeline.memory = None
            try:
                (draft,) = self.pipeline.draft([unit])
            finally:
                self.pipeline.cache, self.pipeline.memory = saved
        self.workspace.set_terms(doc_id, seg_id, [t.hit for t in draft.terms])
        return self.workspace.save(
            doc_id, seg_id, draft.target, version, editor, "draft", "retranslated"
        )

    def refresh_terms(self, doc_id: int) -> list[list]:
        """Re-match the glossary on an open document (after a glossary edit)."""
        for s in self.workspace.segments(doc_id):
            hits = (
                self.pipeline.matcher.find(s.source)
                if self.pipeline.matcher and not s.pass_through
                else []
            )
            self.workspace.set_terms(doc_id, s.id, hits)
        return self.rows(doc_id)

    def documents(self) -> list[list]:
        return [
            [d.id, d.name, f"{d.approved}/{d.segments}", d.model]
            for d in self.workspace.documents()
        ]

    def export(self, doc_id: int, fmt: str, approved_only: bool) -> str:
        if fmt not in EXPORTERS:
            raise TransbenchError(f"export format must be one of {', '.join(EXPORTERS)}")
        exporter = EXPORTERS[fmt]
        doc = self.workspace.to_bilingual(doc_id, approved_only)
        safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in doc.name) or "document"
        path = self.export_dir / f"{safe}{exporter.suffix}"
        path.write_bytes(exporter.render(doc))
        return str(path)

    def search_glossary(self, query: str) -> list[list]:
        if not query.strip() or self.glossary_dir is None:
            return []
        files = collection.load_files([self.glossary_dir])
        return [
            [
                f"{t.glossary}.csv",
                t.line,
                t.ar,
                t.en,
                "|".join(t.ar_variants),
                "|".join(t.en_forbidden),
                t.note,
            ]
            for t in collection.search(files, query)
        ]

    def entry(self, name: str, ar: str) -> dict[str, str] | None:
        """The whole entry for `ar` in a glossary file, so that an edit starts from it and
        never blanks the fields the form did not show."""
        path = self.glossary_file(name, must_exist=True)
        for term in GlossaryFile.load(path).terms():
            if term.ar == ar.strip():
                return {
                    "ar": term.ar,
                    "en": term.en,
                    "ar_variants": "|".join(term.ar_variants),
                    "en_forbidden": "|".join(term.en_forbidden),
                    "note": term.note,
                }
        return None
