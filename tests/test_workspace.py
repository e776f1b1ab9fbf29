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


def test_a_deleted_documents_id_is_never_given_out_again(tmp_path) -> None:
    """SQLite's rowid gave a new document the id of the one just deleted: a page, an
    autosave or a drafting job still holding that id then wrote into the new one."""
    from transbench.segment import segment
    from transbench.workspace import DocumentGone

    path = tmp_path / "ws.sqlite3"
    ws = Workspace(path)
    first = ws.create_pending("first", TEXT, "m", segment(TEXT))
    second = ws.create_pending("second", TEXT, "m", segment(TEXT))
    created = ws.documents(second)[0].created
    ws.delete(second)
    third = ws.create_pending("third", TEXT, "m", segment(TEXT))
    assert third not in (first, second) and third > second
    # A stale save or draft for the deleted document lands nowhere.
    with pytest.raises(DocumentGone):
        ws.save(second, 1, "stale autosave", 0, "omar")
    with pytest.raises(DocumentGone):
        ws.fill_drafts(second, [], created=created)
    with pytest.raises(DocumentGone):  # the drafts of one document never go into another
        ws.fill_drafts(third, [], created=created)
    assert {s.version for s in ws.segments(third)} == {0}
    ws.delete(third)
    ws.close()
    again = Workspace(path)  # after a restart too
    assert again.create_pending("fourth", TEXT, "m", segment(TEXT)) == third + 1


def test_a_workspace_from_before_the_id_counter_keeps_its_documents(tmp_path) -> None:
    """A workspace made by an older transbench (no counter, no assignee) opens with its
    documents as they were, and from then on gives out no id twice."""
    import sqlite3

    from transbench.segment import segment

    path = tmp_path / "old.sqlite3"
    db = sqlite3.connect(path)
    db.executescript(
        """
        CREATE TABLE documents (id INTEGER PRIMARY KEY, name TEXT NOT NULL,
            source_text TEXT NOT NULL, model TEXT NOT NULL, created REAL NOT NULL,
            updated REAL NOT NULL);
        CREATE TABLE segments (
            doc_id INTEGER NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
            seg_id INTEGER NOT NULL, source TEXT NOT NULL, start INTEGER NOT NULL,
            "end" INTEGER NOT NULL, paragraph INTEGER NOT NULL, lang TEXT NOT NULL,
            pass_through INTEGER NOT NULL, target TEXT NOT NULL, status TEXT NOT NULL,
            version INTEGER NOT NULL, origin TEXT NOT NULL, terms TEXT NOT NULL,
            qa TEXT NOT NULL, PRIMARY KEY (doc_id, seg_id));
        INSERT INTO documents VALUES (1, 'one', 'وصل.', 'm', 1.0, 1.0);
        INSERT INTO documents VALUES (7, 'seven', 'وصل.', 'm', 2.0, 2.0);
        INSERT INTO segments VALUES (7, 1, 'وصل.', 0, 4, 0, 'ar', 0, 'It arrived.',
            'approved', 3, 'mt', '[]', '[]');
        """
    )
    db.commit()
    db.close()
    ws = Workspace(path)
    assert [d.id for d in ws.documents()] == [7, 1]
    assert ws.segment(7, 1).target == "It arrived." and ws.document(7).assignee == ""
    ws.delete(7)
    assert ws.create_pending("new", TEXT, "m", segment(TEXT)) == 8
