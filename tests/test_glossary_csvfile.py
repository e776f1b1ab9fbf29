"""Glossary CSV files come back byte for byte except for the rows that were edited."""

import pytest

from transbench.errors import InputError
from transbench.glossary.csvfile import GlossaryFile

ORIGINAL = (
    "ar,en,ar_variants,en_forbidden,note,reviewer\r\n"
    'قوات سوريا الديمقراطية,SDF,قسد,,"Kurdish-led, US-backed",mona\r\n'
    "\r\n"
    "الحسكة,Hasakah,,Hasaka|Hassakeh,,ali\r\n"
    '"الرقة",Raqqa,,,"multi\r\nline note",\r\n'
)


@pytest.fixture
def path(tmp_path):
    p = tmp_path / "desk.csv"
    p.write_bytes(b"\xef\xbb\xbf" + ORIGINAL.encode())
    return p


def test_untouched_file_round_trips_exactly(path) -> None:
    gf = GlossaryFile.load(path)
    assert gf.encoded() == path.read_bytes()
    assert [t.ar for t in gf.terms()] == ["قوات سوريا الديمقراطية", "الحسكة", "الرقة"]
    assert [t.line for t in gf.terms()] == [2, 4, 5]
    assert gf.terms()[1].en_forbidden == ("Hasaka", "Hassakeh")


def test_edit_changes_only_its_row(path) -> None:
    gf = GlossaryFile.load(path)
    gf.upsert({"ar": "الحسكة", "en": "Hasakah", "note": "city and province"})
    gf.upsert({"ar": "منبج", "en": "Manbij"})
    text = gf.encoded().decode("utf-8-sig")
    before = ORIGINAL.split("\r\n")
    after = text.split("\r\n")
    assert after[:3] == before[:3]  # header, SDF row, blank line untouched
    assert after[3] == "الحسكة,Hasakah,,Hasaka|Hassakeh,city and province,ali"
    assert after[4:6] == before[4:6]  # the quoted multi-line row stays as written
    assert after[6] == "منبج,Manbij,,,,"
    assert text.endswith("\r\n")


def test_remove_keeps_order_and_extra_columns(path) -> None:
    gf = GlossaryFile.load(path)
    assert gf.remove("الحسكة")
    assert not gf.remove("غير موجود")
    again = GlossaryFile.parse(gf.render(), path)
    assert [t.ar for t in again.terms()] == ["قوات سوريا الديمقراطية", "الرقة"]
    assert again.columns[-1] == "reviewer"
    assert again.rows[0].values["reviewer"] == "mona"


def test_missing_required_column_names_file(tmp_path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("arabic,en\nx,y\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.csv:1: header lacks required column\(s\) ar"):
        GlossaryFile.load(bad)


def test_a_file_that_is_not_a_glossary_is_not_quoted(tmp_path) -> None:
    secret = tmp_path / "shadow.csv"
    secret.write_text("root:$6$salt$hash:19000:0:99999:7:::\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        GlossaryFile.load(secret)
    assert "$6$salt" not in str(err.value) and "19000" not in str(err.value)


def test_malformed_quotes_name_the_line(tmp_path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text('ar,en\nx,y\n"z,w\nمنبج,Manbij\nالرقة,Raqqa\n', encoding="utf-8")
    # The quote opens on line 3; the parser only notices at the end of the file.
    with pytest.raises(InputError, match=r"bad\.csv:3: malformed CSV in the entry that starts"):
        GlossaryFile.load(bad)


def test_appending_to_a_file_without_final_newline(tmp_path) -> None:
    p = tmp_path / "g.csv"
    p.write_text("ar,en\nالرقة,Raqqa", encoding="utf-8")
    gf = GlossaryFile.load(p)
    gf.upsert({"ar": "منبج", "en": "Manbij"})
    assert gf.render() == "ar,en\nالرقة,Raqqa\nمنبج,Manbij\n"
