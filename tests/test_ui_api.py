"""The editor through its HTTP API (gradio_client), as the browser uses it."""

import os
from pathlib import Path

import pytest

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

gradio_client = pytest.importorskip("gradio_client")

from transbench.glossary import collection  # noqa: E402
from transbench.glossary.matcher import Matcher  # noqa: E402
from transbench.glossary.records import COLUMNS  # noqa: E402
from transbench.memory import TranslationMemory  # noqa: E402
from transbench.models.loading import load_model  # noqa: E402
from transbench.models.registry import load_registry  # noqa: E402
from transbench.mt.transformers_backend import TransformersTranslator  # noqa: E402
from transbench.pipeline import Pipeline  # noqa: E402
from transbench.ui.app import launch  # noqa: E402
from transbench.ui.service import EditorService, person  # noqa: E402
from transbench.workspace import Workspace  # noqa: E402

from .conftest import GLOSSARY, ROOT  # noqa: E402
from .serving import SegmentCalls, drafted, free_port  # noqa: E402

TEXT = "وصل الرتل إلى الحسكة.\nقال قيادي في قسد إن 12 عربة وصلت.\nWe will stay."


@pytest.fixture(scope="module")
def pipeline(tiny_model_dir):
    spec = load_registry(ROOT / "models.yaml").resolve(str(tiny_model_dir))
    matcher = Matcher(collection.all_terms(collection.load_files([GLOSSARY])))
    return Pipeline(TransformersTranslator(load_model(spec)), matcher, "hard")


def start(pipeline, db, tm):
    service = EditorService(pipeline, Workspace(db, TranslationMemory(tm)), GLOSSARY)
    port = free_port()
    demo = launch(
        service, server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True
    )
    url = f"http://127.0.0.1:{port}/"
    return demo, gradio_client.Client(url, verbose=False), SegmentCalls(url)


def test_round_trip_conflict_and_restart(pipeline, tmp_path) -> None:
    db, tm = tmp_path / "ws.sqlite3", tmp_path / "tm.sqlite3"
    demo, client, editor = start(pipeline, db, tm)
    try:
        doc, signal, *_ = client.predict(TEXT, "patrols", None, api_name="/translate")
        assert signal == {"doc": doc, "note": f"document {doc} stored; drafting it"}
        view = drafted(editor, doc)
        assert view["failed"] == ""
        assert view["name"] == "patrols"
        assert [r["status"] for r in view["rows"]] == ["draft", "draft", "approved"]
        assert view["rows"][0]["source"] == "وصل الرتل إلى الحسكة."
        # Nobody typed a name: the person running the editor is the editor.
        who = person()

        saved = editor(
            "act", doc=doc, seg=1, version=1, action="save", text="The convoy reached Hasakah."
        )
        assert (saved["row"]["version"], saved["row"]["status"]) == (2, "edited")
        approved = editor(
            "act", doc=doc, seg=1, version=2, action="approve", text="The convoy reached Hasakah."
        )
        assert approved["row"]["status"] == "approved" and approved["row"]["version"] == 3
        assert Workspace(db).history(doc, 1)[-1].editor == who

        # ali still has version 1 open: his save is refused, the segment keeps the
        # approved text, and the answer carries both texts as they are (<M4> included).
        refused = editor(
            "act",
            doc=doc,
            seg=1,
            version=1,
            action="save",
            text="The convoy took the <M4> to Hasakah.",
        )
        assert refused["conflict"] == {
            "mine": "The convoy took the <M4> to Hasakah.",
            "theirs": "The convoy reached Hasakah.",
            "by": who,
        }
        assert refused["row"]["target"] == "The convoy reached Hasakah."
        assert Workspace(db).history(doc, 1)[-1].action == "refused"

        panel = editor("details", doc=doc, seg=2)
        assert [t["en"] for t in panel["terms"]] == ["SDF"]

        path = client.predict(doc, "xliff", True, api_name="/export")
        xliff = Path(path).read_text(encoding="utf-8")
        assert "The convoy reached Hasakah." in xliff and 'state="signed-off"' in xliff
        assert "قسد" not in xliff  # only approved units

        terms = client.predict("SDF", api_name="/glossary_search")
        assert any(r[2] == "قوات سوريا الديمقراطية" for r in terms["data"])
    finally:
        demo.close()

    demo, client, editor = start(pipeline, db, tm)  # a restart keeps the state
    try:
        docs = client.predict(api_name="/documents")
        assert docs["data"][0][1] == "patrols" and docs["data"][0][5] == "1/2"
        _, signal = client.predict(doc, api_name="/open")
        assert signal == {"doc": doc, "note": ""}  # fully drafted
        first = editor("view", doc=doc)["rows"][0]
        assert (first["target"], first["status"]) == ("The convoy reached Hasakah.", "approved")
        assert TranslationMemory(tm).exact("وصل الرتل إلى الحسكة.") is not None
    finally:
        demo.close()


def test_upload_a_file_through_the_api(pipeline, tmp_path) -> None:
    article = tmp_path / "wire.html"
    article.write_text(
        "<html><body><h1>دوريات قرب القحطانية</h1><p>وصل الرتل إلى الحسكة.</p></body></html>",
        encoding="utf-8",
    )
    demo, client, editor = start(pipeline, tmp_path / "ws.sqlite3", tmp_path / "tm.sqlite3")
    try:
        doc, *_ = client.predict(
            "", "", gradio_client.handle_file(str(article)), api_name="/translate"
        )
        rows = drafted(editor, doc)["rows"]
        assert [r["id"] for r in rows] == [1, 2] and all(r["target"] for r in rows)
        docs = client.predict(api_name="/documents")
        assert docs["data"][0][1] == "wire"  # named after the file
    finally:
        demo.close()


def test_mistakes_get_a_clear_answer_and_lose_nothing(pipeline, tmp_path) -> None:
    article = tmp_path / "wire.txt"
    article.write_text("وصل الرتل إلى الحسكة.", encoding="utf-8")
    demo, client, editor = start(pipeline, tmp_path / "ws.sqlite3", tmp_path / "tm.sqlite3")
    AppError = gradio_client.exceptions.AppError
    try:
        with pytest.raises(AppError, match="open or translate a document first"):
            client.predict(None, "docx", False, api_name="/export")
        with pytest.raises(AppError, match="both a pasted article and an uploaded file"):
            client.predict(TEXT, "", gradio_client.handle_file(str(article)), api_name="/translate")
        doc, *_ = client.predict(TEXT, "patrols", None, api_name="/translate")
        drafted(editor, doc)
        # A segment that is not there, or a request the editor never makes: a plain answer.
        assert editor("details", doc=doc, seg=99) == {"error": f"no segment 99 in document {doc}"}
        assert "does not understand" in editor("act", doc=doc, seg="x")["error"]
        # Re-translate keeps what was typed: it is saved first, and Undo brings it back.
        row = editor("act", doc=doc, seg=1, version=1, action="retranslate", text="My own words.")[
            "row"
        ]
        assert row["version"] == 3 and row["target"] != "My own words."
        row = editor("act", doc=doc, seg=1, version=3, action="undo", text=row["target"])["row"]
        assert row["target"] == "My own words."
    finally:
        demo.close()


def test_editing_a_glossary_entry_keeps_its_other_fields(pipeline, tmp_path) -> None:
    import shutil

    folder = tmp_path / "glossary"
    shutil.copytree(GLOSSARY, folder)
    service = EditorService(
        pipeline, Workspace(tmp_path / "ws.sqlite3", TranslationMemory(tmp_path / "tm")), folder
    )
    port = free_port()
    demo = launch(
        service, server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True
    )
    client = gradio_client.Client(f"http://127.0.0.1:{port}/", verbose=False)
    try:
        empty = [""] * 9
        loaded = client.predict(
            "syria-conflict.csv", "القحطانية", *empty, api_name="/glossary_entry"
        )
        unchanged = {"__type__": "update"}  # a field the answer leaves as it is
        file, *values = loaded
        entry = dict(zip(COLUMNS, values, strict=True))
        assert file == unchanged
        file = "syria-conflict.csv"
        assert (entry["ar"], entry["en"], entry["en_forbidden"], entry["note"]) == (
            "القحطانية",
            "al-Qahtaniyah",
            "Qahtaniyeh|Kahtaniyah",
            "Town in Hasakah province; Kurdish name Tirbespiyê",
        )
        # Every column is on the form, so an edit keeps them; typing goes on untouched
        # while the entry field is left, once the form holds anything.
        entry["en"], entry["en_alternatives"], entry["enforce"] = "Qahtaniyah", "Kahtaniya", "soft"
        typed = [entry[c] for c in COLUMNS]
        answer = client.predict(file, *typed, api_name="/glossary_entry")
        assert answer == (unchanged,) * (len(COLUMNS) + 1)
        client.predict(file, *typed, 0, api_name="/glossary_save")
        (saved,) = [t for t in collection.load_files([folder])[0].terms() if t.ar == entry["ar"]]
        assert (saved.en, saved.en_forbidden, saved.note) == (
            "Qahtaniyah",
            ("Qahtaniyeh", "Kahtaniyah"),
            "Town in Hasakah province; Kurdish name Tirbespiyê",
        )
        assert (saved.en_alternatives, saved.enforce) == (("Kahtaniya",), "soft")
    finally:
        demo.close()
