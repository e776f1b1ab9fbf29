"""The editor's actions without a browser: highlights, bulk approval, glossary edits."""

import shutil

import pytest

from transbench.errors import TransbenchError
from transbench.glossary import collection
from transbench.glossary.matcher import Matcher
from transbench.models.loading import load_model
from transbench.models.registry import load_registry
from transbench.mt.transformers_backend import TransformersTranslator
from transbench.pipeline import Pipeline
from transbench.segment import segment
from transbench.ui.service import EditorService
from transbench.workspace import Workspace

from .conftest import GLOSSARY, ROOT


@pytest.fixture
def service(tiny_model_dir, tmp_path):
    folder = tmp_path / "glossary"
    shutil.copytree(GLOSSARY, folder)
    spec = load_registry(ROOT / "models.yaml").resolve(str(tiny_model_dir))
    matcher = Matcher(collection.all_terms(collection.load_files([folder])))
    pipeline = Pipeline(TransformersTranslator(load_model(spec)), matcher, "hard")
    return EditorService(pipeline, Workspace(tmp_path / "ws.sqlite3"), folder)


def test_glossary_hits_are_highlighted_and_escaped(service) -> None:
    _, rows = service.translate("قال قيادي في قسد <b> إن *الوضع* هادئ.", "x")
    assert rows[0][1] == r"قال قيادي في **قسد** \<b\> إن \*الوضع\* هادئ."


def test_approve_all_holds_back_qa_errors(service) -> None:
    doc, _ = service.translate("وصل الرتل.\nقال قيادي في قسد إن 12 عربة وصلت.", "x")
    service.act("save", doc, 1, 1, "mona", "The convoy arrived.")
    service.act("save", doc, 2, 1, "mona", "A commander said vehicles came.")
    note = service.approve_all(doc, "mona")
    assert note == "1 segment(s) approved; held back for QA errors: 2"
    assert [r[3] for r in service.rows(doc)] == ["approved", "edited"]


def test_glossary_edit_from_the_ui_applies_to_new_drafts(service, tmp_path) -> None:
    csv_file = tmp_path / "glossary" / "syria-conflict.csv"
    path = "syria-conflict.csv"
    assert service.glossary_files() == [path]
    before = csv_file.read_bytes()
    refused = service.save_term(path, "منبج", "Manbij", forbidden="Manbij")
    assert refused.startswith("NOT SAVED") and "forbidden-equals-en" in refused
    assert csv_file.read_bytes() == before
    assert service.save_term(path, "الباغوز", "Baghuz", note="last IS enclave").startswith("saved")
    _, rows = service.translate("سقطت الباغوز.", "y")
    assert rows[0][1] == "سقطت **الباغوز**."
    assert service.delete_term(path, "الباغوز") == f"deleted الباغوز from {path}"
    _, rows = service.translate("سقطت الباغوز.", "z")
    assert rows[0][1] == "سقطت الباغوز."


def test_drafting_fills_the_grid_chunk_by_chunk(service) -> None:
    text = "وصل الرتل.\nWe will stay.\nانسحب الرتل.\nعاد الرتل."
    steps = list(service.translate_stream(text, "x", chunk=1))
    notes = [note for _, _, note in steps]
    assert notes == [
        "drafting 0/3…",
        "drafting 1/3…",
        "drafting 2/3…",
        "drafting 3/3…",
        f"document {steps[0][0]}: 4 segments drafted",
    ]
    first_rows = steps[0][1]
    assert [r[2] for r in first_rows] == ["", "We will stay.", "", ""]
    assert [bool(r[2]) for r in steps[1][1]] == [True, True, False, False]


def test_an_edit_made_while_drafting_is_kept(service) -> None:
    stream = service.translate_stream("وصل الرتل.\nانسحب الرتل.", "x", chunk=1)
    doc, _, _ = next(stream)
    # The editor types into segment 2 before the model reaches it.
    service.workspace.save(doc, 2, "The convoy withdrew.", 0, "mona")
    for _ in stream:
        pass
    seg = service.segment(doc, 2)
    assert (seg.target, seg.status) == ("The convoy withdrew.", "edited")


def test_retranslate_and_glossary_edits_reach_the_open_document(service) -> None:
    doc, rows = service.translate("سقطت الباغوز أمس.", "x")
    assert rows[0][1] == "سقطت الباغوز أمس."
    service.act("save", doc, 1, 1, "mona", "Baghuz fell yesterday.")
    service.save_term("syria-conflict.csv", "الباغوز", "Baghuz")
    rows = service.refresh_terms(doc)
    assert rows[0][1] == "سقطت **الباغوز** أمس."
    assert service.segment(doc, 1).version == 2  # hits are annotations, not edits
    seg, note = service.act("retranslate", doc, 1, 2, "mona")
    assert (seg.status, seg.version) == ("draft", 3) and "Baghuz" in seg.target
    assert note == "segment 1: draft, version 3"
    assert service.workspace.history(doc, 1)[-1].action == "retranslated"


def test_drafting_from_another_thread_uses_the_draft_cache(service, tmp_path) -> None:
    """Gradio runs handlers in worker threads; the cache was opened in this one."""
    from concurrent.futures import ThreadPoolExecutor

    from transbench.cache import DraftCache

    service.pipeline.cache = DraftCache(tmp_path / "drafts.sqlite3")
    with ThreadPoolExecutor(2) as pool:
        first, again = (pool.submit(service.translate, "وصل الرتل.", n).result() for n in "ab")
    assert first[1][0][2] == again[1][0][2] != ""
    assert service.pipeline.draft(segment("وصل الرتل."))[0].cached


def test_a_failed_draft_says_how_to_resume_and_resumes(service, tmp_path) -> None:
    from transbench.cache import DraftCache

    cache = DraftCache(tmp_path / "drafts.sqlite3")
    service.pipeline.cache = cache
    stream = service.translate_stream("وصل الرتل.\nانسحب الرتل.\nعاد الرتل.", "x", chunk=1)
    doc, _, _ = next(stream)
    next(stream)
    cache.close()  # the cache's database goes away mid-article
    with pytest.raises(TransbenchError, match=f"open document {doc} and press 'Draft the rest'"):
        list(stream)
    assert service.undrafted(doc) == 2
    service.pipeline.cache = DraftCache(tmp_path / "drafts.sqlite3")
    *_, (_, rows, note) = service.draft_pending(doc)
    assert note == f"document {doc}: 3 segments drafted" and all(r[2] for r in rows)
    assert service.undrafted(doc) == 0
    assert [h.action for h in service.workspace.history(doc, 1)] == ["drafted"]


@pytest.mark.parametrize(
    "name", ["../x.csv", "/tmp/x.csv", "a/b.csv", "x.txt", "", "..csv", "x.csv/"]
)
def test_glossary_names_outside_the_folder_are_refused(service, name) -> None:
    with pytest.raises(TransbenchError, match="refused"):
        service.glossary_file(name)


def test_a_new_glossary_file_is_created_only_in_the_folder(service, tmp_path) -> None:
    assert service.save_term("desk.csv", "الباغوز", "Baghuz").startswith("saved")
    assert (tmp_path / "glossary" / "desk.csv").exists()
    with pytest.raises(TransbenchError, match=r"no glossary file named gone\.csv"):
        service.delete_term("gone.csv", "الباغوز")
    assert not (tmp_path / "glossary" / "gone.csv").exists()


def test_approve_all_during_drafting_leaves_undrafted_segments_alone(service, tmp_path) -> None:
    from transbench.memory import TranslationMemory

    service.workspace.memory = TranslationMemory(tmp_path / "tm.sqlite3")
    stream = service.translate_stream("وصل الرتل.\nانسحب الرتل.\nعاد الرتل.", "x", chunk=1)
    doc, _, _ = next(stream)
    next(stream)  # one segment drafted, two waiting
    note = service.approve_all(doc, "mona")
    assert note == "1 segment(s) approved; 2 not drafted yet, left alone"
    for _ in stream:
        pass
    segs = service.workspace.segments(doc)
    assert [s.status for s in segs] == ["approved", "draft", "draft"]
    assert all(s.target for s in segs)  # drafting filled the rest
    # Bulk approval is no review: nothing went into the memory.
    assert service.workspace.memory.exact("وصل الرتل.") is None
    with pytest.raises(TransbenchError, match="nothing to approve"):
        service.workspace.save(doc, 2, "  ", segs[1].version, "mona", "approved")


def test_retranslate_is_a_fresh_model_draft_and_keeps_approvals(service, tmp_path) -> None:
    from transbench.memory import TranslationMemory

    memory = TranslationMemory(tmp_path / "tm.sqlite3")
    memory.add([("وصل الرتل.", "The convoy arrived (from memory).")], "approved:ali")
    service.pipeline.memory = memory
    doc, rows = service.translate("وصل الرتل.\nانسحب الرتل.", "x")
    assert rows[0][2] == "The convoy arrived (from memory)."
    seg, _ = service.act("retranslate", doc, 1, 1, "mona")
    assert seg.target != "The convoy arrived (from memory)." and seg.status == "draft"
    seg, _ = service.act("approve", doc, 2, 1, "mona")
    with pytest.raises(TransbenchError, match="Revert to draft first"):
        service.act("retranslate", doc, 2, seg.version, "mona")
    assert service.segment(doc, 2).status == "approved"


def test_a_link_swapped_in_after_the_check_cannot_lead_the_write_out(service, tmp_path) -> None:
    from transbench.glossary.editing import edit

    outside = tmp_path / "outside.sh"
    outside.write_text("echo hi\n", encoding="utf-8")
    checked = service.glossary_file("x.csv")  # passes: a new plain file in the folder
    checked.symlink_to(outside)  # swapped in between the check and the write
    with pytest.raises(TransbenchError, match="refused"):
        edit(checked, lambda gf: gf.upsert({"ar": "منبج", "en": "Manbij"}), service.glossary_dir)
    assert outside.read_text(encoding="utf-8") == "echo hi\n"
    assert not (tmp_path / "outside.sh.lock").exists()


@pytest.mark.parametrize("name", ["NEW.CSV", "a" * 300 + ".csv"])
def test_names_the_folder_would_not_load_are_refused_plainly(service, name) -> None:
    with pytest.raises(TransbenchError) as err:
        service.save_term(name, "منبجج", "Manbijj")
    assert str(err.value).startswith("refused") and "Errno" not in str(err.value)
