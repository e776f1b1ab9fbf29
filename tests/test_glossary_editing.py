"""Concurrent edits lose nothing, and an edit that breaks lint is not written."""

import subprocess
import sys
from pathlib import Path

import pytest

from transbench.glossary.csvfile import GlossaryFile
from transbench.glossary.editing import GlossaryLintError, edit

WRITER = """
import sys
from transbench.glossary.editing import edit
path, tag, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
for i in range(count):
    ar = f"مصطلح {'أب'[tag == 'b']} {i:03d}".translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    edit(path, lambda gf: gf.upsert({"ar": ar, "en": f"term {tag} {i}"}))
"""


def test_two_processes_adding_concurrently_lose_nothing(tmp_path) -> None:
    path = tmp_path / "shared.csv"
    path.write_text("ar,en,note\nالرقة,Raqqa,keep me\n", encoding="utf-8")
    procs = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(path), tag, "40"]) for tag in ("a", "b")
    ]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    terms = GlossaryFile.load(path).terms()
    assert len(terms) == 81
    assert terms[0].note == "keep me"
    assert len({t.en for t in terms}) == 81
    assert not list(tmp_path.glob(".shared.csv.*.tmp"))


def test_lint_failure_leaves_the_file_untouched(tmp_path) -> None:
    path = tmp_path / "g.csv"
    original = b"ar,en,en_forbidden\n\xd8\xa7\xd9\x84\xd8\xb1\xd9\x82\xd8\xa9,Raqqa,\n"
    path.write_bytes(original)
    with pytest.raises(GlossaryLintError, match="forbidden-equals-en"):
        edit(path, lambda gf: gf.upsert({"ar": "منبج", "en": "Manbij", "en_forbidden": "Manbij"}))
    assert path.read_bytes() == original


def test_edit_creates_a_new_glossary(tmp_path) -> None:
    path = tmp_path / "desk.csv"
    edit(path, lambda gf: gf.upsert({"ar": "منبج", "en": "Manbij"}))
    from transbench.glossary.records import OPTIONAL_COLUMNS

    # The default header: the required columns, then every optional one (ar_variants, …).
    assert Path(path).read_text(encoding="utf-8").splitlines() == [
        ",".join(["ar", "en", *OPTIONAL_COLUMNS]),
        "منبج,Manbij" + "," * len(OPTIONAL_COLUMNS),
    ]
    assert OPTIONAL_COLUMNS[:3] == ("ar_variants", "en_forbidden", "note")


def test_an_edit_never_creates_folders(tmp_path) -> None:
    from transbench.errors import TransbenchError

    with pytest.raises(TransbenchError, match="no such folder; create it first"):
        edit(
            tmp_path / "new" / "deep" / "g.csv",
            lambda gf: gf.upsert({"ar": "الرقة", "en": "Raqqa"}),
        )
    assert list(tmp_path.iterdir()) == []


def test_a_symlinked_glossary_is_edited_where_it_lives(tmp_path) -> None:
    real = tmp_path / "team" / "shared.csv"
    real.parent.mkdir()
    real.write_text("ar,en\nالرقة,Raqqa\n", encoding="utf-8")
    link = tmp_path / "shared.csv"
    link.symlink_to(real)
    edit(link, lambda gf: gf.upsert({"ar": "منبج", "en": "Manbij"}))
    assert link.is_symlink()
    assert real.read_text(encoding="utf-8") == "ar,en\nالرقة,Raqqa\nمنبج,Manbij\n"


def test_a_glossary_edit_cleans_up_after_a_killed_one(tmp_path) -> None:
    from transbench.glossary.editing import edit

    glossary = tmp_path / "desk.csv"
    glossary.write_text("ar,en\n", encoding="utf-8")
    leftover = tmp_path / ".desk.csv.ab12cd34.tmp"
    leftover.write_text("half", encoding="utf-8")
    other = tmp_path / ".other.csv.ab12cd34.tmp"  # another file's: not this edit's business
    other.write_text("half", encoding="utf-8")
    edit(glossary, lambda gf: gf.upsert({"ar": "منبج", "en": "Manbij"}))
    assert not leftover.exists() and other.exists()
