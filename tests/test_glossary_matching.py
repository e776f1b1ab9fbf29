"""Glossary terms are found in the forms Arabic news actually uses, and only there."""

import itertools

import pytest

from transbench.glossary import Matcher, Term
from transbench.glossary.normalize import normalize

TERMS = [
    Term("قوات سوريا الديمقراطية", "SDF", ("قسد",), glossary="g", line=2),
    Term("خط عدم التضارب", "deconfliction line", glossary="g", line=3),
    Term("الحسكة", "Hasakah", glossary="g", line=4),
    Term("الرقة", "Raqqa", glossary="g", line=5),
    Term("دير الزور", "Deir ez-Zor", glossary="g", line=6),
    Term("التحالف", "coalition", glossary="g", line=7),
    Term("التحالف الدولي", "US-led coalition", glossary="g", line=8),
    Term("وكالة فرانس برس", "AFP", ("فرانس برس", "أ.ف.ب", "أ ف ب"), glossary="g", line=9),
    Term("ألمانيا", "Germany", glossary="g", line=10),
    Term("إدلب", "Idlib", glossary="g", line=11),
    Term("لبنان", "Lebanon", glossary="g", line=12),
    Term("اللاذقية", "Latakia", glossary="g", line=13),
    Term("دورية مشتركة", "joint patrol", glossary="g", line=14),
    Term("روسيا", "Russia", glossary="g", line=15),
    Term("قاعدة عسكرية", "military base", glossary="g", line=16),
    Term("M4", "M4 highway", glossary="g", line=17),
    Term("عام 2020", "in 2020", glossary="g", line=18),
]
MATCHER = Matcher(TERMS)


def found(text: str) -> list[tuple[str, str]]:
    return [(h.surface, h.en) for h in MATCHER.find(text)]


POSITIVE = [
    ("bare", "قوات سوريا الديمقراطية", "SDF"),
    ("lam", "لقوات سوريا الديمقراطية", "SDF"),
    ("waw", "وقوات سوريا الديمقراطية", "SDF"),
    ("waw-lam", "ولقوات سوريا الديمقراطية", "SDF"),
    ("fa-ba", "فبقوات سوريا الديمقراطية", "SDF"),
    ("acronym", "قسد", "SDF"),
    ("acronym waw", "وقسد", "SDF"),
    ("acronym lam", "لقسد", "SDF"),
    ("article term bare", "الحسكة", "Hasakah"),
    ("bi-al", "بالحسكة", "Hasakah"),
    ("wa-al", "والرقة", "Raqqa"),
    ("fa-al", "فالرقة", "Raqqa"),
    ("ka-al", "كالرقة", "Raqqa"),
    ("wa-bi-al", "وبالرقة", "Raqqa"),
    ("lil", "للحسكة", "Hasakah"),
    ("wa-lil", "وللحسكة", "Hasakah"),
    ("fa-lil", "فللرقة", "Raqqa"),
    ("waw two words", "ودير الزور", "Deir ez-Zor"),
    ("bi two words", "بدير الزور", "Deir ez-Zor"),
    ("diacritics", "خَطِّ عَدَمِ التَّضَارُبِ", "deconfliction line"),
    ("tatweel", "خط عدم التضـــارب", "deconfliction line"),
    ("ta marbuta as ha", "الحسكه", "Hasakah"),
    ("alef hamza below", "ادلب", "Idlib"),
    ("alef hamza above with lam", "لألمانيا", "Germany"),
    ("alef bare", "المانيا", "Germany"),
    ("alef madda", "آلمانيا", "Germany"),
    ("presentation forms", "ﺍﻟﺤﺴﻜﺔ", "Hasakah"),
    ("lebanon with lam", "للبنان", "Lebanon"),
    ("latakia three lams", "لللاذقية", "Latakia"),
    ("latakia bi-al", "باللاذقية", "Latakia"),
    ("definite form of a multi-word term", "الدورية المشتركة", "joint patrol"),
    ("article on one word only", "دورية المشتركة", None),
    ("extra spaces", "خط  عدم\tالتضارب", "deconfliction line"),
    ("dotted acronym", "(أ.ف.ب)", "AFP"),
    ("spaced acronym", "(أ ف ب)", "AFP"),
    ("variant with lam", "لفرانس برس", "AFP"),
    ("latin term case", "الطريق m4", "M4 highway"),
    ("arabic-indic digits", "عام ٢٠٢٠", "in 2020"),
    ("tanween accusative", "قاعدةً عسكريةً", "military base"),
]


@pytest.mark.parametrize(("text", "en"), [c[1:] for c in POSITIVE], ids=[c[0] for c in POSITIVE])
def test_found(text: str, en: str | None) -> None:
    hits = found(text)
    if en is None:
        # The article on the second word alone is not the definite form of the term.
        assert hits == []
    else:
        assert [e for _, e in hits] == [en]


NEGATIVE = [
    ("word containing raqqa", "الرقيقة"),
    ("hasakah adjective", "الحسكاوي"),
    ("coalitions plural", "تحالفات"),
    ("bare stem without article", "رقة"),
    ("suffix on last word", "قوات سوريا الديمقراطيتين"),
    ("punctuation inside term", "قوات سوريا، الديمقراطية"),
    ("line break changes nothing but comma does", "دير، الزور"),
    ("russian adjective with tanween", "رتلاً روسياً"),
    ("clitic letters that are the word", "بلبنانية"),
    ("partial multiword", "خط عدم"),
]


@pytest.mark.parametrize("text", [c[1] for c in NEGATIVE], ids=[c[0] for c in NEGATIVE])
def test_not_found(text: str) -> None:
    assert found(text) == []


def test_longest_match_wins_and_hits_do_not_overlap() -> None:
    hits = MATCHER.find("انتقد التحالف الدولي والتحالف")
    assert [(h.surface, h.en) for h in hits] == [
        ("التحالف الدولي", "US-led coalition"),
        ("والتحالف", "coalition"),
    ]
    for a, b in itertools.pairwise(hits):
        assert a.end <= b.start


def test_offsets_point_into_the_original_text() -> None:
    text = "قال مصدر في قَوَّاتِ سوريا الديمقراطية إن للحسكة أهمية."
    for hit in MATCHER.find(text):
        assert text[hit.start : hit.end] == hit.surface
    assert [h.surface for h in MATCHER.find(text)] == ["قَوَّاتِ سوريا الديمقراطية", "للحسكة"]


def test_hit_reports_glossary_line_and_clitic() -> None:
    (hit,) = MATCHER.find("لقوات سوريا الديمقراطية")
    assert (hit.glossary, hit.line, hit.prefix, hit.ar, hit.form) == (
        "g",
        2,
        "ل",
        "قوات سوريا الديمقراطية",
        "قوات سوريا الديمقراطية",
    )
    (variant,) = MATCHER.find("وقسد")
    assert variant.form == "قسد" and variant.ar == "قوات سوريا الديمقراطية"


def test_earlier_glossary_takes_precedence() -> None:
    project = Term("الرقة", "Raqqa city", glossary="project")
    shared = Term("الرقة", "Raqqa", glossary="shared")
    assert [h.glossary for h in Matcher([project, shared]).find("بالرقة")] == ["project"]
    assert [h.glossary for h in Matcher([shared, project]).find("بالرقة")] == ["shared"]


def test_results_are_deterministic() -> None:
    text = "وقسد ودير الزور والرقة " * 50
    assert MATCHER.find(text) == Matcher(TERMS).find(text)


def test_normalize_covers_the_listed_forms() -> None:
    assert normalize("أإآٱ") == "اااا"
    assert normalize("مستشفى") == normalize("مستشفي")
    assert normalize("مدرسة") == normalize("مدرسه")
    assert normalize("مؤتمر") == "موتمر"
    assert normalize("رئيس") == "رييس"
    assert normalize("٢٠٢٠ ۱۲") == "2020 12"
    assert normalize("ﻻ") == "لا"
    assert normalize("SDF") == "sdf"


def test_a_lone_tatweel_used_as_a_dash_is_no_word() -> None:
    from transbench.glossary import build_matcher

    from .conftest import GLOSSARY

    hits = build_matcher([GLOSSARY]).find("حكومة مركزية ضعيفة ـ وكان في الرقة ـ")
    assert [h.en for h in hits] == ["Raqqa"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("أفضل منتجعات التزلج في أمريكا الشمالية", ["North America"]),
        ("الساحل الغربي لأميركا الجنوبية", ["South America"]),
        ("قالت الحكومة السورية إن الوضع هادئ", []),  # the adjective "Syrian", not Syria
        ("عاد إلى سورية ثم إلى لسوريا", ["Syria", "Syria"]),
        ("زار رئيس روسيا البيضاء موسكو", ["Belarus", "Moscow"]),
        ("مختبر فورت ديريك في ماريلاند", ["Fort Detrick"]),
        ("وصل الرتل العسكري إلى الحسكة", ["military convoy", "Hasakah"]),  # رتل عسكري, definite
        ("وبالرتل العسكري", ["military convoy"]),
    ],
)
def test_real_news_misfires_are_gone(text, expected) -> None:
    from transbench.glossary import build_matcher

    from .conftest import GLOSSARY

    assert [h.en for h in build_matcher([GLOSSARY]).find(text)] == expected


def test_common_words_that_are_names_are_only_checked(tiny_model_dir) -> None:
    """القاعدة is "the base" in a sentence about a lamp: never forced into the English."""
    from transbench.glossary import build_matcher
    from transbench.models.loading import load_model
    from transbench.models.registry import load_registry
    from transbench.mt.transformers_backend import TransformersTranslator
    from transbench.pipeline import Pipeline

    from .conftest import GLOSSARY, ROOT

    matcher = build_matcher([GLOSSARY])
    (hit,) = matcher.find("لمست القاعدة المعدنية للمصباح")
    assert (hit.en, hit.enforce) == ("Al-Qaeda", "check")
    assert matcher.find("قصف تنظيم القاعدة")[0].enforce == "hard"
    spec = load_registry(ROOT / "models.yaml").resolve(str(tiny_model_dir))
    translator = TransformersTranslator(load_model(spec))
    result = Pipeline(translator, matcher, "hard").translate_text("لمست القاعدة المعدنية للمصباح")
    (draft,) = result.drafts
    assert "Al-Qaeda" not in draft.target and translator.last_paths == ["transformers"]
    assert "term-missing" not in {f.check for f in draft.qa}


WASHINGTON = Term(
    "واشنطن",
    "Washington",
    glossary="g",
    line=2,
    ar_not=("جورج واشنطن", "واشنطن بوست", "جامعة واشنطن", "ولاية واشنطن"),
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ذكرت صحيفة واشنطن بوست أن", []),
        ("صرّحوا لواشنطن بوست بأن", []),  # the clitic on the name's first word
        ("تمثال الرئيس جورج واشنطن", []),
        ("درس في جامعة واشنطن", []),
        ("حرائق في ولاية واشنطن", []),
        ("بجامعة واشنطن", []),
        ("قالت واشنطن إن", ["واشنطن"]),
        ("جورج وواشنطن", ["وواشنطن"]),  # "George and Washington": not the phrase
        ("واشنطن، بوست", ["واشنطن"]),  # punctuation between: not the phrase
    ],
)
def test_ar_not_drops_hits_inside_longer_names(text, expected) -> None:
    assert [h.surface for h in Matcher([WASHINGTON]).find(text)] == expected


def test_ar_not_is_per_entry() -> None:
    """An exclusion of one entry leaves another entry's match in the same words alone."""
    post = Term("واشنطن بوست", "The Washington Post", glossary="g", line=3)
    hits = Matcher([WASHINGTON, post]).find("قالت واشنطن بوست")
    assert [h.en for h in hits] == ["The Washington Post"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A nisba adjective in ـية after an indefinite feminine noun: "Syrian", not Syria.
        ("امرأة سورية", []),
        ("روت لاجئة سورية المعاناة", []),
        ("بشرى شابة سورية خسرت كل ما تملك", []),
        ("انتشار قوات سورية على الحدود", []),
        ("فصائل عراقية وسورية", []),
        ("امرأةٌ سوريةٌ", []),
        # The name: after a preposition, a masculine noun, a verb, a name, a definite word,
        # punctuation, or with ب/ل/ك on the name itself.
        ("عادت إلى سورية", ["Syria"]),
        ("قوة عسكرية في سورية", ["Syria"]),
        ("شمال سورية", ["Syria"]),
        ("سيطرت على مدينة درعا، جنوبي سورية", ["Daraa", "Syria"]),
        ("زار سورية", ["Syria"]),
        ("تركيا وسورية", ["Turkey", "Syria"]),
        ("امرأة، سورية", ["Syria"]),
        ("لاجئة بسورية", ["Syria"]),
        ("شابة سوريا", ["Syria"]),  # the spelling with alef is never the adjective
        ("مدينة حماة", ["Hama"]),  # not a nisba
        ("مدينة الحسكة", ["Hasakah"]),
    ],
)
def test_nisba_after_an_indefinite_feminine_noun_is_not_the_name(text, expected) -> None:
    from transbench.glossary import build_matcher

    from .conftest import GLOSSARY

    assert [h.en for h in build_matcher([GLOSSARY]).find(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A definite common term matches its indefinite form, idafa included.
        ("فرض حظر تجول في المدينة", ["curfew"]),
        ("حظر تجوّل ليلي", ["curfew"]),
        ("فرض حظر تجوال شامل", ["curfew"]),
        ("بعد وقف إطلاق نار هش", ["ceasefire"]),
        ("انتشار قوات روسية", ["Russian forces"]),
        ("مستشار أمن قومي سابق", ["national security adviser"]),
        ("حظر التجول", ["curfew"]),
        ("الرتل العسكري", ["military convoy"]),
        # A name does not: a white house is not the White House.
        ("بيت أبيض صغير", []),
        ("أمم متحدة", []),
        ("رأس عين الماء", []),
        # The article on one word only of an indefinite entry is still no match.
        ("رتل العسكري", []),
    ],
)
def test_definite_and_indefinite_multiword_terms(text, expected) -> None:
    from transbench.glossary import build_matcher

    from .conftest import GLOSSARY

    assert [h.en for h in build_matcher([GLOSSARY]).find(text)] == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("يرفض الأمريكيون مقولة اكتشاف أمريكا", []),
        ("حول اكتشاف قارتي أمريكا", []),
        ("قارة أميركا", []),
        ("وطئت قدمه الأمريكتين", ["the Americas"]),
        ("أقدم مدينة أوروبية في الأمريكتين", ["the Americas"]),
        ("اكتشافه لأرض قارة أمريكا الشمالية", ["North America"]),
        ("زار أمريكا الأسبوع الماضي", ["United States"]),
        ("قام اتحاد الولايات المتحدة الوطني لكرة السلة", []),
    ],
)
def test_the_americas_and_us_federations_are_not_the_united_states(text, expected) -> None:
    from transbench.glossary import build_matcher

    from .conftest import GLOSSARY

    assert [h.en for h in build_matcher([GLOSSARY]).find(text)] == expected
