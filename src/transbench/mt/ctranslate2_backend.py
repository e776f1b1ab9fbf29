"""Translation with CTranslate2 (int8 on CPU), keeping hard glossary terms.

CTranslate2 has no lexically constrained search. Most segments have no glossary term, or
get them right unaided: those stay on CTranslate2. In hard mode the drafts are checked; a
segment whose best hypothesis misses a term takes the best of CTranslate2's other finished
hypotheses that has every term (the beam holds them anyway), and only when none has is it
decoded again by the transformers model under hard constraints. In soft mode segments with
terms go to the transformers model's soft bias. `last_paths` says which path each segment
of the last call took.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from transbench.glossary.presence import Forms
from transbench.models.convert import MARKER, ct2_dir
from transbench.models.demo import is_demo_model
from transbench.models.languages import target_token_id
from transbench.models.loading import ModelUnavailableError, load_model, load_tokenizer
from transbench.models.registry import ModelSpec
from transbench.mt.base import KEPT, SEARCH_VERSION, Progress, Translator, keep_or_redo

if TYPE_CHECKING:
    from transbench.mt.transformers_backend import TransformersTranslator

CT2 = "ctranslate2"
CT2_NBEST = "ctranslate2-nbest"
CT2_KEPT = "ctranslate2-plain-kept"
# Part of the draft cache key: bump it when segments would take other paths.
ROUTING = 2


def conversion(spec: ModelSpec, folder: Path | None = None) -> tuple[Path, dict]:
    """The folder `models convert` wrote for `spec` and what it recorded there."""
    if folder is None:
        given = Path(spec.source)  # a folder `models convert` wrote, given as --model
        folder = given if (given / MARKER).is_file() else ct2_dir(spec, spec.quantization)
    marker = folder / MARKER
    if not marker.is_file():
        raise ModelUnavailableError(
            f"model '{spec.name}' has no CTranslate2 conversion at {folder}; run "
            f"`transbench models convert {spec.name} --quantization {spec.quantization}`"
        )
    return folder, json.loads(marker.read_text(encoding="utf-8"))


def ctranslate2_key(spec: ModelSpec, info: dict) -> str:
    # The search version counts here too: caps are shared with our search, and the
    # segments that fall back are drafted by it. ROUTING: which path a segment takes.
    source, quantization, g = info["source"], info["quantization"], spec.generation
    return f"ctranslate2|{SEARCH_VERSION}.{ROUTING}|{source}|{quantization}|{g.key()}"


def is_demo_conversion(folder: Path) -> bool:
    return is_demo_model(folder / "tokenizer")


class CTranslate2Translator(Translator):
    def __init__(self, spec: ModelSpec, folder: Path | None = None) -> None:
        import ctranslate2

        self.folder, self.info = conversion(spec, folder)
        self.name = spec.name
        self.is_demo = is_demo_conversion(self.folder)
        spec, self.tokenizer = load_tokenizer(spec, self.folder / "tokenizer")
        self.spec = spec
        intra = min(spec.intra_threads, spec.threads or spec.intra_threads)
        self.parallel = max(1, (spec.threads or os.cpu_count() or 1) // intra)
        self.engine = ctranslate2.Translator(
            str(self.folder), device="cpu", inter_threads=self.parallel, intra_threads=intra
        )
        self.prefix = 1 if spec.tgt_lang else 0
        self._fallback: TransformersTranslator | None = None
        self.last_paths: list[str] = []

    @property
    def cache_key(self) -> str:
        return ctranslate2_key(self.spec, self.info)

    def fallback(self) -> TransformersTranslator:
        """The transformers model the conversion came from, loaded on first need."""
        if self._fallback is None:
            from transbench.mt.transformers_backend import TransformersTranslator

            source = ModelSpec(
                name=self.spec.name,
                source=self.info["source"],
                src_lang=self.spec.src_lang,
                tgt_lang=self.spec.tgt_lang,
                generation=self.spec.generation,
            )
            self._fallback = TransformersTranslator(load_model(source, download=False))
        return self._fallback

    def translate(
        self,
        sources: Sequence[str],
        terms: Sequence[Sequence[Forms]],
        mode: str,
        progress: Progress | None = None,
    ) -> list[str]:
        self.last_paths = [CT2] * len(sources)
        if not sources:
            return []
        soft = [i for i, t in enumerate(terms) if t and mode == "soft"]
        plain = sorted(set(range(len(sources))) - set(soft))
        results = [""] * len(sources)
        checked = [mode == "hard" and bool(terms[i]) for i in plain]
        redo = list(soft)
        hypotheses = self._ct2([sources[i] for i in plain], checked)
        drafts, lower, missed = keep_or_redo(
            hypotheses, [terms[i] for i in plain], checked, [sources[i] for i in plain]
        )
        for i, text in zip(plain, drafts, strict=True):
            results[i] = text
        for n in lower:
            self.last_paths[plain[n]] = CT2_NBEST
        redo += [plain[n] for n in missed]
        if redo:
            fallback = self.fallback()
            texts, wanted = [sources[i] for i in redo], [terms[i] for i in redo]
            if mode == "hard":
                # CTranslate2's own draft stays where the rewrite would be degenerate.
                again, paths = fallback.constrained(texts, wanted, [results[i] for i in redo])
                paths = [CT2_KEPT if p == KEPT else p for p in paths]
            else:
                again, paths = fallback.translate(texts, wanted, mode), fallback.last_paths
            for i, text, path in zip(redo, again, paths, strict=True):
                results[i] = text
                self.last_paths[i] = path
        if progress:
            progress(len(sources), len(sources))
        return results

    def _ct2(self, sources: list[str], nbest: list[bool]) -> list[list[str]]:
        """Each source's hypotheses, best first: every finished one where `nbest` asks,
        else the best alone. CTranslate2 caps output length per batch where our search
        caps each sentence, so batches hold length-sorted sentences with the same cap
        (caps come in steps of 16). Batches are submitted together, so `parallel` of them
        decode at once."""
        if not sources:
            return []
        g = self.spec.generation
        tokens = [
            self.tokenizer.convert_ids_to_tokens(ids)
            for ids in self.tokenizer(sources, truncation=True, max_length=512)["input_ids"]
        ]
        caps = [g.cap(len(t)) for t in tokens]
        order = sorted(range(len(tokens)), key=lambda i: len(tokens[i]))
        size = max(1, min(self.spec.batch_size, -(-len(order) // self.parallel)))
        batches: list[list[int]] = []
        for i in order:
            if not batches or len(batches[-1]) == size or caps[batches[-1][0]] != caps[i]:
                batches.append([])
            batches[-1].append(i)
        prefix = None
        if self.prefix:
            lang = target_token_id(self.tokenizer, self.spec.tgt_lang)
            prefix = [self.tokenizer.convert_ids_to_tokens([lang])]
        pending = [
            self.engine.translate_batch(
                [tokens[i] for i in batch],
                target_prefix=prefix * len(batch) if prefix else None,
                beam_size=g.beam_size,
                length_penalty=g.length_penalty,
                # The target-language prefix counts in CTranslate2's limits, not in ours.
                max_decoding_length=caps[batch[0]] + self.prefix,
                min_decoding_length=1 + self.prefix,
                # More hypotheses returned, same search: it keeps `beam_size` of them anyway.
                num_hypotheses=g.beam_size if any(nbest[i] for i in batch) else 1,
                asynchronous=True,
            )
            for batch in batches
        ]
        texts: list[list[str]] = [[] for _ in sources]
        for batch, results in zip(batches, pending, strict=True):
            for i, result in zip(batch, results, strict=True):
                found = result.result().hypotheses
                for hypothesis in found if nbest[i] else found[:1]:
                    ids = self.tokenizer.convert_tokens_to_ids(hypothesis[self.prefix :])
                    texts[i].append(self.tokenizer.decode(ids, skip_special_tokens=True).strip())
        return texts
