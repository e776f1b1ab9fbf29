"""The CTranslate2 backend: same drafts as transformers where no term is involved, and hard
glossary terms kept through the constrained fallback."""

import dataclasses
from pathlib import Path

import pytest

pytest.importorskip("ctranslate2")

from transbench.cli import main
from transbench.glossary import collection
from transbench.glossary.matcher import Matcher
from transbench.models.loading import ModelUnavailableError, load_model
from transbench.models.registry import load_registry
from transbench.mt.ctranslate2_backend import CT2, CT2_KEPT, CT2_NBEST, CTranslate2Translator
from transbench.mt.degenerate import worse
from transbench.mt.transformers_backend import TransformersTranslator
from transbench.pipeline import Pipeline

from .conftest import EXAMPLE, GLOSSARY


@pytest.fixture
def registry(tmp_path, tiny_model_dir, monkeypatch):
    monkeypatch.setenv("TRANSBENCH_MODEL_CACHE", str(tmp_path / "cache"))
    path = tmp_path / "models.yaml"
    path.write_text(
        "default: tiny\nmodels:\n"
        f"  tiny:\n    source: {tiny_model_dir}\n"
        f"  tiny-ct2:\n    backend: ctranslate2\n    source: {tiny_model_dir}\n"
        "    quantization: float32\n    threads: 1\n"
        f"  tiny-int8:\n    backend: ctranslate2\n    source: {tiny_model_dir}\n"
        "    quantization: int8\n",
        encoding="utf-8",
    )
    return path


def test_convert_then_list(registry, capsys) -> None:
    assert main(["models", "list", "--registry", str(registry)]) == 0
    assert "not converted" in capsys.readouterr().out
    assert main(["models", "convert", "tiny-ct2", "--registry", str(registry)]) == 0
    assert "converted for CTranslate2 (float32)" in capsys.readouterr().out
    assert main(["models", "list", "--registry", str(registry)]) == 0
    assert "converted:" in capsys.readouterr().out


def test_failed_reconversion_keeps_the_working_one(registry, monkeypatch, capsys) -> None:
    from ctranslate2.converters import TransformersConverter

    assert main(["models", "convert", "tiny-ct2", "--registry", str(registry)]) == 0
    spec = load_registry(registry).resolve("tiny-ct2")
    before = CTranslate2Translator(spec).translate(["وصل الرتل إلى الحسكة."], [[]], "off")

    def broken(self, output_dir, **kwargs):
        Path(output_dir, "model.bin").write_bytes(b"half a model")
        raise RuntimeError("disk full")

    monkeypatch.setattr(TransformersConverter, "convert", broken)
    assert main(["models", "convert", "tiny-ct2", "--registry", str(registry)]) != 0
    assert "CTranslate2 cannot convert it (RuntimeError: disk full)" in capsys.readouterr().err
    after = CTranslate2Translator(spec).translate(["وصل الرتل إلى الحسكة."], [[]], "off")
    assert after == before
    folders = sorted(p.name for p in CTranslate2Translator(spec).folder.parent.iterdir())
    assert folders == ["tiny-ct2-float32"]


def test_unconverted_model_is_a_clear_error(registry) -> None:
    with pytest.raises(ModelUnavailableError, match="run `transbench models convert tiny-int8"):
        CTranslate2Translator(load_registry(registry).resolve("tiny-int8"))


@pytest.fixture
def ending(tmp_path, ending_model_dir, monkeypatch):
    monkeypatch.setenv("TRANSBENCH_MODEL_CACHE", str(tmp_path / "cache"))
    path = tmp_path / "models.yaml"
    path.write_text(
        f"default: ending\nmodels:\n  ending:\n    source: {ending_model_dir}\n"
        f"  ending-ct2:\n    backend: ctranslate2\n    source: {ending_model_dir}\n"
        "    quantization: float32\n    threads: 1\n",
        encoding="utf-8",
    )
    assert main(["models", "convert", "ending-ct2", "--registry", str(path)]) == 0
    return load_registry(path)


@pytest.mark.parametrize("beams", [1, 4])
def test_drafts_match_transformers(ending, flores_ar, beams) -> None:
    """Same converted model, beam and length penalty: the same drafts, sentence for
    sentence. Only float noise may part them, where two hypotheses score within 1e-3:
    then CTranslate2 itself must rank our draft that close to its best."""
    sources = flores_ar[:60]
    ref = TransformersTranslator(
        load_model(ending.resolve("ending").with_generation(beam_size=beams))
    )
    spec = ending.resolve("ending-ct2").with_generation(beam_size=beams)
    ct2 = CTranslate2Translator(spec)
    ours = ref.translate(sources, [[]] * 60, "off")
    theirs = ct2.translate(sources, [[]] * 60, "off")
    assert ct2.last_paths == [CT2] * 60
    caps = [spec.generation.cap(len(ref.tokenizer(s).input_ids)) for s in sources]
    ended = [
        len(ref.tokenizer(text_target=d).input_ids) < cap for d, cap in zip(ours, caps, strict=True)
    ]
    assert sum(ended) >= 55  # the comparison covers how searches stop, not just a prefix
    differ = [i for i in range(60) if ours[i] != theirs[i]]
    assert len(differ) <= 2
    for i in differ:
        tokens = ref.tokenizer.convert_ids_to_tokens(ref.tokenizer(sources[i]).input_ids)
        (result,) = ct2.engine.translate_batch(
            [tokens],
            beam_size=beams,
            num_hypotheses=beams,
            return_scores=True,
            length_penalty=1.0,
            max_decoding_length=caps[i],
        )
        texts = [ref.tokenizer.convert_tokens_to_string(h) for h in result.hypotheses]
        assert ours[i] in texts
        assert result.scores[texts.index(ours[i])] >= result.scores[0] - 1e-3
    # Returning every hypothesis of the beam (the hard-terms check) is the same search.
    assert [texts[0] for texts in ct2._ct2(sources, [True] * 60)] == theirs
    two = CTranslate2Translator(dataclasses.replace(spec, threads=2))
    assert two.parallel == 2
    assert two.translate(sources, [[]] * 60, "off") == theirs


def test_hard_terms_survive_int8(registry) -> None:
    assert main(["models", "convert", "tiny-int8", "--registry", str(registry)]) == 0
    ct2 = CTranslate2Translator(load_registry(registry).resolve("tiny-int8"))
    matcher = Matcher(collection.all_terms(collection.load_files([GLOSSARY])))
    result = Pipeline(ct2, matcher, "hard").translate_text(EXAMPLE.read_text(encoding="utf-8"))
    checks = [(d, t) for d in result.drafts for t in d.terms]
    # A rewrite degenerate where CTranslate2's draft is not leaves that draft, flagged.
    assert checks and all(t.present or d.engine == CT2_KEPT for d, t in checks)
    assert sum(t.present for _, t in checks) >= len(checks) // 2
    engines = {d.engine for d in result.drafts if d.segment.translate}
    assert engines <= {CT2, CT2_NBEST, "transformers-hard", "transformers-hard-norepeat", CT2_KEPT}
    assert "transformers-hard" in engines  # random weights never produce the terms unaided
    unconstrained = [d for d in result.drafts if d.segment.translate and not d.terms]
    assert all(d.engine == "ctranslate2" for d in unconstrained)


def test_term_in_another_hypothesis_stays_on_ctranslate2(ending, flores_ar) -> None:
    """When the best hypothesis misses a term and another finished one has it, that one is
    the draft: no transformers fallback, and the path says so."""
    ct2 = CTranslate2Translator(ending.resolve("ending-ct2"))
    for source in flores_ar[:60]:
        (texts,) = ct2._ct2([source], [True])
        best = texts[0].casefold()
        # A lower hypothesis is taken only when no more degenerate than the best one.
        fine = [t for t in texts[1:] if not worse(t, texts[0], source)]
        words = [w for t in fine for w in t.split() if w.casefold() not in best]
        words = [
            w
            for w in words
            if not any(w.casefold() in t.casefold() for t in texts[1:] if t not in fine)
        ]
        if words:
            break
    else:
        pytest.fail("no sentence among 60 has a word only in a fluent lower hypothesis")
    term = words[0]
    expected = next(t for t in texts if term.casefold() in t.casefold())
    assert ct2.translate([source], [[term]], "hard") == [expected]
    assert expected != texts[0]
    assert ct2.last_paths == [CT2_NBEST]
    assert ct2._fallback is None  # the transformers model was never needed
    assert ct2.translate([source], [[]], "hard") == [texts[0]]
    assert ct2.last_paths == [CT2]
