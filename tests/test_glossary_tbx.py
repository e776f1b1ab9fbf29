"""TBX and CAT-tool CSV/TSV exchange keeps everything a glossary stores."""

from lxml import etree

from transbench.cli import main
from transbench.glossary.csvfile import GlossaryFile
from transbench.glossary.tabular import parse_mapping, read_table
from transbench.glossary.tbx import read_tbx, write_tbx

TBX_V2 = """<?xml version="1.0" encoding="UTF-8"?>
<martif type="TBX-Basic" xml:lang="en-US">
  <martifHeader><fileDesc><sourceDesc><p>Termbase from another tool</p></sourceDesc></fileDesc>
  </martifHeader>
  <text><body>
    <termEntry id="c1">
      <descrip type="subjectField">armed groups</descrip>
      <note>Kurdish-led alliance</note>
      <langSet xml:lang="ar-SY">
        <tig><term>قسد</term><termNote type="administrativeStatus">admittedTerm-admn-sts</termNote></tig>
        <tig><term>قوات سوريا الديمقراطية</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
      </langSet>
      <langSet xml:lang="en-GB">
        <tig><term>SDF</term><termNote type="administrativeStatus">preferredTerm-admn-sts</termNote></tig>
        <tig><term>Syrian Democratic Forces</term></tig>
        <tig><term>Democratic Syria Forces</term><termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote></tig>
      </langSet>
    </termEntry>
    <termEntry id="c2">
      <langSet xml:lang="fr"><tig><term>Raqqa</term></tig></langSet>
    </termEntry>
  </body></text>
</martif>
"""

TBX_V3 = """<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="dca" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2">
  <text><body>
    <conceptEntry id="x">
      <langSec xml:lang="ar"><termSec><term>الحسكة</term></termSec></langSec>
      <langSec xml:lang="en"><termSec><term>Hasakah</term></termSec></langSec>
    </conceptEntry>
  </body></text>
</tbx>
"""


def test_reads_tbx_from_another_tool(tmp_path) -> None:
    src = tmp_path / "in.tbx"
    src.write_text(TBX_V2, encoding="utf-8")
    assert read_tbx(src) == [
        {
            "subjectField": "armed groups",
            "note": "Kurdish-led alliance",
            "ar": "قوات سوريا الديمقراطية",
            "ar_variants": "قسد",
            "en": "SDF",
            "en_alternatives": "Syrian Democratic Forces",
            "en_forbidden": "Democratic Syria Forces",
        }
    ]


def test_reads_tbx_v3(tmp_path) -> None:
    src = tmp_path / "v3.tbx"
    src.write_text(TBX_V3, encoding="utf-8")
    assert read_tbx(src) == [{"ar": "الحسكة", "en": "Hasakah"}]


def test_round_trip_tbx_csv_tbx_loses_nothing(tmp_path) -> None:
    src = tmp_path / "in.tbx"
    src.write_text(TBX_V2, encoding="utf-8")
    csv_path = tmp_path / "desk.csv"
    assert main(["glossary", "import", str(src), "--glossary", str(csv_path)]) == 0
    out = tmp_path / "out.tbx"
    assert main(["glossary", "export", "--glossary", str(csv_path), "-o", str(out)]) == 0
    assert read_tbx(out) == read_tbx(src)
    stored = GlossaryFile.load(csv_path).terms()[0]
    assert stored.ar_variants == ("قسد",) and stored.en_forbidden == ("Democratic Syria Forces",)


def test_write_tbx_is_tbx_basic() -> None:
    data = write_tbx([{"ar": "الرقة", "en": "Raqqa", "en_forbidden": "Rakka"}])
    assert b'type="TBX-Basic"' in data and b"deprecatedTerm-admn-sts" in data


def test_cat_tool_tsv_with_column_mapping(tmp_path) -> None:
    src = tmp_path / "memoq.tsv"
    src.write_text(
        "Arabic\tEnglish\tComment\tDomain\nالرقة\tRaqqa\tcity\tgeo\nمنبج\tManbij\t\tgeo\n",
        encoding="utf-8",
    )
    rows = read_table(src, parse_mapping("Arabic=ar,English=en,Comment=note"))
    assert rows[0] == {"ar": "الرقة", "en": "Raqqa", "note": "city", "Domain": "geo"}
    target = tmp_path / "desk.csv"
    assert (
        main(
            [
                "glossary",
                "import",
                str(src),
                "-g",
                str(target),
                "--map",
                "Arabic=ar,English=en,Comment=note",
            ]
        )
        == 0
    )
    again = tmp_path / "again.tsv"
    assert main(["glossary", "export", "-g", str(target), "-o", str(again)]) == 0
    lines = again.read_text(encoding="utf-8").splitlines()
    from transbench.glossary.records import OPTIONAL_COLUMNS

    # A new glossary has the default columns (the optional ones empty), then the extra one.
    header = lines[0].split("\t")
    assert header == ["ar", "en", *OPTIONAL_COLUMNS, "Domain"]
    row = dict(zip(header, lines[1].split("\t"), strict=True))
    assert row == {**dict.fromkeys(header, ""), "ar": "الرقة", "en": "Raqqa", "note": "city"} | {
        "Domain": "geo"
    }


def test_mapping_to_a_missing_column_is_a_clear_error(tmp_path, capsys) -> None:
    src = tmp_path / "x.csv"
    src.write_text("Source,Target\nالرقة,Raqqa\n", encoding="utf-8")
    code = main(["glossary", "import", str(src), "-g", str(tmp_path / "d.csv"), "--map", "Src=ar"])
    assert code == 2
    assert "--map names column(s) not in the header: Src" in capsys.readouterr().err


TBX_V3_DCT = """<?xml version="1.0" encoding="UTF-8"?>
<tbx style="dct" type="TBX-Basic" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2"
     xmlns:min="http://www.tbxinfo.net/ns/min" xmlns:basic="http://www.tbxinfo.net/ns/basic">
  <tbxHeader><fileDesc><sourceDesc><p>DCT style</p></sourceDesc></fileDesc></tbxHeader>
  <text><body>
    <conceptEntry id="isis">
      <min:subjectField>armed groups</min:subjectField>
      <descrip>Jihadist group; the desk
          writes the short form.</descrip>
      <langSec xml:lang="ar_LY">
        <termSec><term>\u200fتنظيم الدولة الإسلامية\u200f</term>
          <min:administrativeStatus>preferredTerm-admn-sts</min:administrativeStatus></termSec>
      </langSec>
      <langSec xml:lang="en-US">
        <termSec><term>Islamic State</term>
          <min:administrativeStatus>preferredTerm-admn-sts</min:administrativeStatus>
          <note>with the article
            in running text</note></termSec>
        <termSec><term>ISIS</term>
          <min:administrativeStatus>admittedTerm-admn-sts</min:administrativeStatus></termSec>
        <termSec><term>ISIL</term>
          <min:administrativeStatus>supersededTerm-admn-sts</min:administrativeStatus></termSec>
        <termSec><term>Daesh state</term>
          <min:administrativeStatus>deprecatedTerm-admn-sts</min:administrativeStatus></termSec>
      </langSec>
    </conceptEntry>
  </body></text>
</tbx>
"""


def test_tbx_v3_dct_statuses_marks_and_notes(tmp_path) -> None:
    """Status as DCT elements (superseded is not admitted), an `ar_LY` language code, a
    right-to-left mark around the Arabic (taken out, with a warning), an untyped descrip and
    a term's own note wrapped over lines (kept, on one line)."""
    import pytest

    from transbench.errors import TransbenchWarning

    path = tmp_path / "dct.tbx"
    path.write_text(TBX_V3_DCT, encoding="utf-8")
    with pytest.warns(TransbenchWarning, match=r"invisible format characters .* 1 entr.*: isis"):
        (row,) = read_tbx(path)
    assert row["ar"] == "تنظيم الدولة الإسلامية"
    assert (row["en"], row["en_alternatives"]) == ("Islamic State", "ISIS")
    assert row["en_forbidden"] == "ISIL|Daesh state"
    assert row["note"] == (
        "Jihadist group; the desk writes the short form.; "
        "Islamic State: with the article in running text"
    )
    glossary = tmp_path / "desk.csv"
    glossary.write_text("ar,en\n", encoding="utf-8")
    assert main(["glossary", "import", str(path), "-g", str(glossary)]) == 0
    (term,) = GlossaryFile.load(glossary).terms()
    assert term.ar == "تنظيم الدولة الإسلامية" and "ISIL" in term.en_forbidden


def test_an_import_refused_by_lint_names_the_entry(tmp_path, capsys) -> None:
    bad = TBX_V2.replace("Democratic Syria Forces", "SDF")  # required and forbidden at once
    path = tmp_path / "bad.tbx"
    path.write_text(bad, encoding="utf-8")
    glossary = tmp_path / "desk.csv"
    glossary.write_text("ar,en\n", encoding="utf-8")
    assert main(["glossary", "import", str(path), "-g", str(glossary)]) == 2
    err = capsys.readouterr().err
    assert "(new entry 'قوات سوريا الديمقراطية')" in err and "forbidden" in err
    assert glossary.read_text(encoding="utf-8") == "ar,en\n"


def test_a_termbase_without_arabic_and_english_is_refused_and_leaves_no_file(
    tmp_path, capsys
) -> None:
    path = tmp_path / "fr.tbx"
    path.write_text(
        TBX_V2.replace('xml:lang="ar-SY"', 'xml:lang="fr"').replace(
            'xml:lang="en-GB"', 'xml:lang="de"'
        ),
        encoding="utf-8",
    )
    glossary = tmp_path / "new.csv"
    assert main(["glossary", "import", str(path), "-g", str(glossary)]) == 2
    assert "the file's languages are fr, de" in capsys.readouterr().err
    assert not glossary.exists()


def test_ar_not_travels_through_tbx_as_a_descrip(tmp_path) -> None:
    """TBX has no exclusion field: ar_not leaves as <descrip type="ar_not"> and comes back."""
    from transbench.cli import main

    src = tmp_path / "g.csv"
    src.write_text("ar,en,ar_not\nواشنطن,Washington,واشنطن بوست|جورج واشنطن\n", "utf-8")
    tbx = tmp_path / "g.tbx"
    assert main(["glossary", "export", "-g", str(src), "-o", str(tbx)]) == 0
    assert '<descrip type="ar_not">واشنطن بوست|جورج واشنطن</descrip>' in tbx.read_text("utf-8")
    back = tmp_path / "back.csv"
    assert main(["glossary", "import", str(tbx), "-g", str(back)]) == 0
    (term,) = GlossaryFile.load(back).terms()
    assert term.ar_not == ("واشنطن بوست", "جورج واشنطن")


def test_plural_forms_travel_as_arabic_terms_with_their_number(tmp_path) -> None:
    row = {"ar": "عربة مدرعة", "en": "armoured vehicle", "ar_plural": "عربات مدرعة|عربتان مدرعتان"}
    data = write_tbx([row])
    root = etree.fromstring(data)
    numbers = {
        tig.findtext("term"): tig.findtext("termNote[@type='grammaticalNumber']")
        for tig in root.iter("tig")
    }
    # Other tools see the plural forms as Arabic terms of the entry, marked plural.
    assert numbers == {
        "عربة مدرعة": None,
        "armoured vehicle": None,
        "عربات مدرعة": "plural",
        "عربتان مدرعتان": "plural",
    }
    path = tmp_path / "plural.tbx"
    path.write_bytes(data)
    assert read_tbx(path) == [row]
