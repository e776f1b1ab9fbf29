"""The editor as `transbench serve` starts it, attacked the way a hostile web page or API
caller would: paths out of the glossary folder, a foreign Host (DNS rebinding), writes
from another site, files the caller never uploaded. Traffic goes only to 127.0.0.1."""

import json
import os
from pathlib import Path

import pytest

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
gradio_client = pytest.importorskip("gradio_client")

from transbench.segment import segment  # noqa: E402
from transbench.workspace import Workspace  # noqa: E402

from .conftest import EXAMPLE  # noqa: E402
from .serving import SegmentCalls, drafted, serve  # noqa: E402

# The glossary form's columns after ar and en, left empty (see `records.COLUMNS`).
UNSET = [""] * 8


@pytest.fixture(scope="module")
def server(ending_model_dir, tmp_path_factory):
    with serve(tmp_path_factory.mktemp("serve-home"), ending_model_dir) as srv:
        yield srv


def test_serve_as_started_drafts_the_example_with_cache_and_memory(server) -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    doc, *_ = server.client().predict(text, "example", None, api_name="/translate")
    rows = drafted(SegmentCalls(server.url), doc)["rows"]
    assert len(rows) == len(segment(text))
    assert all(r["target"].strip() for r in rows), "a segment was left without a draft"
    assert (server.home / "cache" / "transbench" / "drafts.sqlite3").exists()
    assert (server.home / "data" / "transbench" / "memory.sqlite3").exists()
    assert Workspace(server.db).segments(doc)[0].origin == "mt"


BAD_NAMES = [
    "glossary/../../outside/pwn.csv",
    "../outside.csv",
    "/tmp/tb-attack/deep/evil.csv",
    "sub/new.csv",
    "site.pth",
    ".hidden.csv",
    "a\nb.csv",
]


@pytest.mark.parametrize("name", BAD_NAMES)
def test_glossary_paths_outside_the_folder_are_refused(server, name) -> None:
    client = server.client()
    before = sorted(p.relative_to(server.home) for p in server.home.rglob("*") if p.is_file())
    with pytest.raises(gradio_client.exceptions.AppError, match="refused"):
        client.predict(name, "منبجج", "Manbijj", *UNSET, 0, api_name="/glossary_save")
    with pytest.raises(gradio_client.exceptions.AppError, match="refused"):
        client.predict(name, "منبج", 0, api_name="/glossary_delete")
    after = sorted(p.relative_to(server.home) for p in server.home.rglob("*") if p.is_file())
    assert [p for p in after if p not in before and "glossary" in str(p)] == []
    assert not Path("/tmp/tb-attack").exists()


def test_a_symlink_out_of_the_folder_is_refused(server, tmp_path) -> None:
    outside = tmp_path / "outside.csv"
    outside.write_text("ar,en\nحلب,Aleppo\n", encoding="utf-8")
    before = outside.read_bytes()
    (server.glossary / "linked.csv").symlink_to(outside)
    try:
        client = server.client()
        with pytest.raises(gradio_client.exceptions.AppError, match="refused"):
            client.predict("linked.csv", "منبج", "Manbij", *UNSET, 0, api_name="/glossary_save")
        with pytest.raises(gradio_client.exceptions.AppError, match="refused"):
            client.predict("linked.csv", "حلب", 0, api_name="/glossary_delete")
    finally:
        (server.glossary / "linked.csv").unlink()
    assert outside.read_bytes() == before


def test_system_files_are_neither_touched_nor_quoted(server) -> None:
    client = server.client()
    for name in ("/etc/passwd", "../../../../etc/passwd", "passwd.csv"):
        with pytest.raises(gradio_client.exceptions.AppError) as err:
            client.predict(name, "root", 0, api_name="/glossary_delete")
        assert "root:" not in str(err.value)
    assert not (server.glossary / "passwd.csv").exists()


def test_a_glossary_file_in_the_folder_can_be_edited(server) -> None:
    client = server.client()
    note, _ = client.predict(
        "syria-conflict.csv", "الباغوز", "Baghuz", *UNSET, 0, api_name="/glossary_save"
    )
    assert note.startswith("saved")
    assert "الباغوز,Baghuz" in (server.glossary / "syria-conflict.csv").read_text("utf-8")
    note, _ = client.predict("syria-conflict.csv", "الباغوز", 0, api_name="/glossary_delete")
    assert note.startswith("deleted")


def test_a_file_the_caller_never_uploaded_is_refused(server) -> None:
    documents = len(Workspace(server.db).documents())
    passwd = {"path": "/etc/passwd", "meta": {"_type": "gradio.FileData"}}
    status, text = server.call("translate", ["", "", passwd])
    assert status == 200
    event = json.loads(text)["event_id"]
    _, stream = server.request("GET", f"/gradio_api/call/translate/{event}", {"Host": server.host})
    assert "event: error" in stream and "root:" not in stream
    assert len(Workspace(server.db).documents()) == documents


def test_a_foreign_host_name_is_refused(server) -> None:
    """DNS rebinding: a page on rebind.attacker.example re-points its name at 127.0.0.1."""
    foreign = f"rebind.attacker.example:{server.port}"
    status, text = server.request("GET", "/", {"Host": foreign})
    assert status == 403 and "--allowed-host" in text
    data = ["x.csv", "منبجج", "Manbijj", *UNSET, 0]
    status, _ = server.call("glossary_save", data, host=foreign, origin=f"http://{foreign}")
    assert status == 403
    assert not (server.glossary / "x.csv").exists()


def test_writes_from_another_site_are_refused(server) -> None:
    for origin in ("http://evil.example", "null", f"http://localhost:{server.port + 1}"):
        assert server.call("documents", [], origin=origin)[0] == 403, origin
    assert server.call("documents", [], origin=f"http://{server.host}")[0] == 200
    # The segment list's own calls (save, approve) go through the same guard.
    body = json.dumps(
        {"session_hash": "x", "component_id": 1, "fn_name": "act", "data": {"action": "save"}}
    )
    for origin in ("http://evil.example", "null"):
        headers = {"Host": server.host, "Origin": origin, "Content-Type": "application/json"}
        status, _ = server.request("POST", "/gradio_api/component_server", headers, body)
        assert status == 403, origin


def test_an_interrupted_document_is_drafted_from_the_ui(server) -> None:
    """As left by a server killed mid-drafting: stored, segments without drafts."""
    text = "وصل الرتل إلى الحسكة.\nانسحب الرتل.\nWe will stay."
    doc = Workspace(server.db).create_pending("cut off", text, "tiny", segment(text))
    client = server.client()
    _, signal = client.predict(doc, api_name="/open")
    assert signal["note"].startswith("3 segment(s) not drafted yet")
    signal = client.predict(doc, api_name="/resume")
    assert signal["note"] == f"drafting the rest of document {doc}"
    assert all(r["target"] for r in drafted(SegmentCalls(server.url), doc)["rows"])
    _, signal = client.predict(doc, api_name="/open")
    assert signal["note"] == ""


def test_uploads_must_be_articles_of_an_article_size(server, tmp_path) -> None:
    import io
    import zipfile

    import docx
    from gradio_client import handle_file

    documents = len(Workspace(server.db).documents())
    client = server.client()
    program = tmp_path / "setup.exe"
    program.write_bytes(b"MZ" + bytes(4096))
    with pytest.raises(gradio_client.exceptions.AppError, match=r"(?i)file type|not an article"):
        client.predict("", "", handle_file(str(program)), api_name="/translate")
    huge = tmp_path / "huge.txt"
    huge.write_bytes("خبر. ".encode() * (4 << 20))  # 32 MiB
    with pytest.raises(Exception, match=r"(?i)size|large|limit"):
        client.predict("", "", handle_file(str(huge)), api_name="/translate")
    page = docx.Document()
    page.add_paragraph("وصل الرتل.")
    buffer = io.BytesIO()
    page.save(buffer)
    bomb = tmp_path / "bomb.docx"
    with (
        zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as src,
        zipfile.ZipFile(bomb, "w") as dst,
    ):
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(b"<w:body>", b"<w:body>" + b" " * (64 << 20))
            dst.writestr(info, data, zipfile.ZIP_DEFLATED)
    assert bomb.stat().st_size < 1 << 20
    with pytest.raises(gradio_client.exceptions.AppError, match="a possible zip bomb"):
        client.predict("", "", handle_file(str(bomb)), api_name="/translate")
    assert len(Workspace(server.db).documents()) == documents


IMG = "<img src=x onerror=alert(1)>"


def unescaped_markup(note: str) -> list[str]:
    """The characters that could make markup and have no backslash before them."""
    import re

    return re.findall(r"(?<!\\)[<>\[\]!&]", note)


def test_notes_and_errors_show_html_as_text(server) -> None:
    """A glossary entry, an account or document name with HTML in it comes back escaped,
    in the Markdown notes and in the error pop-ups (both render HTML)."""
    client = server.client()
    name = "syria-conflict.csv"
    note, _ = client.predict(name, "تجربة", IMG, *UNSET, 0, api_name="/glossary_save")
    try:
        assert note.startswith("saved") and "\\<img" in note
        assert unescaped_markup(note) == []
        with pytest.raises(gradio_client.exceptions.AppError) as refused:
            client.predict(
                name, f"![x](http://e.example/t.png){IMG}", 0, api_name="/glossary_delete"
            )
        assert "&lt;img src=x onerror=alert(1)&gt;" in str(refused.value)
        assert "<img" not in str(refused.value)
    finally:
        client.predict(name, "تجربة", 0, api_name="/glossary_delete")
    doc = Workspace(server.db).create_pending(IMG, "نص.", "m", segment("نص."))
    _, note = client.predict(doc, f"[x]({IMG})", "all", api_name="/assign")
    assert note.startswith(f"document {doc} assigned to") and unescaped_markup(note) == []
