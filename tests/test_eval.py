"""`transbench eval` computes its figures right (checked against sacrebleu called directly).
The tiny model's scores are near zero and measure nothing; the plumbing is what is tested."""

import json

import pytest
import sacrebleu

from transbench.cli import main
from transbench.evaluation import evaluate
from transbench.glossary import collection
from transbench.glossary.matcher import Matcher
from transbench.glossary.presence import find_term
from transbench.models.loading import load_model
from transbench.models.registry import load_registry
from transbench.mt.transformers_backend import TransformersTranslator
from transbench.pipeline import Pipeline

from .conftest import FLORES, GLOSSARY, ROOT

N = 25


@pytest.fixture
def flores_en(flores_ar) -> list[str]:
    return (FLORES / "dev.eng_Latn").read_text(encoding="utf-8").splitlines()


def test_scores_match_sacrebleu(tiny_model_dir, flores_ar, flores_en) -> None:
    spec = load_registry(ROOT / "models.yaml").resolve(str(tiny_model_dir))
    matcher = Matcher(collection.all_terms(collection.load_files([GLOSSARY])))
    pipeline = Pipeline(TransformersTranslator(load_model(spec)), matcher, "hard")
    result = evaluate(pipeline, flores_ar[:N], flores_en[:N])
    assert len(result.hypotheses) == N
    assert result.bleu == pytest.approx(
        sacrebleu.corpus_bleu(result.hypotheses, [flores_en[:N]]).score
    )
    assert result.chrf == pytest.approx(
        sacrebleu.corpus_chrf(result.hypotheses, [flores_en[:N]]).score
    )
    assert result.bleu_signature.startswith("nrefs:1|case:mixed|eff:no|tok:13a")
    hits = [h for line in flores_ar[:N] for h in matcher.find(line)]
    assert result.terms == len(hits)
    present = sum(
        find_term(hyp, h.forms) is not None
        for line, hyp in zip(flores_ar[:N], result.hypotheses, strict=True)
        for h in matcher.find(line)
    )
    assert result.terms_present == present
    assert result.to_dict()["sentences_per_second"] > 0


def test_eval_cli_json(tiny_model_dir, flores_ar, flores_en, tmp_path, capsys) -> None:
    hyp = tmp_path / "hyp.txt"
    args = [
        "eval",
        "--src",
        str(FLORES / "dev.arb_Arab"),
        "--ref",
        str(FLORES / "dev.eng_Latn"),
        "-m",
        str(tiny_model_dir),
        "-g",
        str(GLOSSARY),
        "--limit",
        "10",
        "--json",
        "--hyp-out",
        str(hyp),
    ]
    assert main(args) == 0
    out = capsys.readouterr()
    figures = json.loads(out.out)
    written = hyp.read_text(encoding="utf-8").splitlines()
    assert len(written) == figures["sentences"] == 10
    assert figures["bleu"] == round(sacrebleu.corpus_bleu(written, [flores_en[:10]]).score, 2)
    assert figures["chrf"] == round(sacrebleu.corpus_chrf(written, [flores_en[:10]]).score, 2)
    assert "measure nothing" in out.err


def test_eval_refuses_misaligned_sets(tmp_path, capsys) -> None:
    src = tmp_path / "src.txt"
    ref = tmp_path / "ref.txt"
    src.write_text("أ\nب\n", encoding="utf-8")
    ref.write_text("a\n", encoding="utf-8")
    assert main(["eval", "--src", str(src), "--ref", str(ref), "-m", "x"]) == 2
    assert "must be line-aligned" in capsys.readouterr().err


def test_eval_never_reads_the_translation_memory(
    tiny_model_dir, flores_ar, flores_en, tmp_path, monkeypatch, capsys
) -> None:
    from transbench.memory import TranslationMemory

    memory = tmp_path / "tm.sqlite3"
    TranslationMemory(memory).add(
        list(zip(flores_ar[:3], flores_en[:3], strict=True)), "approved:x"
    )
    monkeypatch.setenv("TRANSBENCH_TM", str(memory))
    hyp = tmp_path / "hyp.txt"
    args = ["eval", "--src", str(FLORES / "dev.arb_Arab"), "--ref", str(FLORES / "dev.eng_Latn")]
    args += ["-m", str(tiny_model_dir), "--limit", "3", "--json", "--hyp-out", str(hyp)]
    assert main(args) == 0
    capsys.readouterr()
    assert not set(hyp.read_text(encoding="utf-8").splitlines()) & set(flores_en[:3])


def test_eval_never_writes_over_its_test_set(tmp_path, capsys) -> None:
    src, ref = tmp_path / "src.ar", tmp_path / "ref.en"
    src.write_text("وصل الرتل.\n", encoding="utf-8")
    ref.write_text("The convoy arrived.\n", encoding="utf-8")
    for target in (src, ref):
        args = ["eval", "--src", str(src), "--ref", str(ref), "-m", "no-such-model"]
        assert main([*args, "-o", str(target)]) == 2
        assert f"{target}: is an input; it would be overwritten" in capsys.readouterr().err
    assert ref.read_text(encoding="utf-8") == "The convoy arrived.\n"


def test_eval_drafts_on_standard_output_from_a_windows_1256_test_set(
    tiny_model_dir, tmp_path, capsys, monkeypatch
) -> None:
    """`-o -` puts the drafts on stdout, one a line, and the figures on stderr; an Arabic
    test set saved as Windows-1256 is read as articles are."""
    monkeypatch.chdir(tmp_path)
    src, ref = tmp_path / "src.ar", tmp_path / "ref.en"
    src.write_bytes("وصل الرتل إلى الحسكة.\nانسحب الرتل.\n".encode("cp1256"))
    ref.write_text("The convoy reached Hasakah.\nThe convoy withdrew.\n", encoding="utf-8")
    args = ["eval", "--src", str(src), "--ref", str(ref), "-m", str(tiny_model_dir), "-o", "-"]
    assert main(args) == 0
    out = capsys.readouterr()
    assert len(out.out.splitlines()) == 2 and "BLEU" not in out.out
    assert "BLEU" in out.err and "2 sentences" in out.err
    assert not (tmp_path / "-").exists()
