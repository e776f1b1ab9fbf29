"""The editor's actions without a browser: what the segment list and panel get, the
editing rules, bulk approval, glossary edits."""

import shutil
from pathlib import Path

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


def rows(service, doc):
    return service.view(doc)["rows"]


def marked(row) -> list[str]:
    return [row["source"][a:b] for a, b, _ in row["marks"]]


def test_glossary_hits_are_marked_and_the_text_travels_as_text(service) -> None:
    doc = service.translate("قال قيادي في قسد <b> إن *الوضع* هادئ.", "x")
    (row,) = rows(service, doc)
    assert row["source"] == "قال قيادي في قسد <b> إن *الوضع* هادئ."
    assert marked(row) == ["قسد"] and row["marks"][0][2] == 1


def test_approve_all_holds_back_qa_errors(service) -> None:
    doc = service.translate("وصل الرتل.\nقال قيادي في قسد إن 12 عربة وصلت.", "x")
    service.act("save", doc, 1, 1, "mona", "The convoy arrived.")
    service.act("save", doc, 2, 1, "mona", "A commander said vehicles came.")
    note = service.approve_all(doc, "mona")
    assert note == "1 segment(s) approved; held back for QA errors: 2"
    assert [r["status"] for r in rows(service, doc)] == ["approved", "edited"]


def test_glossary_edit_from_the_ui_applies_to_new_drafts(service, tmp_path) -> None:
    csv_file = tmp_path / "glossary" / "syria-conflict.csv"
    path = "syria-conflict.csv"
    assert service.glossary_files() == [path]
    before = csv_file.read_bytes()
    refused = service.save_term(path, {"ar": "منبج", "en": "Manbij", "en_forbidden": "Manbij"})
    assert refused.startswith("NOT SAVED") and "forbidden-equals-en" in refused
    assert csv_file.read_bytes() == before
    assert service.save_term(
        path, {"ar": "الباغوز", "en": "Baghuz", "note": "last IS enclave"}
    ).startswith("saved")
    doc = service.translate("سقطت الباغوز.", "y")
    assert marked(rows(service, doc)[0]) == ["الباغوز"]
    assert service.delete_term(path, "الباغوز") == f"deleted الباغوز from {path}"
    doc = service.translate("سقطت الباغوز.", "z")
    assert marked(rows(service, doc)[0]) == []


def test_drafting_fills_the_list_chunk_by_chunk(service) -> None:
    text = "وصل الرتل.\nWe will stay.\nانسحب الرتل.\nعاد الرتل."
    stream = service.translate_stream(text, "x", chunk=1)
    doc, note = next(stream)
    # The whole document is there at once: the English passage kept, the rest waiting.
    assert note == "drafting 0/3…"
    assert [(r["target"], r["status"]) for r in service.view(doc)["rows"]] == [
        ("", "waiting"),
        ("We will stay.", "approved"),
        ("", "waiting"),
        ("", "waiting"),
    ]
    assert next(stream) == (doc, "drafting 1/3…")
    # The screen asks for the rows it is waiting for and gets those drafted since.
    assert [r["id"] for r in service.rows(doc, [1, 3, 4])] == [1]
    assert [note for _, note in stream] == [
        "drafting 2/3…",
        "drafting 3/3…",
        f"document {doc}: 4 segments drafted",
    ]
    rows = service.view(doc)["rows"]
    assert all(r["target"] and r["status"] != "waiting" for r in rows)
    assert [r["origin"] for r in rows] == ["MT", "kept as is", "MT", "MT"]


def test_an_edit_made_while_drafting_is_kept(service) -> None:
    stream = service.translate_stream("وصل الرتل.\nانسحب الرتل.", "x", chunk=1)
    doc, _ = next(stream)
    # The editor types into segment 2 before the model reaches it.
    service.workspace.save(doc, 2, "The convoy withdrew.", 0, "mona")
    for _ in stream:
        pass
    seg = service.workspace.segment(doc, 2)
    assert (seg.target, seg.status) == ("The convoy withdrew.", "edited")


def test_retranslate_and_glossary_edits_reach_the_open_document(service) -> None:
    doc = service.translate("سقطت الباغوز أمس.", "x")
    assert marked(rows(service, doc)[0]) == []
    service.act("save", doc, 1, 1, "mona", "Baghuz fell yesterday.")
    service.save_term("syria-conflict.csv", {"ar": "الباغوز", "en": "Baghuz"})
    service.refresh_terms(doc)
    assert marked(rows(service, doc)[0]) == ["الباغوز"]
    assert service.workspace.segment(doc, 1).version == 2  # hits are annotations, not edits
    answer = service.act("retranslate", doc, 1, 2, "mona")
    row = answer["row"]
    assert (row["status"], row["version"], row["origin"]) == ("draft", 3, "MT")
    assert "Baghuz" in row["target"] and answer["note"] == "segment 1 re-translated"
    assert service.workspace.history(doc, 1)[-1].action == "retranslated"


def test_drafting_from_another_thread_uses_the_draft_cache(service, tmp_path) -> None:
    """Gradio runs handlers in worker threads; the cache was opened in this one."""
    from concurrent.futures import ThreadPoolExecutor

    from transbench.cache import DraftCache

    service.pipeline.cache = DraftCache(tmp_path / "drafts.sqlite3")
    with ThreadPoolExecutor(2) as pool:
        first, again = (pool.submit(service.translate, "وصل الرتل.", n).result() for n in "ab")
    assert rows(service, first)[0]["target"] == rows(service, again)[0]["target"] != ""
    assert service.pipeline.draft(segment("وصل الرتل."))[0].cached


def test_a_failed_draft_says_how_to_resume_and_resumes(service, tmp_path) -> None:
    from transbench.cache import DraftCache

    cache = DraftCache(tmp_path / "drafts.sqlite3")
    service.pipeline.cache = cache
    stream = service.translate_stream("وصل الرتل.\nانسحب الرتل.\nعاد الرتل.", "x", chunk=1)
    doc, _ = next(stream)
    next(stream)
    cache.close()  # the cache's database goes away mid-article
    with pytest.raises(TransbenchError, match=f"open document {doc} and press 'Draft the rest'"):
        list(stream)
    assert service.undrafted(doc) == 2
    service.pipeline.cache = DraftCache(tmp_path / "drafts.sqlite3")
    *_, (_, note) = service.draft_pending(doc)
    assert note == f"document {doc}: 3 segments drafted"
    assert all(r["target"] for r in rows(service, doc))
    assert service.undrafted(doc) == 0
    assert [h.action for h in service.workspace.history(doc, 1)] == ["drafted"]


@pytest.mark.parametrize(
    "name", ["../x.csv", "/tmp/x.csv", "a/b.csv", "x.txt", "", "..csv", "x.csv/"]
)
def test_glossary_names_outside_the_folder_are_refused(service, name) -> None:
    with pytest.raises(TransbenchError, match="refused"):
        service.glossary_file(name)


def test_a_new_glossary_file_is_created_only_in_the_folder(service, tmp_path) -> None:
    assert service.save_term("desk.csv", {"ar": "الباغوز", "en": "Baghuz"}).startswith("saved")
    assert (tmp_path / "glossary" / "desk.csv").exists()
    with pytest.raises(TransbenchError, match=r"no glossary file named gone\.csv"):
        service.delete_term("gone.csv", "الباغوز")
    assert not (tmp_path / "glossary" / "gone.csv").exists()


def test_approve_all_during_drafting_leaves_undrafted_segments_alone(service, tmp_path) -> None:
    from transbench.memory import TranslationMemory

    service.workspace.memory = TranslationMemory(tmp_path / "tm.sqlite3")
    stream = service.translate_stream("وصل الرتل.\nانسحب الرتل.\nعاد الرتل.", "x", chunk=1)
    doc, _ = next(stream)
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
    doc = service.translate("وصل الرتل.\nانسحب الرتل.", "x")
    first = rows(service, doc)[0]
    assert (first["target"], first["origin"]) == ("The convoy arrived (from memory).", "TM 100%")
    row = service.act("retranslate", doc, 1, 1, "mona")["row"]
    assert row["target"] != "The convoy arrived (from memory)." and row["status"] == "draft"
    assert row["origin"] == "MT"
    second = rows(service, doc)[1]
    row = service.act("approve", doc, 2, 1, "mona", "The convoy withdrew.", confirmed=True)["row"]
    assert second["target"] != row["target"] == "The convoy withdrew."
    with pytest.raises(TransbenchError, match="Revert to draft first"):
        service.act("retranslate", doc, 2, row["version"], "mona")
    assert service.workspace.segment(doc, 2).status == "approved"


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
        service.save_term(name, {"ar": "منبجج", "en": "Manbijj"})
    assert str(err.value).startswith("refused") and "Errno" not in str(err.value)


def test_enter_on_an_untouched_draft_changes_nothing(service) -> None:
    doc = service.translate("وصل الرتل.", "x")
    draft = rows(service, doc)[0]
    answer = service.act("save", doc, 1, draft["version"], "mona", draft["target"])
    assert answer["note"] == "segment 1 no change"
    assert (answer["row"]["status"], answer["row"]["version"]) == ("draft", 1)
    assert [h.action for h in service.workspace.history(doc, 1)] == ["drafted"]


def test_approving_text_with_qa_errors_asks_first(service) -> None:
    doc = service.translate("وصلت 12 عربة.", "x")
    answer = service.act("approve", doc, 1, 1, "mona", "Vehicles arrived.")
    assert [f["check"] for f in answer["confirm"]] == ["numbers"]
    assert answer["row"]["status"] == "edited"  # the text is saved, not approved
    version = answer["row"]["version"]
    answer = service.act("approve", doc, 1, version, "mona", "Vehicles arrived.", confirmed=True)
    assert answer["row"]["status"] == "approved" and "confirm" not in answer


def test_a_refused_save_returns_both_texts_and_keeps_mine_in_the_history(service) -> None:
    doc = service.translate("وصل الرتل.", "x")
    service.act("save", doc, 1, 1, "ali", "The convoy arrived.")
    answer = service.act("save", doc, 1, 1, "mona", "The column <M4> arrived *now*.")
    assert answer["conflict"] == {
        "mine": "The column <M4> arrived *now*.",
        "theirs": "The convoy arrived.",
        "by": "ali",
    }
    assert answer["row"]["target"] == "The convoy arrived." and answer["row"]["version"] == 2
    last = service.workspace.history(doc, 1)[-1]
    assert (last.action, last.target, last.editor) == (
        "refused",
        "The column <M4> arrived *now*.",
        "mona",
    )


def test_the_panel_numbers_terms_in_source_order_and_marks_tm_differences(
    service, tmp_path
) -> None:
    from transbench.memory import TranslationMemory

    memory = TranslationMemory(tmp_path / "tm.sqlite3")
    memory.add([("قال قيادي في قسد إن الرتل وصل إلى الحسكة.", "An SDF leader said...")], "x")
    service.workspace.memory = memory
    doc = service.translate("قال قيادي في قسد إن الرتل وصل إلى القامشلي.", "x")
    panel = service.details(doc, 1)
    assert [(t["n"], t["en"]) for t in panel["terms"]] == [(1, "SDF"), (2, "Qamishli")]
    (match,) = panel["tm"]
    assert match["score"] >= 75 and match["target"] == "An SDF leader said..."
    differs = "".join(text for text, changed in match["pieces"] if changed)
    same = "".join(text for text, changed in match["pieces"] if not changed)
    assert "قال قيادي في قسد إن الرتل وصل إلى" in same and differs.strip() in "الحسكة."
    # Taking the match records where the text came from.
    row = service.act("save", doc, 1, 1, "mona", match["target"], origin="tm:87")["row"]
    assert row["origin"] == "TM 87%"


def test_undo_steps_back_one_change_at_a_time(service) -> None:
    doc = service.translate("وصل الرتل.", "x")
    draft = rows(service, doc)[0]["target"]
    version = 1
    for text in ("First.", "Second."):
        version = service.act("save", doc, 1, version, "mona", text)["row"]["version"]
    shown, undone = "Second.", []
    for _ in range(2):
        row = service.act("undo", doc, 1, version, "mona", shown)["row"]
        version, shown = row["version"], row["target"]
        undone.append(shown)
    assert undone == ["First.", draft]  # not First., Second., First. …
    with pytest.raises(TransbenchError, match="no change to undo"):
        service.act("undo", doc, 1, version, "mona", shown)
    # An edit after an undo is undone back to where the undo left the text.
    version = service.act("save", doc, 1, version, "mona", "Third.")["row"]["version"]
    assert service.act("undo", doc, 1, version, "mona", "Third.")["row"]["target"] == draft


def test_revert_and_undo_keep_what_was_typed_in_the_history(service) -> None:
    doc = service.translate("وصل الرتل.", "x")
    draft = rows(service, doc)[0]["target"]
    row = service.act("revert", doc, 1, 1, "mona", "Typed, never saved.")["row"]
    assert row["target"] == draft and row["status"] == "draft"
    actions = [(h.action, h.target) for h in service.workspace.history(doc, 1)]
    assert ("edited", "Typed, never saved.") in actions
    row = service.act("undo", doc, 1, row["version"], "mona", draft)["row"]
    assert row["target"] == "Typed, never saved."


def test_drafting_runs_on_in_the_background(service) -> None:
    import time

    doc = service.store("وصل الرتل.\nانسحب الرتل.\nعاد الرتل.", "")
    assert service.workspace.document(doc).name == "وصل الرتل."  # named by its first line
    service.start_drafting(doc)
    service.start_drafting(doc)  # a second start while it runs changes nothing
    deadline = time.monotonic() + 60
    while service.drafting(doc)["drafting"] and time.monotonic() < deadline:
        time.sleep(0.05)
    assert service.drafting(doc) == {"drafting": False, "failed": ""}
    assert service.undrafted(doc) == 0


def test_a_waiting_segment_shows_its_terms_once_each(service) -> None:
    doc = service.store("قال قيادي في قسد إن قسد انسحبت من الرقة.", "x")
    panel = service.details(doc, 1)  # not drafted yet: the panel matches the glossary itself
    assert [(t["n"], t["en"]) for t in panel["terms"]] == [(1, "SDF"), (2, "Raqqa")]
    service.start_drafting(doc)
    import time

    while service.drafting(doc)["drafting"]:
        time.sleep(0.05)
    row = rows(service, doc)[0]
    assert [m[2] for m in row["marks"]] == [1, 1, 2] and row["terms"] == ["SDF", "Raqqa"]


def test_a_pasted_wire_story_loses_its_control_characters_and_exports(service) -> None:
    from transbench.errors import TransbenchWarning

    with pytest.warns(TransbenchWarning, match="removed 2 control character"):
        doc = service.translate("\x01وصل الرتل إلى الحسكة.\x02", "wire")
    assert rows(service, doc)[0]["source"] == "وصل الرتل إلى الحسكة."
    for fmt in ("tmx", "xliff", "docx"):
        assert Path(service.export(doc, fmt, False)).stat().st_size > 0


def test_approve_all_leaves_conflicts_and_empty_english_to_the_person(service) -> None:
    doc = service.translate("وصل الرتل.\nانسحب الرتل.\nعاد الرتل.", "x")
    service.act("save", doc, 3, 1, "mona", "")
    note = service.approve_all(doc, "mona", skip=[2])
    assert note == (
        "1 segment(s) approved; no English yet: 3; left for you to resolve the conflict: 2"
    )
    with pytest.raises(TransbenchError, match="segment 3 has no English: write it"):
        service.act("approve", doc, 3, 2, "mona", "", confirmed=True)


def test_deleting_a_document_while_it_drafts_stops_its_drafting(service, monkeypatch) -> None:
    """Deleting a document while it drafted, then pasting another, once gave the new one
    the old id: the old drafting job filled it with the deleted article's drafts, and
    its own drafting never ran (a job for that id was still running)."""
    import dataclasses
    import threading
    import time

    real, gate, calls = service.pipeline.draft, threading.Event(), []

    def draft(units):  # each draft says which source it was made for
        if units:
            calls.append([u.text for u in units])
            gate.wait(30)
        return [dataclasses.replace(d, target=f"«{d.segment.text}»") for d in real(units)]

    monkeypatch.setattr(service.pipeline, "draft", draft)
    old = service.store("\n".join(f"وصل الرتل رقم {n}." for n in range(1, 41)), "old")
    service.start_drafting(old)
    deadline = time.monotonic() + 30
    while not calls and time.monotonic() < deadline:
        time.sleep(0.01)
    service.workspace.delete(old)  # while its first chunk is being drafted
    new = service.store("\n".join(f"انسحب الجيش {n}." for n in range(1, 41)), "new")
    service.start_drafting(new)
    gate.set()
    deadline = time.monotonic() + 120
    while (service.drafting(old)["drafting"] or service.drafting(new)["drafting"]) and (
        time.monotonic() < deadline
    ):
        time.sleep(0.05)
    assert new != old
    segs = service.workspace.segments(new)
    assert [s.target for s in segs] == [f"«{s.source}»" for s in segs]  # its own drafts
    assert service.drafting(new) == {"drafting": False, "failed": ""}
    assert service.drafting(old) == {"drafting": False, "failed": ""}
    # The deleted document's drafting stopped after the chunk it was in.
    assert sum("الرتل" in calls_[0] for calls_ in calls) == 1


def test_a_terminologist_adds_the_form_a_translator_used_to_the_glossary(desk, tmp_path) -> None:
    """From a term-missing finding in the Translate screen: the English the translator
    wrote becomes an accepted alternative of the entry, in the file the hit came from,
    and the finding goes; refused without the glossary permission and for bad forms."""
    from transbench.accounts import NotAllowed
    from transbench.glossary.csvfile import GlossaryFile

    observatory = "المرصد السوري لحقوق الإنسان"
    csv_file = tmp_path / "glossary" / "syria-conflict.csv"
    doc = desk.translate(f"قال {observatory} إن الرتل وصل.\nوصل الرتل.", "x")
    desk.act("save", doc, 1, 1, "omar", "SOHR said the convoy arrived.")

    def missing() -> list[str]:
        qa = desk.workspace.segment(doc, 1).qa
        return [f["details"]["ar"] for f in qa if f["check"] == "term-missing"]

    assert missing() == [observatory]
    (panel_term,) = desk.details(doc, 1)["terms"]
    assert panel_term["missing"] and panel_term["entry"] == observatory
    assert panel_term["glossary"] == "syria-conflict"
    before = csv_file.read_bytes()
    with pytest.raises(NotAllowed, match="adding a form to the glossary needs"):
        desk.add_form(doc, 1, "omar", observatory, "SOHR")  # a translator
    for form, why in [
        ("  ", "no form to add"),
        ("SOHR المرصد", "Arabic letters"),
        ("SOHR|Observatory", "one English rendering"),
        ("Syrian Observatory for Human Rights", "already accepted"),
        ("Syrian Human Rights Observatory", "forbidden rendering"),
    ]:
        with pytest.raises(TransbenchError, match=why):
            desk.add_form(doc, 1, "tariq", observatory, form)
    with pytest.raises(TransbenchError, match="segment 2 has no glossary term"):
        desk.add_form(doc, 2, "tariq", observatory, "SOHR")
    assert csv_file.read_bytes() == before

    note = desk.add_form(doc, 1, "tariq", observatory, " SOHR ")
    assert note == f"'SOHR' added to the accepted forms of {observatory} in syria-conflict.csv"
    (entry,) = [t for t in GlossaryFile.load(csv_file).terms() if t.ar == observatory]
    assert entry.en_alternatives == ("SOHR",) and entry.en == "Syrian Observatory for Human Rights"
    after = csv_file.read_bytes().splitlines()
    changed = [(a, b) for a, b in zip(before.splitlines(), after, strict=True) if a != b]
    assert len(changed) == 1  # only that entry's line
    # The open document follows at once: the finding is gone, the panel offers the form.
    assert missing() == []
    (panel_term,) = desk.details(doc, 1)["terms"]
    assert not panel_term["missing"] and "SOHR" in panel_term["alternatives"]
    with pytest.raises(TransbenchError, match="already accepted"):
        desk.add_form(doc, 1, "amal", observatory, "SOHR")  # an admin may; not twice


def test_a_form_reaches_the_glossary_from_a_segment_stored_before_hits_named_it(
    service, tmp_path
) -> None:
    import json
    import sqlite3

    doc = service.translate("قال المرصد السوري إن الرتل وصل.", "x")
    service.act("save", doc, 1, 1, "mona", "The monitor said the convoy arrived.")
    with sqlite3.connect(tmp_path / "ws.sqlite3") as db:  # as an older transbench stored it
        (terms,) = db.execute("SELECT terms FROM segments WHERE doc_id = ?", (doc,)).fetchone()
        old = [{k: v for k, v in t.items() if k != "glossary"} for t in json.loads(terms)]
        db.execute("UPDATE segments SET terms = ? WHERE doc_id = ?", (json.dumps(old), doc))
    assert service.details(doc, 1)["terms"][0]["glossary"] == ""
    service.add_form(doc, 1, "", "المرصد السوري لحقوق الإنسان", "the monitor")
    assert not [f for f in service.workspace.segment(doc, 1).qa if f["check"] == "term-missing"]


def test_exports_of_documents_with_one_name_never_share_a_file(service) -> None:
    first = service.store("وصل الرتل إلى منبج.", "report")
    second = service.store("قال قيادي في قسد إن الوضع هادئ.", "report")
    a = service.export(first, "tsv", False)
    b = service.export(second, "tsv", False)
    assert a != b and Path(a).name == Path(b).name == "report.tsv"
    assert "منبج" in Path(a).read_text(encoding="utf-8")
    assert "قسد" in Path(b).read_text(encoding="utf-8")


def test_concurrent_exports_each_deliver_their_own_document(service) -> None:
    from concurrent.futures import ThreadPoolExecutor

    docs = {service.store(f"وصل الرتل رقم {n} إلى منبج.", "same"): f"{n}" for n in range(8)}

    def export(doc):
        return doc, Path(service.export(doc, "tsv", False)).read_text(encoding="utf-8")

    with ThreadPoolExecutor(8) as pool:
        for doc, text in pool.map(export, list(docs) * 5):
            assert f"رقم {docs[doc]} " in text


def test_old_exports_are_removed(service, monkeypatch) -> None:
    import os

    from transbench.ui import service as module

    monkeypatch.setattr(module, "KEPT_EXPORTS", 3)
    doc = service.store("وصل الرتل إلى منبج.", "report")
    paths = [Path(service.export(doc, "tsv", False)) for _ in range(6)]
    assert [p.exists() for p in paths] == [False, False, False, True, True, True]
    os.utime(paths[3].parent, (0, 0))  # an export from long ago
    latest = Path(service.export(doc, "tsv", False))
    assert not paths[3].exists() and latest.exists()
    assert len(list(service.export_dir.glob("export-*"))) == 3
