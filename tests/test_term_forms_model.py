"""Hard mode with a term's forms, on a model built from the real opus-mt-ar-en tokenizer
and taught (briefly) one sentence of the example article: its plain draft writes the
plural "12 armoured vehicles" for 12 عربة مدرعة, as a fluent translation does.

The model recites what it was taught, nothing more: this proves that hard mode leaves a
draft alone when it has an accepted form of every term, not anything about quality."""

import pytest

from transbench.glossary import collection
from transbench.glossary.matcher import Matcher
from transbench.models.demo import build_from_tokenizer, teach_to_end
from transbench.models.loading import load_model
from transbench.models.registry import load_registry
from transbench.mt.transformers_backend import TransformersTranslator
from transbench.pipeline import Pipeline
from transbench.segment import segment

from .conftest import EXAMPLE, GLOSSARY, ROOT, SHARED

SOURCE = next(
    line for line in EXAMPLE.read_text(encoding="utf-8").splitlines() if "12 عربة مدرعة" in line
)
SENTENCE = next(s.text for s in segment(SOURCE) if "12 عربة مدرعة" in s.text)
ENGLISH = (
    "The statement said a Russian convoy of 12 armoured vehicles crossed the deconfliction "
    "line agreed between Moscow and Washington, and that two Russian helicopters flew low "
    "over the US patrol."
)


@pytest.fixture(scope="module")
def translator(tmp_path_factory):
    tokenizer_dir = SHARED / "tokenizers" / "opus-mt-ar-en"
    if not tokenizer_dir.is_dir():
        pytest.skip("../shared/tokenizers is not present (it is in CI)")
    folder = build_from_tokenizer(tokenizer_dir, tmp_path_factory.mktemp("opus") / "m")
    teach_to_end(folder, steps=120, pairs=([SENTENCE], [ENGLISH]))
    spec = load_registry(ROOT / "models.yaml").resolve(str(folder))
    return TransformersTranslator(load_model(spec))


def test_hard_mode_keeps_a_plain_draft_with_the_plural_word_for_word(translator) -> None:
    matcher = Matcher(collection.all_terms(collection.load_files([GLOSSARY])))
    units = [s for s in segment(SENTENCE) if s.translate]
    plain = Pipeline(translator, matcher, "off", cache=None, memory=None).draft(units)
    assert plain[0].target == ENGLISH  # the taught model writes the plural
    hard = Pipeline(translator, matcher, "hard", cache=None, memory=None).draft(units)
    (draft,) = hard
    assert draft.target == ENGLISH
    assert draft.engine == "transformers"  # kept from the plain search, not searched again
    vehicles = next(t for t in draft.terms if t.hit.en == "armoured vehicle")
    assert vehicles.hit.number == "counted" and vehicles.present
    assert draft.target[vehicles.target_start : vehicles.target_end] == "armoured vehicles"
    assert all(t.present for t in draft.terms)
    assert not [f for f in draft.qa if f.check.startswith("term-")]
