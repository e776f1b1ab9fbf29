"""models.yaml and model loading, including the offline failure a user meets first."""

import subprocess
import sys
import time

import pytest

from transbench.cli import main
from transbench.errors import InputError
from transbench.models.loading import ModelUnavailableError, load_model
from transbench.models.registry import load_registry

from .conftest import ROOT


def test_shipped_registry_lists_the_required_models() -> None:
    reg = load_registry(ROOT / "models.yaml")
    assert reg.default == "opus-mt-ar-en"
    assert reg.models["opus-mt-ar-en"].source == "Helsinki-NLP/opus-mt-ar-en"
    assert "opus-mt-tc-big-ar-en" in reg.models
    nllb = reg.models["nllb-200-distilled-600M"]
    assert (nllb.src_lang, nllb.tgt_lang) == ("arb_Arab", "eng_Latn")
    assert reg.models["m2m100-418M"].src_lang == "ar"


def test_model_env_and_paths(monkeypatch, tiny_model_dir) -> None:
    reg = load_registry(ROOT / "models.yaml")
    monkeypatch.setenv("TRANSBENCH_MODEL", "nllb-200-distilled-600M")
    assert reg.resolve(None).name == "nllb-200-distilled-600M"
    spec = reg.resolve(str(tiny_model_dir))
    assert spec.source == str(tiny_model_dir)
    loaded = load_model(spec)
    assert loaded.is_demo and loaded.device == "cpu"


def test_registry_errors_name_the_file(tmp_path) -> None:
    bad = tmp_path / "models.yaml"
    bad.write_text("models:\n  x:\n    source: a/b\n    beam: 4\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"models\.yaml: model 'x': unknown key\(s\) beam"):
        load_registry(bad)
    bad.write_text("models:\n  x:\n    source: a/b\n    threads: two\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"model 'x': threads must be a whole number >= 0"):
        load_registry(bad)
    bad.write_text("models:\n  x:\n    source: a/b\n    batch_size: 0\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"model 'x': batch_size must be a whole number >= 1"):
        load_registry(bad)


def test_unreachable_model_fails_fast_in_one_sentence(monkeypatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    spec = load_registry(ROOT / "models.yaml").resolve("opus-mt-ar-en")
    with pytest.raises(ModelUnavailableError) as info:
        load_model(spec)
    message = str(info.value)
    assert "opus-mt-ar-en" in message and "transbench models pull opus-mt-ar-en" in message
    assert "\n" not in message


def test_cli_offline_error_without_traceback(tmp_path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("وصل الرتل.", encoding="utf-8")
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "transbench", "translate", str(article), "-m", "opus-mt-ar-en"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
        env={**__import__("os").environ, "HF_HUB_OFFLINE": "0"},
    )
    assert time.monotonic() - started < 60
    assert done.returncode == 2
    assert done.stderr.startswith("transbench: error: model 'opus-mt-ar-en'")
    assert "Traceback" not in done.stderr


def test_missing_local_folder(tmp_path, capsys) -> None:
    article = tmp_path / "a.txt"
    article.write_text("وصل الرتل.", encoding="utf-8")
    assert main(["translate", str(article), "-m", str(tmp_path / "nope")]) == 2
    assert "not a registry name or Hub id" in capsys.readouterr().err


def test_damaged_weights_are_named_in_one_line(tmp_path, tiny_model_dir, capsys) -> None:
    """A download cut short leaves a truncated model.safetensors: say which folder."""
    import shutil

    damaged = tmp_path / "model"
    shutil.copytree(tiny_model_dir, damaged)
    weights = damaged / "model.safetensors"
    weights.write_bytes(weights.read_bytes()[:1000])
    folder = tmp_path / "wire"
    folder.mkdir()
    (folder / "a.txt").write_text("وصل الرتل.", encoding="utf-8")
    assert main(["translate", str(folder), "-o", str(tmp_path / "out"), "-m", str(damaged)]) == 2
    err = capsys.readouterr().err
    assert f"cannot load {damaged} (" in err and "internal error" not in err


def test_build_demo_refuses_to_overwrite_other_folders(tmp_path, capsys) -> None:
    (tmp_path / "keep.txt").write_text("x", encoding="utf-8")
    assert main(["models", "build-demo", str(tmp_path)]) == 2
    assert "not a transbench demo model" in capsys.readouterr().err
    assert (tmp_path / "keep.txt").read_text(encoding="utf-8") == "x"
