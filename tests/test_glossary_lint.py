"""Lint catches each class of glossary mistake, with the file and line."""

from pathlib import Path

import pytest

from transbench.glossary.csvfile import GlossaryFile
from transbench.glossary.lint import lint

HEADER = "ar,en,ar_variants,en_forbidden,note\n"


def findings_for(tmp_path: Path, body: str, name: str = "g.csv"):
    p = tmp_path / name
    p.write_text(HEADER + body, encoding="utf-8")
    return lint([GlossaryFile.load(p)])


CASES = [
    ("missing-field", "الرقة,,,,\n", 2),
    ("missing-field", ",Raqqa,,,\n", 2),
    ("source-conflict", "الرقة,Raqqa,,,\nالرقه,Rakka,,,\n", 3),
    (
        "source-conflict",
        "الحسكة,Hasakah,مدينة الحسكة,,\nمحافظة الحسكة,Hasakah province,مدينة الحسكه,,\n",
        3,
    ),
    ("variant-is-term", "قوات سوريا الديمقراطية,SDF,,,\nقسد,SDF,قوات سوريا الديمقراطية,,\n", 3),
    ("forbidden-equals-en", "داعش,Islamic State,,ISIL|islamic state,\n", 2),
    ("whitespace", "الرقة ,Raqqa,,,\n", 2),
    ("whitespace", "الرقة,Raqqa,,Rakka | Al-Raqqah,\n", 2),
    ("whitespace", "الرقة,Raqqa  city,,,\n", 2),
    ("mixed-script", "قواتs,SDF,,,\n", 2),
    ("mixed-script", "الرقة,الرقة Raqqa,,,\n", 2),
    ("invisible-char", "الرقة\u200f,Raqqa,,,\n", 2),
    ("field-count", "الرقة,Raqqa,,,,extra\n", 2),
]


@pytest.mark.parametrize(
    ("code", "body", "line"), CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)]
)
def test_each_error_class(tmp_path, code: str, body: str, line: int) -> None:
    found = [f for f in findings_for(tmp_path, body) if f.severity == "error"]
    assert [(f.code, f.line) for f in found] == [(code, line)]
    assert str(found[0]).startswith(f"{tmp_path / 'g.csv'}:{line}: error:")


def test_clean_rows_have_no_findings(tmp_path) -> None:
    body = "الرقة,Raqqa,,Rakka,\nقوات سوريا الديمقراطية,SDF,قسد,,Kurdish-led\nالطريق M4,M4 highway,,,\n"
    assert findings_for(tmp_path, body) == []


@pytest.mark.parametrize(
    ("code", "body"),
    [
        ("duplicate", "الرقة,Raqqa,,,\nالرقه,Raqqa,,,\n"),
        ("redundant-variant", "الرقة,Raqqa,الرقه,,\n"),
        ("clitic-prefix", "بالحسكة,Hasakah,,,\n"),
    ],
)
def test_warnings_do_not_count_as_errors(tmp_path, code: str, body: str) -> None:
    found = findings_for(tmp_path, body)
    assert [(f.severity, f.code) for f in found] == [("warning", code)]


def test_override_across_files_is_a_warning_on_the_lower_file(tmp_path) -> None:
    project = tmp_path / "a-project.csv"
    project.write_text(HEADER + "الرقة,Raqqa city,,,\n", encoding="utf-8")
    shared = tmp_path / "b-shared.csv"
    shared.write_text(HEADER + "الرقة,Raqqa,,,\n", encoding="utf-8")
    found = lint([GlossaryFile.load(project), GlossaryFile.load(shared)])
    assert [(Path(f.path).name, f.severity, f.code) for f in found] == [
        ("b-shared.csv", "warning", "overridden")
    ]


def test_enforce_values_and_frequent_common_words(tmp_path, capsys) -> None:
    from transbench.cli import main

    glossary = tmp_path / "g.csv"
    glossary.write_text("ar,en,enforce\nالقاعدة,Al-Qaeda,\nتدمر,Palmyra,sometimes\n", "utf-8")
    assert main(["glossary", "lint", str(glossary)]) == 1
    assert "g.csv:3: error: 'enforce' must be one of hard, soft, check" in capsys.readouterr().out
    glossary.write_text("ar,en,enforce\nالقاعدة,Al-Qaeda,\nتدمر,Palmyra,check\n", "utf-8")
    corpus = tmp_path / "general.txt"
    corpus.write_text("وضع المصباح على القاعدة.\nهذه هي القاعدة.\nتدمر العاصفة البيوت.\n", "utf-8")
    assert main(["glossary", "lint", str(glossary), "--corpus", str(corpus)]) == 0
    captured = capsys.readouterr()
    out = captured.out + captured.err
    assert "g.csv:2: warning: 'القاعدة' matches 2 of 3 corpus lines" in out
    assert "تدمر" not in out  # already check-only


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("واشنطن,Washington,,,,صحيفة نيويورك تايمز\n", "does not contain the term or a variant"),
        ("واشنطن,Washington,,,,واشنطن\n", "is a form of the entry itself"),
        ("سوريا,Syria,سورية,,,قوات سورية الديمقراطية|وشنطن\n", "'وشنطن' does not contain"),
    ],
)
def test_ar_not_must_hold_the_entry(tmp_path, body: str, message: str) -> None:
    p = tmp_path / "g.csv"
    p.write_text("ar,en,ar_variants,en_forbidden,note,ar_not\n" + body, encoding="utf-8")
    found = lint([GlossaryFile.load(p)])
    assert [(f.severity, f.code, f.line) for f in found] == [("error", "ar-not", 2)]
    assert message in found[0].message


def test_ar_not_phrases_that_hold_the_entry_are_clean(tmp_path) -> None:
    p = tmp_path / "g.csv"
    p.write_text(
        "ar,en,ar_variants,ar_not\n"
        "واشنطن,Washington,,جورج واشنطن|واشنطن بوست|جامعة جورج واشنطن\n"
        "الولايات المتحدة,United States,أمريكا,اكتشاف أمريكا|اتحاد الولايات المتحدة\n"
        "حظر التجول,curfew,,حظر تجول ليلي\n",  # the indefinite form counts too
        encoding="utf-8",
    )
    assert lint([GlossaryFile.load(p)]) == []
    p.write_text("ar,en,ar_not\nواشنطن,Washington,واشنطن بوست | جورج واشنطن\n", "utf-8")
    assert [f.code for f in lint([GlossaryFile.load(p)])] == ["whitespace"]


def test_corpus_lint_lists_hits_inside_longer_names(tmp_path, capsys) -> None:
    from transbench.cli import main

    glossary = tmp_path / "g.csv"
    glossary.write_text("ar,en\nواشنطن,Washington\nالميادين,Mayadin\nدمشق,Damascus\n", "utf-8")
    corpus = tmp_path / "news.txt"
    corpus.write_text(
        "ذكرت صحيفة واشنطن بوست أن واشنطن قررت الانسحاب.\n"
        "وقالت لواشنطن بوست إن الاتفاق قريب.\n"
        "تخرج في جامعة واشنطن عام 1990.\n"
        'وأعلن "جيش واشنطن الحر" مسؤوليته.\n'
        "ونقلت قناة الميادين عن مصادر في دمشق.\n" + "قصف على الميادين ودمشق.\n" * 20,
        "utf-8",
    )
    assert main(["glossary", "lint", str(glossary), "--corpus", str(corpus)]) == 0
    err = capsys.readouterr().err
    (washington,) = [line for line in err.splitlines() if "g.csv:2:" in line and "inside" in line]
    assert "'واشنطن' may sit inside a longer name in 4 of 5 corpus hits" in washington
    assert "'واشنطن بوست' ×2 (e.g. «…ذكرت صحيفة واشنطن بوست" in washington
    assert "'جامعة واشنطن' ×1" in washington and "'\"جيش واشنطن الحر\"' ×1" in washington
    assert washington.endswith("add the ones that are other names to ar_not [inside-name]")
    assert "'الميادين' may sit inside a longer name in 1 of 21 corpus hits: 'قناة الميادين'" in err
    assert "'دمشق' may sit" not in err
