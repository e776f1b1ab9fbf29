"""Translation memory: approved work is reused exactly, offered when similar, never guessed."""

from pathlib import Path

import pytest

from transbench.cli import main
from transbench.memory import TranslationMemory
from transbench.memory.tmx_io import read_tmx

DATA = Path(__file__).parent / "data"


@pytest.fixture
def memory(tmp_path) -> TranslationMemory:
    tm = TranslationMemory(tmp_path / "tm.sqlite3")
    tm.add(
        [
            (
                "وصل الرتل الأميركي إلى الحسكة صباح اليوم.",
                "The US convoy reached Hasakah this morning.",
            ),
            (
                "انسحب الرتل الروسي من القامشلي مساء أمس.",
                "The Russian convoy left Qamishli last night.",
            ),
            ("قال المرصد إن 12 شخصاً قتلوا.", "The Observatory said 12 people were killed."),
        ],
        origin="test",
    )
    return tm


def test_import_omegat_tmx() -> None:
    pairs = read_tmx(DATA / "omegat-project.tmx").pairs
    assert pairs == [
        (
            "وصل الرتل الأميركي إلى الحسكة صباح اليوم.",
            "The US convoy reached Hasakah this morning.",
        ),
        (
            "وقال المتحدث باسم التحالف إن الدورية انتهت.",
            "The coalition spokesman said the patrol ended.",
        ),
    ]


def test_import_trados_tmx_drops_inline_codes_keeps_highlighted_text() -> None:
    pairs = read_tmx(DATA / "trados-export.tmx").pairs
    assert pairs == [
        (
            "أعلنت قوات سوريا الديمقراطية انسحابها من المنطقة.",
            "The SDF announced its withdrawal from the area.",
        ),
        ("ارتفعت الحصيلة إلى 12 قتيلاً.", "The toll rose to 12 dead."),
    ]


def test_exact_match_ignores_diacritics_spacing_and_punctuation(memory) -> None:
    match = memory.exact("وَصَلَ  الرتل الأمـيركي إلى الحسكة صباح اليوم")
    assert match is not None and match.score == 1.0
    assert match.target == "The US convoy reached Hasakah this morning."
    assert memory.exact("وصل الرتل الأميركي إلى الرقة صباح اليوم.") is None


def test_fuzzy_offers_similar_units_with_the_differences(memory) -> None:
    query = "وصل الرتل الأميركي إلى الرقة صباح اليوم."
    (match,) = memory.fuzzy(query, threshold=0.75)
    assert 0.75 <= match.score < 1.0
    assert match.source == "وصل الرتل الأميركي إلى الحسكة صباح اليوم."
    changed = [query[i1:i2] for tag, i1, i2, _, _ in match.diff]
    assert "".join(changed) in "الرقة" and changed
    assert memory.fuzzy(query, threshold=0.95) == []
    assert memory.fuzzy("نص مختلف تماماً عن كل ما سبق", threshold=0.75) == []


def test_newer_approval_replaces_older(memory) -> None:
    memory.add(
        [("قال المرصد إن 12 شخصاً قتلوا.", "12 people were killed, the Observatory said.")],
        origin="editor",
    )
    assert memory.exact("قال المرصد إن 12 شخصاً قتلوا.").target.startswith("12 people")
    assert memory.stats()["units"] == 3


def test_pipeline_reuses_exact_and_only_offers_fuzzy(memory, tiny_model_dir) -> None:
    from transbench.models.loading import load_model
    from transbench.models.registry import load_registry
    from transbench.mt.transformers_backend import TransformersTranslator
    from transbench.pipeline import Pipeline

    from .conftest import ROOT

    spec = load_registry(ROOT / "models.yaml").resolve(str(tiny_model_dir))
    pipeline = Pipeline(TransformersTranslator(load_model(spec)), None, "off", memory=memory)
    text = "وصل الرتل الأميركي إلى الحسكة صباح اليوم.\nوصل الرتل الأميركي إلى الرقة صباح اليوم."
    exact, fuzzy = pipeline.translate_text(text).drafts
    assert (exact.origin, exact.target) == ("tm", "The US convoy reached Hasakah this morning.")
    assert fuzzy.origin == "mt"
    assert fuzzy.target != "The US convoy reached Hasakah this morning."
    assert [m.target for m in fuzzy.suggestions] == ["The US convoy reached Hasakah this morning."]
    assert fuzzy.to_record()["tm_suggestions"][0]["score"] >= 0.75


def test_tm_cli_import_search_stats_export(tmp_path, capsys) -> None:
    tm = tmp_path / "desk.sqlite3"
    assert (
        main(
            [
                "tm",
                "import",
                str(DATA / "omegat-project.tmx"),
                str(DATA / "trados-export.tmx"),
                "--tm",
                str(tm),
            ]
        )
        == 0
    )
    assert main(["tm", "stats", "--tm", str(tm)]) == 0
    out = capsys.readouterr().out
    assert "4 units" in out and "tmx:omegat-project.tmx: 2" in out
    assert main(["tm", "search", "وصل الرتل الأميركي إلى الرقة صباح اليوم", "--tm", str(tm)]) == 0
    score, source, target, origin = capsys.readouterr().out.rstrip("\n").split("\t")
    assert 75 <= int(score.rstrip("%")) < 100
    assert (source, target, origin) == (
        "وصل الرتل الأميركي إلى الحسكة صباح اليوم.",
        "→ The US convoy reached Hasakah this morning.",
        "[tmx:omegat-project.tmx]",
    )
    out_tmx = tmp_path / "all.tmx"
    assert main(["tm", "export", "-o", str(out_tmx), "--tm", str(tm)]) == 0
    assert len(read_tmx(out_tmx).pairs) == 4


def test_bad_tmx_is_a_clear_error(tmp_path, capsys) -> None:
    bad = tmp_path / "x.tmx"
    bad.write_text("<notes/>", encoding="utf-8")
    assert main(["tm", "import", str(bad), "--tm", str(tmp_path / "tm.sqlite3")]) == 2
    assert "not TMX" in capsys.readouterr().err


def test_looking_at_a_memory_never_creates_one(tmp_path, capsys) -> None:
    from transbench.cli import main

    missing = tmp_path / "none.sqlite3"
    for command in (["stats"], ["search", "وصل الرتل"], ["export", "-o", "-"]):
        assert main(["tm", *command, "--tm", str(missing)]) == 2
        assert "no translation memory there" in capsys.readouterr().err
    assert not missing.exists()
    junk = tmp_path / "junk.sqlite3"
    junk.write_text("not a database", encoding="utf-8")
    assert main(["tm", "stats", "--tm", str(junk)]) == 2
    assert f"{junk}: not a usable translation memory database" in capsys.readouterr().err
    empty = tmp_path / "empty.sqlite3"
    empty.touch()
    assert main(["tm", "stats", "--tm", str(empty)]) == 2
    assert f"{empty}: an empty file, not a translation memory" in capsys.readouterr().err
    assert empty.stat().st_size == 0  # a look never writes


def test_tmx_round_trip_keeps_drafts_out_of_the_memory(tmp_path, capsys) -> None:
    """A bilingual TMX export holds machine drafts too; importing it back must not turn
    them into approved memory (they would come back as exact matches)."""
    from transbench.export import EXPORTERS, BilingualDocument, BilingualUnit

    units = (
        BilingualUnit(1, "وصل الرتل.", "The convoy arrived.", 1, "approved"),
        BilingualUnit(2, "انسحب الرتل.", "Kkk withdrew kk.", 1, "draft"),
        BilingualUnit(3, "عاد الرتل.", "The convoy came back.", 1, "translated"),
    )
    tmx = tmp_path / "doc.tmx"
    tmx.write_bytes(EXPORTERS["tmx"].render(BilingualDocument("doc", units)))
    tm = tmp_path / "tm.sqlite3"
    assert main(["tm", "import", str(tmx), "--tm", str(tm)]) == 0
    err = capsys.readouterr().err
    assert "2 pairs" in err and "2 new" in err and "1 unconfirmed draft(s) left out" in err
    memory = TranslationMemory(tm)
    assert memory.exact("انسحب الرتل.") is None and memory.exact("وصل الرتل.") is not None
    assert main(["tm", "import", str(tmx), "--tm", str(tm), "--include-drafts"]) == 0
    assert "1 new, 2 already there" in capsys.readouterr().err
    assert memory.exact("انسحب الرتل.").target == "Kkk withdrew kk."


def test_tmx_segments_are_read_exactly(tmp_path) -> None:
    tmx = tmp_path / "x.tmx"
    tmx.write_text(
        '<tmx version="1.4"><header srclang="ar"/><body><tu>'
        '<tuv xml:lang="ar"><seg>وصل  الرتل<!-- checked -->\tالأول.</seg></tuv>'
        '<tuv xml:lang="en"><seg>The first  convoy<?pi x?> arrived.</seg></tuv>'
        "</tu></body></tmx>",
        encoding="utf-8",
    )
    assert read_tmx(tmx).pairs == [("وصل  الرتل\tالأول.", "The first  convoy arrived.")]


def test_a_tmx_without_the_pair_says_what_it_has_and_leaves_nothing(tmp_path, capsys) -> None:
    tmx = tmp_path / "fr.tmx"
    tmx.write_text(
        '<tmx version="1.4"><header srclang="en-US"/><body><tu>'
        '<tuv xml:lang="en-US"><seg>Hello</seg></tuv><tuv xml:lang="fr-FR"><seg>Bonjour</seg>'
        "</tuv></tu></body></tmx>",
        encoding="utf-8",
    )
    tm = tmp_path / "tm.sqlite3"
    assert main(["tm", "import", str(tmx), "--tm", str(tm)]) == 2
    assert "no ar-en pairs; the file's languages are en-US, fr-FR" in capsys.readouterr().err
    assert not tm.exists()
