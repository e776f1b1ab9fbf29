"""One workspace, several editors at once: through the editor's worker threads and through
other programs. No save is lost or accepted twice, reads never wait for a writer, and a
file that cannot be used is named."""

import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from transbench.segment import segment
from transbench.sqlitedb import StorageError
from transbench.workspace import DocumentGone, VersionConflict, Workspace

TEXT = "وصل الرتل إلى الحسكة. وانسحب بعد ساعة."
RACES = 1500


@pytest.fixture
def ws(tmp_path):
    workspace = Workspace(tmp_path / "ws.sqlite3", busy_seconds=0.5)
    yield workspace
    workspace.close()


def test_a_save_and_an_approval_racing_on_one_version_never_both_win(ws) -> None:
    doc = ws.create_pending("race", TEXT, "m", segment(TEXT))
    ws.save(doc, 1, "The convoy arrived.", 0, "drafter", status="draft")
    barrier = threading.Barrier(2)

    def attempt(who: str, version: int, i: int):
        barrier.wait()
        try:
            if who == "alice":
                return ws.save(doc, 1, f"The convoy reached Hasakah ({i}).", version, who)
            return ws.approve(doc, 1, version, who, to_memory=False)
        except VersionConflict:
            return None

    both, none, lost = 0, 0, 0
    with ThreadPoolExecutor(2) as pool:
        for i in range(RACES):
            before = ws.segment(doc, 1)
            alice = pool.submit(attempt, "alice", before.version, i)
            bob = pool.submit(attempt, "bob", before.version, i)
            won = [s for s in (alice.result(), bob.result()) if s is not None]
            after = ws.segment(doc, 1)
            both += len(won) == 2
            none += not won
            lost += bool(won) and (after.version, after.target) != (won[0].version, won[0].target)
            if after.status == "approved":  # back to an editable draft for the next race
                ws.save(doc, 1, after.target, after.version, "reset", status="draft")
    assert (both, none, lost) == (0, 0, 0)
    refused = [e for e in ws.history(doc, 1) if e.action == "refused"]
    assert len(refused) == RACES  # every losing attempt is kept in the history


def test_reads_do_not_wait_for_another_programs_write_and_a_blocked_save_says_so(ws) -> None:
    doc = ws.create_pending("busy", TEXT, "m", segment(TEXT))
    other = sqlite3.connect(ws.path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another program holds the write lock
    try:
        assert [s.id for s in ws.segments(doc)] == [1, 2]
        with pytest.raises(StorageError, match=r"the workspace is busy .* nothing was written"):
            ws.save(doc, 1, "The convoy arrived.", 0, "alice")
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert ws.save(doc, 1, "The convoy arrived.", 0, "alice").version == 1


def test_a_file_that_is_not_a_workspace_is_named(tmp_path) -> None:
    junk = tmp_path / "notes.sqlite3"
    junk.write_text("not a database, just notes\n" * 100, encoding="utf-8")
    with pytest.raises(StorageError, match=f"{junk}: not a usable workspace database"):
        Workspace(junk)
    assert junk.read_text(encoding="utf-8").startswith("not a database")  # left as it was


def test_a_document_deleted_during_an_edit_keeps_the_text(ws) -> None:
    doc = ws.create_pending("gone", TEXT, "m", segment(TEXT))
    ws.delete(doc)
    with pytest.raises(DocumentGone) as gone:
        ws.save(doc, 2, "He withdrew an hour later.", 0, "alice")
    assert "was deleted while you were editing it" in str(gone.value)
    assert gone.value.attempted == "He withdrew an hour later."


def test_a_workspace_from_an_older_transbench_opens_with_its_documents(tmp_path) -> None:
    path = tmp_path / "old.sqlite3"
    old = sqlite3.connect(path)
    old.executescript(
        "CREATE TABLE documents (id INTEGER PRIMARY KEY, name TEXT NOT NULL, "
        "source_text TEXT NOT NULL, model TEXT NOT NULL, created REAL NOT NULL, "
        "updated REAL NOT NULL);"
        "INSERT INTO documents VALUES (1, 'patrols', 'وصل الرتل.', 'm', 0, 0);"
    )
    old.commit()
    old.close()
    ws = Workspace(path)
    (doc,) = ws.documents()
    assert (doc.name, doc.assignee, doc.stage) == ("patrols", "", "new")
    ws.assign(1, "omar")
    assert ws.document(1).assignee == "omar"


def test_serve_names_a_workspace_file_that_is_not_one(tmp_path, tiny_model_dir, capsys) -> None:
    from transbench.cli import main

    junk = tmp_path / "desk.sqlite3"
    junk.write_bytes(b"PK\x03\x04 a zip, not a database" * 50)
    assert main(["serve", "--db", str(junk), "-m", str(tiny_model_dir)]) == 2
    err = capsys.readouterr().err
    assert f"{junk}: not a usable workspace database" in err and "internal error" not in err
