"""A tiny random-weight Marian model built offline, to exercise the whole pipeline.

Its output is not a translation. It exists so that the pipeline, the glossary constraints
and the tests run on a machine without Hub access; every command that loads it says so.
"""

from __future__ import annotations

import io
import json
from collections.abc import Iterable
from importlib import resources
from pathlib import Path

DEMO_MARKER = "transbench-demo.json"
# Sized so that a CPU decodes hundreds of sentences a second, yet every layer type is real.
TINY = {"d_model": 64, "layers": 2, "heads": 4, "ffn": 128, "vocab": 800}
# Shaped like opus-mt-ar-en (Marian base), for benchmarks where real compute cost matters.
# Sentencepiece trained on the bundled text stops near 1k pieces; unused entries fill the
# vocabulary to opus-mt-ar-en's 62,834, so the output layer and its softmax cost what they
# cost in the real model (they are a large share of each decoder step).
BASE = {"d_model": 512, "layers": 6, "heads": 8, "ffn": 2048, "vocab": 8000, "fill_to": 62834}
SIZES = {"tiny": TINY, "base": BASE}


def _corpus(name: str) -> list[str]:
    text = (resources.files("transbench.models") / "data" / name).read_text(encoding="utf-8")
    return [line for line in text.splitlines() if line.strip()]


def _train_spm(lines: list[str], vocab_size: int) -> bytes:
    import sentencepiece as spm

    model = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=model,
        vocab_size=vocab_size,
        model_type="unigram",
        character_coverage=1.0,
        byte_fallback=True,  # any glossary term stays expressible in the target vocabulary
        hard_vocab_limit=False,
        num_threads=1,
        minloglevel=2,
    )
    return model.getvalue()


def _pieces(model_proto: bytes) -> list[str]:
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_proto=model_proto)
    return [sp.id_to_piece(i) for i in range(sp.get_piece_size())]


def _output_bias(vocab: dict[str, int], target_pieces: set[str]):
    """Random weights would emit bytes and Arabic pieces forever; this bias keeps the demo
    to English pieces. Terms stay reachable: constraints force them."""
    import torch

    bias = torch.full((1, len(vocab)), -8.0)
    for piece, index in vocab.items():
        if piece in target_pieces and not piece.startswith("<0x"):
            bias[0, index] = 0.0
    bias[0, vocab["</s>"]] = 0.0
    return bias


def build_demo_model(
    directory: str | Path,
    extra_source: Iterable[str] = (),
    extra_target: Iterable[str] = (),
    size: str = "tiny",
    seed: int = 0,
) -> Path:
    """Train source/target sentencepiece models on bundled text (plus `extra_*`, e.g. the
    glossaries), make a Marian model with random weights, and save both to `directory`."""
    import torch
    from transformers import MarianConfig, MarianMTModel, MarianTokenizer

    dims = SIZES[size]
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    source = _corpus("demo-corpus.ar.txt") + [s for s in extra_source if s.strip()]
    target = _corpus("demo-corpus.en.txt") + [t for t in extra_target if t.strip()]
    src_spm = _train_spm(source, dims["vocab"] // 2)
    tgt_spm = _train_spm(target, dims["vocab"] // 2)
    (out / "source.spm").write_bytes(src_spm)
    (out / "target.spm").write_bytes(tgt_spm)

    vocab: dict[str, int] = {"</s>": 0, "<unk>": 1}
    for piece in _pieces(src_spm) + _pieces(tgt_spm):
        if piece not in vocab and piece not in ("<s>", "</s>", "<unk>"):
            vocab[piece] = len(vocab)
    while len(vocab) < dims.get("fill_to", 0) - 1:
        vocab[f"<unused{len(vocab)}>"] = len(vocab)
    vocab["<pad>"] = len(vocab)
    (out / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")

    tokenizer = MarianTokenizer(
        source_spm=str(out / "source.spm"),
        target_spm=str(out / "target.spm"),
        vocab=str(out / "vocab.json"),
        model_max_length=512,
    )
    pad = vocab["<pad>"]
    config = MarianConfig(
        vocab_size=len(vocab),
        decoder_vocab_size=len(vocab),
        d_model=dims["d_model"],
        encoder_layers=dims["layers"],
        decoder_layers=dims["layers"],
        encoder_attention_heads=dims["heads"],
        decoder_attention_heads=dims["heads"],
        encoder_ffn_dim=dims["ffn"],
        decoder_ffn_dim=dims["ffn"],
        max_position_embeddings=512,
        pad_token_id=pad,
        eos_token_id=0,
        decoder_start_token_id=pad,
        forced_eos_token_id=0,
        num_beams=4,
        max_length=256,
    )
    torch.manual_seed(seed)
    model = MarianMTModel(config)
    model.final_logits_bias.copy_(_output_bias(vocab, set(_pieces(tgt_spm))))
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    model.save_pretrained(out)
    tokenizer.save_pretrained(out)
    (out / DEMO_MARKER).write_text(
        json.dumps(
            {
                "demo": True,
                "size": size,
                "seed": seed,
                "warning": "random weights: output is not a translation",
            },
            indent=2,
        ),
        encoding="utf-8",
    )
    return out


# A real model's tokenizer and configuration files, which `build_from_tokenizer` keeps.
_TOKENIZER_FILES = (
    "config.json",
    "generation_config.json",
    "*.spm",
    "*.model",
    "vocab.json",
    "added_tokens.json",
    "tokenizer_config.json",
    "special_tokens_map.json",
)


def build_from_tokenizer(
    tokenizer_dir: str | Path, directory: str | Path, size: str = "tiny", seed: int = 0
) -> Path:
    """A model with a real model's tokenizer, vocabulary, special tokens and language codes
    (e.g. opus-mt-ar-en's or M2M100's files, without weights), shrunk to `size` layers and
    widths, with random weights: the real tokenization paths, at test speed."""
    import shutil

    import torch
    from transformers import AutoConfig, AutoModelForSeq2SeqLM

    dims = SIZES[size]
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    for pattern in _TOKENIZER_FILES:
        for f in Path(tokenizer_dir).glob(pattern):
            shutil.copy2(f, out / f.name)
    config = AutoConfig.from_pretrained(out)
    for key, value in (
        ("d_model", dims["d_model"]),
        ("encoder_layers", dims["layers"]),
        ("decoder_layers", dims["layers"]),
        ("num_hidden_layers", dims["layers"]),
        ("encoder_attention_heads", dims["heads"]),
        ("decoder_attention_heads", dims["heads"]),
        ("encoder_ffn_dim", dims["ffn"]),
        ("decoder_ffn_dim", dims["ffn"]),
    ):
        setattr(config, key, value)
    torch.manual_seed(seed)
    model = AutoModelForSeq2SeqLM.from_config(config)
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    model.save_pretrained(out)
    (out / DEMO_MARKER).write_text(
        json.dumps({"demo": True, "size": size, "seed": seed, "tokenizer": str(tokenizer_dir)}),
        encoding="utf-8",
    )
    return out


def teach_to_end(
    directory: str | Path,
    steps: int = 100,
    seed: int = 0,
    lr: float = 3e-3,
    pairs: tuple[list[str], list[str]] | None = None,
) -> Path:
    """Train a demo model for a few seconds on the bundled parallel lines (or on `pairs`,
    Arabic and English lines), in place. It is still no translator, but it ends its
    sentences, which random weights never do: searches can then be compared in full, and
    benchmarks decode realistic lengths, not the cap. With enough steps it recites the
    English it was taught."""
    import torch
    from transformers import AutoModelForSeq2SeqLM

    from transbench.models.loading import load_tokenizer
    from transbench.models.registry import ModelSpec

    out = Path(directory)
    _, tokenizer = load_tokenizer(ModelSpec(name=str(out), source=str(out)), out)
    model = AutoModelForSeq2SeqLM.from_pretrained(out)
    sources, targets = pairs or (_corpus("demo-corpus.ar.txt"), _corpus("demo-corpus.en.txt"))
    batch = tokenizer(
        sources,
        text_target=targets,
        return_tensors="pt",
        padding=True,
        truncation=True,
    )
    batch["labels"][batch["labels"] == tokenizer.pad_token_id] = -100
    torch.manual_seed(seed)
    optimizer = torch.optim.Adam(model.parameters(), lr=lr)
    model.train()
    for _ in range(steps):
        model(**batch).loss.backward()
        optimizer.step()
        optimizer.zero_grad()
    model.eval()
    start = model.config.decoder_start_token_id
    if start == model.config.pad_token_id:
        with torch.no_grad():  # Marian starts decoding from a zero embedding, as trained models do
            model.get_input_embeddings().weight[start].zero_()
    model.save_pretrained(out)
    return out


def is_demo_model(directory: str | Path) -> bool:
    return (Path(directory) / DEMO_MARKER).exists()
