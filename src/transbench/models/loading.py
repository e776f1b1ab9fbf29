"""Getting a model onto this machine and into memory, or one clear sentence saying why not."""

from __future__ import annotations

import os
import re
import socket
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from transbench.errors import TransbenchError
from transbench.models.demo import is_demo_model
from transbench.models.languages import infer as infer_languages
from transbench.models.registry import ModelSpec

# owner/name, each part starting and ending with a letter or digit ("./x" is a path).
_HUB_ID = re.compile(r"^\w(?:[\w.-]*\w)?/\w(?:[\w.-]*\w)?$")
_SKIP_FILES = ["*.h5", "*.msgpack", "*.ot", "*.onnx", "onnx/*", "*.tflite"]
PROBE_TIMEOUT = 3.0


class ModelUnavailableError(TransbenchError):
    """The model is neither on this machine nor downloadable now."""


@dataclass
class LoadedModel:
    spec: ModelSpec
    path: Path
    tokenizer: Any
    model: Any
    device: str
    is_demo: bool
    requested: ModelSpec  # as asked for, before languages were read from the tokenizer


def _offline() -> bool:
    return os.environ.get("HF_HUB_OFFLINE", "").lower() in ("1", "true", "yes", "on")


def _hub_reachable() -> bool:
    """A quick TCP probe, so an unreachable Hub fails in seconds rather than after retries."""
    endpoint = urlparse(os.environ.get("HF_ENDPOINT", "https://huggingface.co"))
    port = endpoint.port or (443 if endpoint.scheme == "https" else 80)
    try:
        socket.create_connection((endpoint.hostname or "", port), timeout=PROBE_TIMEOUT).close()
    except OSError:
        return False
    return True


def _how_to_get(spec: ModelSpec) -> str:
    return (
        f"run `transbench models pull {spec.name}` on a machine with internet access "
        f"(it fills the Hugging Face cache, which you can copy here), or pass --model with "
        f"the path of a local copy"
    )


def local_path(spec: ModelSpec) -> Path | None:
    """The model's folder on this machine, if it is here (a folder, or the Hub cache)."""
    p = Path(spec.source).expanduser()
    if p.is_dir():
        return p
    if not _HUB_ID.match(spec.source):
        return None
    from huggingface_hub import try_to_load_from_cache

    cached = try_to_load_from_cache(spec.source, "config.json")
    return Path(cached).parent if isinstance(cached, str) else None


def ensure_local(spec: ModelSpec, download: bool = True) -> Path:
    """The local folder of `spec`, downloading it from the Hub first when allowed and possible."""
    found = local_path(spec)
    if found is not None:
        if not (found / "config.json").is_file():
            raise ModelUnavailableError(
                f"model '{spec.name}': {found} has no config.json, "
                "so it is not a transformers model folder"
            )
        return found
    if not _HUB_ID.match(spec.source):
        raise ModelUnavailableError(
            f"model '{spec.name}': no folder {spec.source} and it is not a registry name or "
            "Hub id; see `transbench models list`"
        )
    if not download or _offline():
        raise ModelUnavailableError(
            f"model '{spec.name}' ({spec.source}) is not on this machine and downloads are "
            f"off (HF_HUB_OFFLINE); {_how_to_get(spec)}"
        )
    if not _hub_reachable():
        raise ModelUnavailableError(
            f"model '{spec.name}' ({spec.source}) is not on this machine and the Hugging Face "
            f"Hub cannot be reached; {_how_to_get(spec)}"
        )
    from huggingface_hub import snapshot_download

    try:
        return Path(snapshot_download(spec.source, ignore_patterns=_SKIP_FILES))
    except Exception as exc:  # network, auth, missing repo: all end the same way for a user
        raise ModelUnavailableError(
            f"model '{spec.name}' ({spec.source}) could not be downloaded "
            f"({type(exc).__name__}: {str(exc).splitlines()[0][:200]})"
        ) from None


def pick_device(wanted: str) -> str:
    import torch

    if wanted == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if wanted == "cuda" and not torch.cuda.is_available():
        raise TransbenchError("device 'cuda' was asked for, but no CUDA GPU is available")
    return wanted


def _dtype(wanted: str, device: str):
    import torch

    if wanted == "auto":
        return torch.float16 if device == "cuda" else torch.float32
    return getattr(torch, wanted)


def load_tokenizer(spec: ModelSpec, path: Path) -> tuple[ModelSpec, Any]:
    """The tokenizer in `path`, set to Arabic→English; a multilingual model the registry
    does not describe gets its language codes from the tokenizer (see `languages`)."""
    from transformers import AutoTokenizer

    kwargs = {"src_lang": spec.src_lang, "tgt_lang": spec.tgt_lang} if spec.src_lang else {}
    tokenizer = AutoTokenizer.from_pretrained(path, **kwargs)
    found = None if spec.src_lang else infer_languages(tokenizer)
    if found:  # loaded again, set to Arabic→English (a bilingual model loads once)
        spec = replace(spec, src_lang=found[0], tgt_lang=found[1])
        tokenizer = AutoTokenizer.from_pretrained(path, src_lang=found[0], tgt_lang=found[1])
    return spec, tokenizer


def load_model(spec: ModelSpec, download: bool = True) -> LoadedModel:
    requested = spec
    path = ensure_local(spec, download)
    device = pick_device(spec.device)
    from safetensors import SafetensorError  # truncated or damaged weights
    from transformers import AutoModelForSeq2SeqLM
    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    try:
        spec, tokenizer = load_tokenizer(spec, path)
        model = AutoModelForSeq2SeqLM.from_pretrained(path, dtype=_dtype(spec.dtype, device))
    except (OSError, ValueError, KeyError, SafetensorError) as exc:
        raise ModelUnavailableError(
            f"model '{spec.name}': cannot load {path} ({str(exc).splitlines()[0][:200]})"
        ) from None
    model.to(device).eval()
    return LoadedModel(spec, path, tokenizer, model, device, is_demo_model(path), requested)
