"""A glossary entry is a lexeme: its English inflects, and the Arabic says which number a
draft needs. One notion of a term's accepted forms serves matching, QA and the editor."""

import pytest

from transbench import qa
from transbench.glossary import collection
from transbench.glossary.forms import COUNTED, PLURAL, accepted
from transbench.glossary.matcher import Matcher
from transbench.glossary.presence import find_term
from transbench.glossary.records import Term
from transbench.pipeline import qa_unit

from .conftest import GLOSSARY

VEHICLE = Term(
    "عربة مدرعة",
    "armoured vehicle",
    ar_plural=("عربات مدرعة", "عربتان مدرعتان", "عربتين مدرعتين"),
)


@pytest.fixture(scope="module")
def starter() -> Matcher:
    return Matcher(collection.all_terms(collection.load_files([GLOSSARY])))


def checks(source: str, target: str, matcher: Matcher) -> list[str]:
    return [f.check for f in qa.check(qa_unit(source, target, matcher.find(source)))]


@pytest.mark.parametrize(
    ("source", "number"),
    [
        ("تجاوز رتل من 12 عربة مدرعة خط عدم التضارب", COUNTED),
        ("رتل من ١٢ عربة مدرعة", COUNTED),
        ("نحو 2,000 عربة مدرعة", COUNTED),
        ("مئة عربة مدرعة", COUNTED),
        ("خمس وعشرين عربة مدرعة", COUNTED),
        ("ثلاث عربات مدرعة", COUNTED),
        ("عربتان مدرعتان روسيتان", PLURAL),
        ("شاهدنا العربتين المدرعتين", PLURAL),
        ("عربة مدرعة واحدة", ""),
        ("العربة المدرعة", ""),
        # A year is a date, not a count; a stop ends the count.
        ("منذ 2019 عربة مدرعة", ""),
        ("بلغ العدد 12. عربة مدرعة", ""),
    ],
)
def test_the_arabic_decides_the_number(source, number) -> None:
    (hit,) = Matcher([VEHICLE]).find(source)
    assert hit.number == number


def test_plural_where_the_arabic_counts_singular_forms_where_it_does_not() -> None:
    assert accepted("armoured vehicle", number=COUNTED) == ("armoured vehicles",)
    assert accepted("armoured vehicle", number=PLURAL) == ("armoured vehicles", "armoured vehicle")
    assert accepted("armoured vehicle") == ("armoured vehicle", "armoured vehicles")
    # Written in the plural, an entry still has its singular; irregular plurals come from
    # a lexicon, not a suffix rule; names, acronyms and uncountables have no number.
    assert accepted("sleeper cells") == ("sleeper cells", "sleeper cell")
    assert accepted("militiaman", number=COUNTED) == ("militiamen",)
    assert accepted("Ministry of Defence") == ("Ministry of Defence",)
    assert accepted("SDF", number=COUNTED) == ("SDF",)
    assert accepted("police", number=COUNTED) == ("police",)
    assert accepted("cease-fire", number=COUNTED) == ("cease-fires",)
    assert accepted("US forces", ("US troops",), number=COUNTED) == ("US forces", "US troops")


@pytest.mark.parametrize(
    ("source", "target"),
    [
        # Issue 30's false alarms on real systems' output, each a form of the entry.
        ("دول أمريكا الوسطى", "Central American countries"),
        ("قال الأمريكيون في الولايات المتحدة", "Americans said"),
        ("جماعة تدعمها روسيا", "a Russian-backed group"),
        ("فرض حظر التجول في المدن", "curfews were imposed in the towns"),
        ("انتشر الجيش في سوريا", "the Syrian army deployed"),
        ("قالت الولايات المتحدة", "The USA said"),
        ("قالت وزارة الدفاع الأميركية", "the U.S. Department of Defense said"),
        # Possessives and compounds need no forms of their own.
        ("قالت روسيا", "Russia's ministry said"),
        ("بقيادة الولايات المتحدة", "the US-led coalition"),
        ("قواعد عسكرية", "the military bases' gates"),
    ],
)
def test_inflected_and_derived_forms_are_the_term(starter, source, target) -> None:
    assert starter.find(source), source
    assert "term-missing" not in checks(source, target, starter)


def test_true_term_findings_are_kept(starter) -> None:
    assert "term-missing" in checks("قال قيادي في قسد", "A commander said", starter)
    found = checks("هاجم تنظيم الدولة الإسلامية", "ISIL attacked", starter)
    assert {"term-missing", "term-forbidden"} <= set(found)


def test_a_singular_where_the_arabic_counts_is_its_own_warning(starter) -> None:
    source = "تجاوز رتل من 12 عربة مدرعة الخط"
    (finding,) = qa.check(
        qa_unit(source, "A convoy of 12 armoured vehicle crossed.", starter.find(source))
    )
    assert (finding.check, finding.severity) == ("term-number", "warning")
    assert "armoured vehicles" in finding.message
    assert checks(source, "A convoy of 12 armoured vehicles crossed.", starter) == []
    # A singular that modifies a noun is English grammar, not a wrong number (real opus-mt
    # output for الطائرات المسيرة).
    drones = "تحليق الطائرات المسيرة قرب المطار فكرة سيئة"
    assert checks(drones, "A drone flight near the airport is a bad idea.", starter) == []


@pytest.mark.parametrize(
    ("text", "form", "present"),
    [
        ("the US-led coalitiOn", "US-led coalition", False),
        ("IslaMic State fighters", "Islamic State", False),
        ("the Islamic state of Iran", "Islamic State", False),
        ("Islamic State fighters", "Islamic State", True),
        ("Al-Qaeda and al-Qaeda", "Al-Qaeda", True),
        ("ARMOURED VEHICLES CROSS LINE", "armoured vehicles", True),
        ("Armoured Vehicles Cross Line", "armoured vehicles", True),
        ("Syrian Army Advances", "Syrian army", True),
        ("the US-Led Coalition", "US-led coalition", True),
        ("armoured\nvehicles", "armoured vehicles", True),
    ],
)
def test_case_is_the_glossarys_or_a_headlines_never_mixed(text, form, present) -> None:
    assert (find_term(text, form) is not None) == present


def test_a_miscased_term_is_reported_with_what_was_written() -> None:
    unit = qa.QAUnit(
        "x", "The US-led coalitiOn said.", (qa.Term("التحالف الدولي", "US-led coalition"),)
    )
    (finding,) = qa.check(unit)
    assert finding.check == "term-missing"
    assert "coalitiOn" in finding.message


def test_one_entry_holds_both_numbers_in_the_starter_glossary(starter) -> None:
    singular, plural = starter.find("عربة مدرعة"), starter.find("عربات مدرعة")
    assert (singular[0].line, singular[0].en) == (plural[0].line, plural[0].en)
    assert plural[0].forms[0] == "armoured vehicles"
    assert starter.find("12 عربة مدرعة")[0].forms == ("armoured vehicles",)


def test_the_editors_term_panel_offers_the_form_wanted_here(starter) -> None:
    from transbench.ui.views import term
    from transbench.workspace import stored_terms

    source = "تجاوز رتل من 12 عربة مدرعة الخط"
    (stored,) = stored_terms(starter.find(source))
    panel = term(1, source, stored)
    assert (panel["ar"], panel["en"]) == ("عربة مدرعة", "armoured vehicles")
    assert panel["number"] == "plural here: the Arabic counts it"
    (syria,) = stored_terms(starter.find("في سوريا"))
    assert term(1, "في سوريا", syria)["alternatives"] == ["Syrian", "Syrians"]
