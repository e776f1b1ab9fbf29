"""Segmentation never loses or invents a character, whatever the input."""

import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from transbench.segment import segment

ALPHABET = (
    "ابتثجحخدذرزسشصضطظعغفقكلمنهويءأإآةىؤئ"
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    "0123456789٠١٢٣٤٥٦٧٨٩"
    " \t\n\r\u00a0\u2029"
    ".!?؟…،؛:,;-—“”«»\"'()[]@#/٫ـَُِّ"
)
words = st.text(alphabet=ALPHABET, min_size=0, max_size=400)
fragments = st.lists(
    st.sampled_from(
        ["www.example.com/a.b", "د.", "U.S.", "2.5", "25/8/2020", "“لا. نعم”", "\r\n", " ", "..."]
    )
    | st.text(alphabet=ALPHABET, max_size=12),
    max_size=40,
).map("".join)


# One long line with no space or line break, built from what used to make the segmenter
# quadratic (issue 31: 60 KB of `د.` took 184 s): abbreviation dots, quotes, brackets.
adversarial = st.lists(
    st.sampled_from(["د.", "U.S.", ".", "“", "”", "«", "»", "(", ")", '"', "a b c d", "؟"]),
    min_size=500,
    max_size=3000,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(st.one_of(words, fragments))
def test_units_rebuild_the_original_exactly(text: str) -> None:
    assert_lossless(text)


@settings(max_examples=60, deadline=None)
@given(adversarial)
def test_long_adversarial_lines_are_cut_losslessly(text: str) -> None:
    assert_lossless(text)


def test_a_dot_ends_a_sentence_only_outside_the_quotes_that_hold_it() -> None:
    """The sweep over quoted spans keeps what testing every span against every stop did."""
    text = "قال: “لن ننسحب. سنبقى”. وأضاف: «هذا. ذاك». ثم غادر."
    assert [u.text for u in segment(text)] == [
        "قال: “لن ننسحب. سنبقى”.",
        "وأضاف: «هذا. ذاك».",
        "ثم غادر.",
    ]
    line = "د." * 20_000 + " وانتهى."
    assert "".join(u.text for u in segment(line)) == line.replace(" ", "")


def assert_lossless(text: str) -> None:
    units = segment(text)
    pos = 0
    rebuilt = []
    for unit in units:
        gap = text[pos : unit.start]
        assert gap.strip() == "", "only whitespace may lie between units"
        assert unit.text == text[unit.start : unit.end]
        assert unit.text and unit.text == unit.text.strip()
        assert "\n" not in unit.text and "\r" not in unit.text
        rebuilt += [gap, unit.text]
        pos = unit.end
    assert text[pos:].strip() == ""
    rebuilt.append(text[pos:])
    assert "".join(rebuilt) == text


@settings(max_examples=200, deadline=None)
@given(st.one_of(words, fragments))
def test_ids_and_paragraphs_are_ordered(text: str) -> None:
    units = segment(text)
    assert [u.id for u in units] == list(range(1, len(units) + 1))
    for a, b in itertools.pairwise(units):
        assert b.paragraph >= a.paragraph
        line_break_between = any(ch in "\n\r\u2029" for ch in text[a.end : b.start])
        assert (b.paragraph > a.paragraph) == line_break_between
    for unit in units:
        assert unit.lang in {"ar", "en", "other"}
        assert unit.translate == (unit.lang == "ar")
