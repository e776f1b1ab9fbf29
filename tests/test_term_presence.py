"""When a term counts as written: one rule for the search, `present`, QA and CTranslate2."""

import pytest

from transbench import qa
from transbench.glossary.presence import find_term, first_with_terms
from transbench.mt.constraints import TermTracker, TokenText

from .conftest import SHARED


@pytest.mark.parametrize(
    ("text", "term", "present"),
    [
        ("Syrian forces advanced.", "Syria", False),
        ("Hamas said", "Hama", False),
        ("They captured the town.", "AP", False),
        ("Russian jets flew over", "Russia", False),
        ("Russia's defence ministry", "Russia", True),
        ("HASAKAH, Syria (AFP) -", "AFP", True),
        ('He said: "SDF fighters', "SDF", True),
        ("Forces near Al-Qahtaniyah", "al-Qahtaniyah", True),
        ("Hasakahtaniyah", "Hasakah", False),
        ("Let us go", "US", False),
        ("US forces", "US", True),
        ("the U.S. embassy", "U.S.", True),
        ("the deconfliction lines", "deconfliction line", False),
        ("a battle between U.S. and Iraqi forces", "U.S. forces", True),
        ("the US-led coalition forces", "US forces", False),
        ("", "SDF", False),
    ],
)
def test_whole_words_and_casing(text, term, present) -> None:
    assert (find_term(text, term) is not None) == present


def test_alternatives_count_and_the_earliest_span_is_given() -> None:
    forms = ("United States", "US", "U.S.")
    assert find_term("The US said", forms) == (4, 6)
    assert find_term("U.S. officials and the United States", forms) == (0, 4)
    assert first_with_terms(["no term here", "the U.S. said"], [forms]) == 1


def test_qa_uses_the_same_rule() -> None:
    unit = qa.QAUnit("x", "Hamas fighters advanced.", (qa.Term("حماة", "Hama"),))
    assert [f.check for f in qa.check(unit)].count("term-missing") == 1
    alt = qa.QAUnit("x", "The U.S. said", (qa.Term("أمريكا", "United States", (), ("U.S.",)),))
    assert "term-missing" not in [f.check for f in qa.check(alt)]


@pytest.fixture(scope="module")
def opus_vocab():
    path = SHARED / "tokenizers" / "opus-mt-ar-en"
    if not path.is_dir():
        pytest.skip("../shared/tokenizers is not present (it is in CI)")
    from transformers import AutoTokenizer

    tokenizer = AutoTokenizer.from_pretrained(path)
    return tokenizer, TokenText.from_tokenizer(tokenizer)


def written(tokenizer, vocab, text: str, terms) -> int:
    """Feed the tokens the real opus-mt target tokenizer gives `text` through a tracker."""
    tracker = TermTracker(terms, vocab)
    state = tracker.state("")
    for token in tokenizer(text_target=text, add_special_tokens=False).input_ids:
        state = tracker.advance(state, token)
    return state.met


@pytest.mark.parametrize(
    ("text", "terms", "met"),
    [
        ("HASAKAH, Syria (AFP) - US forces", ["AFP", "US forces"], 0b11),
        ("Forces reached Al-Qahtaniyah.", ["al-Qahtaniyah"], 0b1),
        ("They reached Hasakahtaniyah", ["Hasakah"], 0b0),
        ("US forces and the US-led coalition", ["US forces", "US-led coalition"], 0b11),
        ("the deconfliction line", ["deconfliction", "deconfliction line"], 0b11),
        ("The U.S. said", [("United States", "U.S.")], 0b1),
    ],
)
def test_the_tracker_credits_what_a_reader_sees(opus_vocab, text, terms, met) -> None:
    tokenizer, vocab = opus_vocab
    assert written(tokenizer, vocab, text, terms) == met


def test_a_term_after_a_bracket_starts_without_a_space(opus_vocab) -> None:
    _, vocab = opus_vocab
    tracker = TermTracker(["SDF"], vocab)
    after_bracket = {vocab.text[t] for t in tracker.wanted(tracker.state("fighters ("))}
    assert "SDF" in after_bracket or "S" in after_bracket
    assert not any(t.startswith(" ") for t in after_bracket)
    after_word = {vocab.text[t] for t in tracker.wanted(tracker.state("the"))}
    assert all(t.startswith(" ") for t in after_word)


def test_a_term_under_way_is_continued(opus_vocab) -> None:
    _, vocab = opus_vocab
    tracker = TermTracker(["al-Qahtaniyah"], vocab)
    state = tracker.state("near al-Qah")
    assert tracker.progress(state) == len("al-Qah")
    continuing = {vocab.text[t] for t in tracker.wanted(state, starts=False)}
    assert continuing and all("taniyah".startswith(t.lower()) for t in continuing)
    finish = tracker.remainder(state)
    assert "".join(vocab.text[t] for t in finish) == "taniyah"
