"""The glossary commands as a desk uses them, including the shipped starter glossary."""

import json

import pytest

from transbench.cli import main
from transbench.glossary import GlossaryFile, Matcher, load_files

from .conftest import EXAMPLE, GLOSSARY, ROOT


def test_starter_glossary_is_large_clean_and_varied(capsys) -> None:
    files = load_files([GLOSSARY])
    terms = [t for gf in files for t in gf.terms()]
    assert len(terms) >= 80
    assert sum(bool(t.ar_variants) for t in terms) >= 20
    assert sum(bool(t.note) for t in terms) >= 30
    assert main(["glossary", "lint", str(GLOSSARY)]) == 0
    assert "0 error(s)" in capsys.readouterr().err


def test_example_article_hits_the_key_terms() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    found = {
        h.en for h in Matcher([t for gf in load_files([GLOSSARY]) for t in gf.terms()]).find(text)
    }
    assert {
        "SDF",
        "deconfliction line",
        "Hasakah",
        "al-Qahtaniyah",
        "AFP",
        "Islamic State",
        "Pentagon",
        "Syrian Observatory for Human Rights",
    } <= found
    assert "Russia" not in found  # روسياً is the adjective, not the country


def test_match_jsonl_fields(capsys) -> None:
    text = "قال مسؤول لقوات سوريا الديمقراطية إن خط عدم التضارب بالحسكة"
    assert main(["glossary", "match", text, "-g", str(GLOSSARY)]) == 0
    hits = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(h["surface"], h["en"]) for h in hits] == [
        ("لقوات سوريا الديمقراطية", "SDF"),
        ("خط عدم التضارب", "deconfliction line"),
        ("بالحسكة", "Hasakah"),
    ]
    for h in hits:
        assert text[h["start"] : h["end"]] == h["surface"]
        assert h["glossary"] == "syria-conflict" and h["ar"]


def test_match_reads_file_and_default_folder(capsys, monkeypatch) -> None:
    monkeypatch.chdir(ROOT)
    assert main(["glossary", "match", "--file", str(EXAMPLE), "--format", "text"]) == 0
    assert "→ SDF\t[syria-conflict:" in capsys.readouterr().out


def test_match_needs_text_or_file(capsys) -> None:
    assert main(["glossary", "match", "-g", str(GLOSSARY)]) == 2
    assert "give either TEXT or --file FILE" in capsys.readouterr().err


def test_lint_exit_code_and_locations(tmp_path, capsys) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("ar,en,en_forbidden\nالرقة,Raqqa,Raqqa\n", encoding="utf-8")
    assert main(["glossary", "lint", str(bad)]) == 1
    assert f"{bad}:2: error:" in capsys.readouterr().out


def test_add_search_list_remove(tmp_path, capsys) -> None:
    g = tmp_path / "desk.csv"
    assert (
        main(
            [
                "glossary",
                "add",
                "-g",
                str(g),
                "--ar",
                "منبج",
                "--en",
                "Manbij",
                "--forbidden",
                "Menbij",
                "--note",
                "town",
            ]
        )
        == 0
    )
    assert main(["glossary", "add", "-g", str(g), "--ar", "منبج", "--en", "Manbidj"]) == 2
    assert "already there; use --replace" in capsys.readouterr().err
    assert main(["glossary", "search", "منبج", "-g", str(g)]) == 0
    assert main(["glossary", "search", "menbij", "-g", str(g)]) == 0
    assert capsys.readouterr().out.count("منبج\t→ Manbij") == 2
    assert main(["glossary", "list", "-g", str(g)]) == 0
    assert "desk:2\tمنبج\t→ Manbij" in capsys.readouterr().out
    assert main(["glossary", "remove", "منبج", "-g", str(g)]) == 0
    assert GlossaryFile.load(g).terms() == []
    assert main(["glossary", "remove", "منبج", "-g", str(g)]) == 2


def test_add_refuses_what_lint_rejects(tmp_path, capsys) -> None:
    g = tmp_path / "desk.csv"
    g.write_text("ar,en\nالرقة,Raqqa\n", encoding="utf-8")
    before = g.read_bytes()
    assert main(["glossary", "add", "-g", str(g), "--ar", "الرقه", "--en", "Rakka"]) == 2
    assert "source-conflict" in capsys.readouterr().err
    assert g.read_bytes() == before


@pytest.mark.parametrize(
    "args", [["glossary", "lint", "nope/"], ["glossary", "list", "-g", "x.csv"]]
)
def test_missing_paths_exit_2(args, capsys) -> None:
    assert main(args) == 2
    assert "no such glossary" in capsys.readouterr().err


def test_export_refuses_to_overwrite_its_source(tmp_path, capsys) -> None:
    g = tmp_path / "desk.csv"
    g.write_text("ar,en\nالرقة,Raqqa\n", encoding="utf-8")
    assert main(["glossary", "export", "-g", str(g), "-o", str(g)]) == 2
    assert g.read_text(encoding="utf-8") == "ar,en\nالرقة,Raqqa\n"


def test_the_readme_adds_and_removes_a_term_the_starter_glossary_lacks() -> None:
    """Following the README as written must not delete a shipped entry."""
    import re

    from .conftest import GLOSSARY, ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    added = re.findall(r'glossary add --ar "([^"]+)"', readme)
    removed = re.findall(r'glossary remove "([^"]+)"', readme)
    shipped = {t.ar for gf in load_files([GLOSSARY]) for t in gf.terms()}
    assert added and removed == added
    assert not set(added) & shipped


def test_an_entry_without_english_is_left_out_with_a_warning(tmp_path, capsys) -> None:
    g = tmp_path / "g.csv"
    g.write_text("ar,en\nمنبج,\nالرقة,Raqqa\n", encoding="utf-8")
    assert main(["glossary", "match", "-g", str(g), "وصل إلى منبج والرقة"]) == 0
    out, err = capsys.readouterr()
    assert [json.loads(line)["en"] for line in out.splitlines()] == ["Raqqa"]
    assert f"transbench: warning: {g}:2: entry without English left out" in err


def test_options_follow_one_convention(tmp_path, capsys) -> None:
    """-g/--glossary and -f/--format mean the same in every command."""
    article = tmp_path / "a.txt"
    article.write_text("وصل الرتل إلى الرقة.", encoding="utf-8")
    assert main(["glossary", "match", "-i", str(article), "-f", "text", "-g", str(GLOSSARY)]) == 0
    assert "→ Raqqa" in capsys.readouterr().out
    assert main(["glossary", "lint", "-g", str(GLOSSARY)]) == 0
    assert main(["serve", "-g", str(article), "-m", "x"]) == 2
    assert "--glossary must be an existing folder" in capsys.readouterr().err


def test_match_reads_a_windows_1256_file_as_translate_does(tmp_path, capsys, monkeypatch):
    import io
    import sys

    data = "قال المتحدث باسم قوات سوريا الديمقراطية.".encode("cp1256")
    legacy = tmp_path / "legacy.txt"
    legacy.write_bytes(data)
    assert main(["glossary", "match", "-i", str(legacy), "-g", str(GLOSSARY)]) == 0
    assert '"en": "SDF"' in capsys.readouterr().out
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert main(["glossary", "match", "-", "-g", str(GLOSSARY)]) == 0  # - is stdin
    assert '"en": "SDF"' in capsys.readouterr().out


@pytest.mark.parametrize(
    ("command", "name", "says"),
    [
        (["glossary", "export", "-g", str(GLOSSARY)], "terms.docx", ".tbx or .csv or .tsv"),
        (["tm", "export"], "memory.csv", ".tmx"),
    ],
)
def test_an_export_named_for_another_format_is_refused(tmp_path, capsys, command, name, says):
    out = tmp_path / name
    assert main([*command, "-o", str(out)]) == 2
    assert f"{out}: this command writes {says} files" in capsys.readouterr().err
    assert not out.exists()
