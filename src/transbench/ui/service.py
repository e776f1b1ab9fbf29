"""What the editor screen does, without Gradio: the app only wires these to widgets, and
the tests drive them through the HTTP API."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from transbench.batch.extract import DocumentError, extract
from transbench.errors import TransbenchError
from transbench.export import EXPORTERS
from transbench.glossary import collection
from transbench.glossary.normalize import normalize
from transbench.pipeline import Pipeline
from transbench.workspace import StoredSegment, VersionConflict, Workspace

COLUMNS = ["#", "Arabic", "English", "status", "QA", "version"]
FILTERS = ("all", "needs review", "has QA flags")


def _row(s: StoredSegment) -> list:
    flags = "; ".join(f"{f['check']}: {f['message']}" for f in s.qa)
    return [s.id, s.source, s.target, s.status, flags, s.version]


@dataclass
class EditorService:
    pipeline: Pipeline
    workspace: Workspace
    glossary_dir: Path | None = None
    export_dir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="tb-ui-")))

    @property
    def demo_warning(self) -> str:
        if not self.pipeline.translator.is_demo:
            return ""
        return (
            f"Model '{self.pipeline.translator.name}' is the offline demo model with "
            "random weights: its drafts are NOT translations."
        )

    def translate(self, text: str, name: str) -> tuple[int, list[list]]:
        if not text.strip():
            raise TransbenchError("paste an article or upload a file first")
        result = self.pipeline.translate_text(text)
        doc_id = self.workspace.create_document(name.strip() or "untitled", result)
        return doc_id, self.rows(doc_id)

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
            else:
                raise TransbenchError(f"unknown action {action}")
        except VersionConflict as exc:
            return exc.current, f"NOT SAVED. {exc}"
        return seg, f"segment {seg.id}: {seg.status}, version {seg.version}"

    def documents(self) -> list[list]:
        return [
            [d.id, d.name, f"{d.approved}/{d.segments}", d.model]
            for d in self.workspace.documents()
        ]

    def export(self, doc_id: int, fmt: str, approved_only: bool) -> str:
        exporter = EXPORTERS[fmt]
        doc = self.workspace.to_bilingual(doc_id, approved_only)
        safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in doc.name) or "document"
        path = self.export_dir / f"{safe}{exporter.suffix}"
        path.write_bytes(exporter.render(doc))
        return str(path)

    def search_glossary(self, query: str) -> list[list]:
        if not query.strip():
            return []
        files = collection.load_files([self.glossary_dir] if self.glossary_dir else None)
        needle = normalize(query)
        return [
            [t.glossary, t.line, t.ar, t.en, " | ".join(t.ar_variants), t.note]
            for gf in files
            for t in gf.terms()
            if any(needle in normalize(f) for f in (*t.source_forms, t.en, t.note))
        ]
