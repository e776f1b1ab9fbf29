"""The CTranslate2 backend: same drafts as transformers where no term is involved, and hard
glossary terms kept through the constrained fallback."""

import pytest

pytest.importorskip("ctranslate2")

from transbench.cli import main
from transbench.glossary import collection
from transbench.glossary.matcher import Matcher
from transbench.models.loading import ModelUnavailableError, load_model
from transbench.models.registry import load_registry
from transbench.mt.ctranslate2_backend import CT2, CTranslate2Translator
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


def test_unconverted_model_is_a_clear_error(registry) -> None:
    with pytest.raises(ModelUnavailableError, match="run `transbench models convert tiny-int8"):
        CTranslate2Translator(load_registry(registry).resolve("tiny-int8"))


def test_float32_search_matches_transformers(registry, flores_ar) -> None:
    """Same model, beam and length penalty: the same tokens. Compared before the length cap:
    random weights never emit EOS, and CTranslate2 caps a whole batch where ours caps each
    sentence, so only the tail at the cap may differ (a real model ends long before it)."""
    from transbench.models.registry import Generation
    from transbench.mt.beam import beam_search

    assert main(["models", "convert", "tiny-ct2", "--registry", str(registry)]) == 0
    reg = load_registry(registry)
    ct2 = CTranslate2Translator(reg.resolve("tiny-ct2"))
    ref = TransformersTranslator(load_model(reg.resolve("tiny")))
    sources = flores_ar[:8]
    batch = ref.tokenizer(sources, return_tensors="pt", padding=True)
    tokens = [ref.tokenizer.convert_ids_to_tokens(ids) for ids in ref.tokenizer(sources).input_ids]
    for beams in (1, 4):
        theirs = ct2.engine.translate_batch(
            tokens, beam_size=beams, length_penalty=1.0, max_decoding_length=24
        )
        ours = beam_search(
            ref.model,
            batch.input_ids,
            batch.attention_mask,
            [[]] * 8,
            Generation(beam_size=beams, max_length=24, length_factor=100),
            "off",
            ref.start_ids,
            ref.eos_id,
        )
        for mine, other in zip(ours, theirs, strict=True):
            assert mine[:20] == ref.tokenizer.convert_tokens_to_ids(other.hypotheses[0])[:20]
    ct2.translate(sources, [[]] * 8, "off")
    assert ct2.last_paths == [CT2] * 8


def test_hard_terms_survive_int8(registry) -> None:
    assert main(["models", "convert", "tiny-int8", "--registry", str(registry)]) == 0
    ct2 = CTranslate2Translator(load_registry(registry).resolve("tiny-int8"))
    matcher = Matcher(collection.all_terms(collection.load_files([GLOSSARY])))
    result = Pipeline(ct2, matcher, "hard").translate_text(EXAMPLE.read_text(encoding="utf-8"))
    checks = [t for d in result.drafts for t in d.terms]
    assert checks and all(t.present for t in checks)
    engines = {d.engine for d in result.drafts if d.segment.translate}
    assert engines <= {"ctranslate2", "transformers-hard"}
    assert "transformers-hard" in engines  # random weights never produce the terms unaided
    unconstrained = [d for d in result.drafts if d.segment.translate and not d.terms]
    assert all(d.engine == "ctranslate2" for d in unconstrained)
