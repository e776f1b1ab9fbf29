"""Sentence boundaries a careful news editor would draw, case by case."""

import pytest

from transbench.segment import SegmenterRules, segment


def texts(text: str) -> list[str]:
    return [u.text for u in segment(text)]


CASES = [
    # --- sentence ends -------------------------------------------------------------------
    ("plain stops", "وصل الرتل. ثم انسحب.", ["وصل الرتل.", "ثم انسحب."]),
    ("arabic question", "هل انسحب الرتل؟ لا أحد يعرف.", ["هل انسحب الرتل؟", "لا أحد يعرف."]),
    ("exclamation", "يا للهول! وقع الانفجار.", ["يا للهول!", "وقع الانفجار."]),
    ("ellipsis char", "انتظر الجميع… ثم بدأ القصف.", ["انتظر الجميع…", "ثم بدأ القصف."]),
    ("three dots", "انتظر الجميع... ثم بدأ القصف.", ["انتظر الجميع...", "ثم بدأ القصف."]),
    ("mixed run", "هل هذا معقول؟! لا.", ["هل هذا معقول؟!", "لا."]),
    ("stop after closing guillemet", "قال «نعم». ثم غادر.", ["قال «نعم».", "ثم غادر."]),
    ("stop inside closing quote", "قال: “لن ننسحب.” ثم غادر.", ["قال: “لن ننسحب.”", "ثم غادر."]),
    ("no space after quote", "قال “لا”.وأضاف أنه سيعود.", ["قال “لا”.", "وأضاف أنه سيعود."]),
    ("stop inside quote, no space", "قال “لا.”وأضاف أنه سيعود.", ["قال “لا.”", "وأضاف أنه سيعود."]),
    ("closing bracket", "(وصل الرتل.) ثم انسحب.", ["(وصل الرتل.)", "ثم انسحب."]),
    (
        "missing space typo",
        "وصل الرتل إلى الحسكة.وقال مصدر إنه انسحب.",
        ["وصل الرتل إلى الحسكة.", "وقال مصدر إنه انسحب."],
    ),
    ("english sentences", "Troops left. They returned.", ["Troops left.", "They returned."]),
    (
        "reversed curly quotes",
        "قال ”لن ننسحب. سنبقى“. ثم غادر.",
        ["قال ”لن ننسحب. سنبقى“.", "ثم غادر."],
    ),
    # --- quotations kept whole ---------------------------------------------------------------
    ("short quote kept", "وقال: “لن ننسحب. سنبقى هنا”.", ["وقال: “لن ننسحب. سنبقى هنا”."]),
    (
        "guillemets kept",
        "وقال: «الوضع هادئ... لكن التوتر قائم». وغادر.",
        ["وقال: «الوضع هادئ... لكن التوتر قائم».", "وغادر."],
    ),
    ("straight quotes kept", 'وقال: "هل نبقى؟ نعم" ثم غادر.', ['وقال: "هل نبقى؟ نعم" ثم غادر.']),
    (
        "quote then comma",
        "وقال: “لن ننسحب!”، مضيفاً أن القوات باقية.",
        ["وقال: “لن ننسحب!”، مضيفاً أن القوات باقية."],
    ),
    (
        "brackets kept",
        "أعلن الجيش (في بيان. صدر أمس) انسحابه.",
        ["أعلن الجيش (في بيان. صدر أمس) انسحابه."],
    ),
    (
        "nested quotes",
        "قال: «نقل عنه “لا. أبداً” أمس». ثم صمت.",
        ["قال: «نقل عنه “لا. أبداً” أمس».", "ثم صمت."],
    ),
    ("unbalanced quote ignored", "قال «لا. ثم غادر.", ["قال «لا.", "ثم غادر."]),
    (
        "long quote is split",
        "قال: «" + "كلمة " * 70 + "انتهى. " + "كلمة " * 10 + "».",
        ["قال: «" + "كلمة " * 70 + "انتهى.", "كلمة " * 9 + "كلمة »."],
    ),
    # --- numbers, dates, times --------------------------------------------------------------
    ("decimal", "ارتفع المؤشر 2.5 في المئة.", ["ارتفع المؤشر 2.5 في المئة."]),
    ("thousands", "قتل 1,200 شخص. ونزح آلاف.", ["قتل 1,200 شخص.", "ونزح آلاف."]),
    (
        "arabic decimal",
        "بلغت النسبة ٢٫٥ في المئة. وتراجعت.",
        ["بلغت النسبة ٢٫٥ في المئة.", "وتراجعت."],
    ),
    (
        "date slashes",
        "وقع الهجوم في 25/8/2020 قرب الحسكة.",
        ["وقع الهجوم في 25/8/2020 قرب الحسكة."],
    ),
    ("date dots", "وقع الهجوم في 8.10.2022 قرب الحسكة.", ["وقع الهجوم في 8.10.2022 قرب الحسكة."]),
    ("time", "بدأ القصف عند الساعة 10.30 صباحاً.", ["بدأ القصف عند الساعة 10.30 صباحاً."]),
    (
        "year at end",
        "انسحبت القوات عام 2019. وعادت عام 2020.",
        ["انسحبت القوات عام 2019.", "وعادت عام 2020."],
    ),
    ("arabic-indic digits", "قتل ١٢ شخصاً. وجرح ٣٠.", ["قتل ١٢ شخصاً.", "وجرح ٣٠."]),
    # --- URLs, mails, handles ------------------------------------------------------------------
    (
        "url with path",
        "راجع https://www.example.org/a.b?x=1!y للتفاصيل. ثم عد.",
        ["راجع https://www.example.org/a.b?x=1!y للتفاصيل.", "ثم عد."],
    ),
    (
        "url at sentence end",
        "راجع www.syriahr.com/en/1. ثم عد.",
        ["راجع www.syriahr.com/en/1.", "ثم عد."],
    ),
    ("bare domain", "نشر الخبر موقع syriahr.com أمس.", ["نشر الخبر موقع syriahr.com أمس."]),
    (
        "email",
        "راسلوا news.desk@afp.com لمزيد. شكراً.",
        ["راسلوا news.desk@afp.com لمزيد.", "شكراً."],
    ),
    ("handle", "كتب @WHNSC. وأضاف آخرون.", ["كتب @WHNSC.", "وأضاف آخرون."]),
    (
        "pic twitter",
        "نشر صورة pic.twitter.com/Ab1.Cd2 للرتل.",
        ["نشر صورة pic.twitter.com/Ab1.Cd2 للرتل."],
    ),
    ("hashtag", "انتشر وسم #الحسكة! وتفاعل كثيرون.", ["انتشر وسم #الحسكة!", "وتفاعل كثيرون."]),
    # --- abbreviations and initials --------------------------------------------------------
    ("arabic doctor", "قال د. سامر الخطيب إن الوضع خطير.", ["قال د. سامر الخطيب إن الوضع خطير."]),
    ("arabic engineer", "وصل م. أحمد إلى الموقع.", ["وصل م. أحمد إلى الموقع."]),
    ("afp dotted", "الحسكة (أ.ف.ب) - وصل الرتل.", ["الحسكة (أ.ف.ب) - وصل الرتل."]),
    (
        "afp dotted end",
        "أفادت بذلك وكالة أ.ف.ب. وقال مصدر آخر إنه انسحب.",
        ["أفادت بذلك وكالة أ.ف.ب.", "وقال مصدر آخر إنه انسحب."],
    ),
    ("prof dr title", "قال أ.د. محمد إن الأمر خطير.", ["قال أ.د. محمد إن الأمر خطير."]),
    (
        "US mid sentence",
        "U.S. officials said so. Nothing else.",
        ["U.S. officials said so.", "Nothing else."],
    ),
    (
        "US at sentence end",
        "They left the U.S. The war went on.",
        ["They left the U.S.", "The war went on."],
    ),
    ("US before name", "The U.S. President spoke.", ["The U.S. President spoke."]),
    (
        "Dr and Mr",
        "Dr. Smith met Mr. Jones. They talked.",
        ["Dr. Smith met Mr. Jones.", "They talked."],
    ),
    (
        "month",
        "It happened on Oct. 5 in Raqqa. Nobody died.",
        ["It happened on Oct. 5 in Raqqa.", "Nobody died."],
    ),
    (
        "initials",
        "— Robert C. O'Brien (@WHNSC) August 26, 2020",
        ["— Robert C. O'Brien (@WHNSC) August 26, 2020"],
    ),
    ("a.m.", "The convoy left at 10 a.m. local time.", ["The convoy left at 10 a.m. local time."]),
    # --- no split at Arabic punctuation and dashes -----------------------------------------
    (
        "arabic comma and semicolon",
        "وصل الرتل، ثم انسحب؛ وعاد لاحقاً.",
        ["وصل الرتل، ثم انسحب؛ وعاد لاحقاً."],
    ),
    ("dashes", "الحسكة - وصل الرتل — ثم انسحب – وعاد.", ["الحسكة - وصل الرتل — ثم انسحب – وعاد."]),
    ("ellipsis then comma", "انتظروا...، ثم غادروا.", ["انتظروا...، ثم غادروا."]),
    ("leading ellipsis", "…وتابع حديثه. ثم غادر.", ["…وتابع حديثه.", "ثم غادر."]),
    # --- lines ------------------------------------------------------------------------------
    (
        "headline without stop",
        "دوريات قرب القحطانية\nوصل الرتل. ثم انسحب.",
        ["دوريات قرب القحطانية", "وصل الرتل.", "ثم انسحب."],
    ),
    ("crlf lines", "عنوان\r\nنص الخبر.\r\n", ["عنوان", "نص الخبر."]),
    ("punctuation only line", "خبر.\n***\nخبر آخر.", ["خبر.", "***", "خبر آخر."]),
]


@pytest.mark.parametrize(("text", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_boundaries(text: str, expected: list[str]) -> None:
    assert texts(text) == expected


def test_enough_cases() -> None:
    assert len(CASES) >= 40


def test_quoted_english_tweet_inside_arabic_line_passes_through() -> None:
    text = 'وكتب أوبراين على تويتر: "We will hold them accountable. Period." وأضاف أن الرد سيأتي.'
    units = segment(text)
    assert [(u.text, u.lang, u.translate) for u in units] == [
        ("وكتب أوبراين على تويتر:", "ar", True),
        ('"We will hold them accountable. Period."', "en", False),
        ("وأضاف أن الرد سيأتي.", "ar", True),
    ]


def test_quoted_latin_name_stays_in_its_sentence() -> None:
    text = "أعلنت عملية “Operation Inherent Resolve” انتهاء المهمة."
    assert texts(text) == [text]


def test_language_tags() -> None:
    units = segment(
        "قال مسؤول في Human Rights Watch إن الوضع سيئ.\n"
        "We will hold them accountable.\n"
        "https://t.co/abc123\n"
        "2020\n"
        "Войска отошли."
    )
    assert [(u.lang, u.translate) for u in units] == [
        ("ar", True),
        ("en", False),
        ("other", False),
        ("other", False),
        ("other", False),
    ]


def test_paragraphs_count_non_blank_lines() -> None:
    units = segment("عنوان\n\n\nجملة أولى. جملة ثانية.\n   \nسطر أخير")
    assert [(u.text, u.paragraph) for u in units] == [
        ("عنوان", 1),
        ("جملة أولى.", 2),
        ("جملة ثانية.", 2),
        ("سطر أخير", 3),
    ]
    assert [u.id for u in units] == [1, 2, 3, 4]


def test_nothing_is_normalised() -> None:
    text = "قَالَ الـمـتحدث: «لا» ١٢ ﻻ"
    (unit,) = segment(text)
    assert unit.text == text


def test_user_abbreviation_list(tmp_path) -> None:
    extra = tmp_path / "desk.txt"
    extra.write_text("[titles]\nعميد.\n", encoding="utf-8")
    text = "وصل العميد عميد. خالد إلى الموقع."
    assert len(segment(text)) == 2
    rules = SegmenterRules.default().with_files([extra])
    assert [u.text for u in segment(text, rules)] == [text]


def test_bad_abbreviation_list_names_file_and_line(tmp_path) -> None:
    from transbench.errors import InputError

    bad = tmp_path / "bad.txt"
    bad.write_text("# ok\n[nonsense]\nx.\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.txt:2: unknown section \[nonsense\]"):
        SegmenterRules.default().with_files([bad])
