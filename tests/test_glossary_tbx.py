"""TBX and CAT-tool CSV/TSV exchange keeps everything a glossary stores."""

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
    assert lines[0].split("\t") == ["ar", "en", "ar_variants", "en_forbidden", "note", "Domain"]
    assert lines[1].split("\t") == ["الرقة", "Raqqa", "", "", "city", "geo"]


def test_mapping_to_a_missing_column_is_a_clear_error(tmp_path, capsys) -> None:
    src = tmp_path / "x.csv"
    src.write_text("Source,Target\nالرقة,Raqqa\n", encoding="utf-8")
    code = main(["glossary", "import", str(src), "-g", str(tmp_path / "d.csv"), "--map", "Src=ar"])
    assert code == 2
    assert "--map names column(s) not in the header: Src" in capsys.readouterr().err
