"""The editors' store: every edit kept, undoable, never lost to a concurrent editor."""

import pytest

from transbench.errors import TransbenchError
from transbench.export import EXPORTERS
from transbench.glossary import collection
from transbench.glossary.matcher import Matcher
from transbench.memory import TranslationMemory
from transbench.models.loading import load_model
from transbench.models.registry import load_registry
from transbench.mt.transformers_backend import TransformersTranslator
from transbench.pipeline import Pipeline
from transbench.workspace import VersionConflict, Workspace

from .conftest import GLOSSARY, ROOT

TEXT = "وصل الرتل إلى الحسكة.\nقال قيادي في قسد إن 12 عربة وصلت.\nWe will stay."


@pytest.fixture(scope="module")
def result(tiny_model_dir):
    spec = load_registry(ROOT / "models.yaml").resolve(str(tiny_model_dir))
    matcher = Matcher(collection.all_terms(collection.load_files([GLOSSARY])))
    return Pipeline(TransformersTranslator(load_model(spec)), matcher, "hard").translate_text(TEXT)


@pytest.fixture
def ws(tmp_path):
    return Workspace(tmp_path / "ws.sqlite3", TranslationMemory(tmp_path / "tm.sqlite3"))


def test_document_is_stored_with_drafts(ws, result) -> None:
    doc = ws.create_document("patrols", result)
    segs = ws.segments(doc)
    assert [s.source for s in segs] == [d.segment.text for d in result.drafts]
    assert [s.status for s in segs] == ["draft", "draft", "approved"]  # pass-through is final
    assert all(s.version == 1 for s in segs)
    assert segs[1].terms[0]["en"] == "SDF"
    (info,) = ws.documents()
    # The passed-through English is not work: 2 segments to translate, none approved yet.
    assert (info.name, info.segments, info.approved) == ("patrols", 2, 0)


def test_edit_history_undo_and_qa(ws, result) -> None:
    doc = ws.create_document("patrols", result)
    saved = ws.save(doc, 2, "A commander said 12 vehicles arrived.", 1, "mona")
    assert (saved.version, saved.status) == (2, "edited")
    assert [f["check"] for f in saved.qa] == ["term-missing"]  # QA runs on every edit
    fixed = ws.save(doc, 2, "An SDF commander said 12 vehicles arrived.", 2, "mona")
    assert fixed.qa == ()
    undone = ws.undo(doc, 2, 3, "mona")
    assert (undone.target, undone.version) == ("A commander said 12 vehicles arrived.", 4)
    history = ws.history(doc, 2)
    assert [(h.version, h.editor, h.action) for h in history] == [
        (1, "transbench", "drafted"),
        (2, "mona", "edited"),
        (3, "mona", "edited"),
        (4, "mona", "undo"),
    ]
    reverted = ws.revert_to_draft(doc, 2, 4, "ali")
    assert (reverted.target, reverted.status) == (history[0].target, "draft")


def test_concurrent_edit_is_refused_with_both_versions(ws, result) -> None:
    doc = ws.create_document("patrols", result)
    loaded_by_ali = ws.segment(doc, 1).version
    ws.save(doc, 1, "The convoy reached Hasakah.", loaded_by_ali, "mona")
    with pytest.raises(VersionConflict) as info:
        ws.save(doc, 1, "The convoy arrived in Hasakah.", loaded_by_ali, "ali")
    message = str(info.value)
    assert "changed by mona" in message
    assert "The convoy reached Hasakah." in message and "The convoy arrived in Hasakah." in message
    assert ws.segment(doc, 1).target == "The convoy reached Hasakah."
    # ali's text is kept in the history, and Undo still goes back past mona's edit only.
    assert [(h.action, h.editor) for h in ws.history(doc, 1)][-2:] == [
        ("edited", "mona"),
        ("refused", "ali"),
    ]
    seg = ws.undo(doc, 1, ws.segment(doc, 1).version, "mona")
    assert seg.target == ws.history(doc, 1)[0].target  # the machine draft, not ali's text


def test_state_survives_a_restart(tmp_path, result) -> None:
    path = tmp_path / "ws.sqlite3"
    first = Workspace(path)
    doc = first.create_document("patrols", result)
    first.save(doc, 1, "The convoy reached Hasakah.", 1, "mona")
    first.close()
    again = Workspace(path)
    seg = again.segment(doc, 1)
    assert (seg.target, seg.status, seg.version) == ("The convoy reached Hasakah.", "edited", 2)
    assert len(again.history(doc, 1)) == 2


def test_approval_feeds_the_memory_and_exports_with_states(ws, result) -> None:
    doc = ws.create_document("patrols", result)
    ws.save(doc, 1, "The convoy reached Hasakah.", 1, "mona")
    ws.approve(doc, 1, 2, "mona")
    assert ws.memory.exact("وصل الرتل إلى الحسكة.").target == "The convoy reached Hasakah."
    approved = ws.to_bilingual(doc, approved_only=True)
    assert [u.id for u in approved.units] == [1, 3]
    everything = ws.to_bilingual(doc)
    assert [u.status for u in everything.units] == ["approved", "draft", "approved"]
    assert b'state="signed-off"' in EXPORTERS["xliff"].render(everything)


def test_rename_delete_and_unknown_documents(ws, result) -> None:
    doc = ws.create_document("patrols", result)
    ws.rename(doc, "Qahtaniyah patrols")
    assert ws.documents()[0].name == "Qahtaniyah patrols"
    ws.delete(doc)
    assert ws.documents() == []
    with pytest.raises(TransbenchError, match=f"no document {doc}"):
        ws.segments(doc)
    with pytest.raises(TransbenchError, match="no change to undo"):
        ws.undo(ws.create_document("x", result), 1, 1, "mona")
