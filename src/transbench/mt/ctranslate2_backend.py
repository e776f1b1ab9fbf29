"""Translation with CTranslate2 (int8 on CPU), keeping hard glossary terms.

CTranslate2 has no lexically constrained search. Most segments have no glossary term, or
get them right unaided: those stay on CTranslate2. In hard mode the drafts are checked,
and only segments with a term missing are decoded again by the transformers model under
hard constraints; in soft mode segments with terms go to the transformers model's soft
bias. `last_paths` says which path each segment of the last call took.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path

from transbench.models.convert import MARKER, ct2_dir
from transbench.models.loading import ModelUnavailableError, load_model
from transbench.models.registry import ModelSpec
from transbench.mt.base import Progress, Translator, find_term

CT2 = "ctranslate2"


class CTranslate2Translator(Translator):
    def __init__(self, spec: ModelSpec, folder: Path | None = None) -> None:
        import ctranslate2
        from transformers import AutoTokenizer

        self.spec = spec
        self.folder = folder or ct2_dir(spec, spec.quantization)
        marker = self.folder / MARKER
        if not marker.is_file():
            raise ModelUnavailableError(
                f"model '{spec.name}' has no CTranslate2 conversion at {self.folder}; run "
                f"`transbench models convert {spec.name} --quantization {spec.quantization}`"
            )
        self.info = json.loads(marker.read_text(encoding="utf-8"))
        self.name = spec.name
        self.is_demo = (self.folder / "tokenizer" / "transbench-demo.json").exists()
        kwargs = {"src_lang": spec.src_lang, "tgt_lang": spec.tgt_lang} if spec.src_lang else {}
        self.tokenizer = AutoTokenizer.from_pretrained(self.folder / "tokenizer", **kwargs)
        intra = min(spec.intra_threads, spec.threads or spec.intra_threads)
        self.parallel = max(1, (spec.threads or os.cpu_count() or 1) // intra)
        self.engine = ctranslate2.Translator(
            str(self.folder), device="cpu", inter_threads=self.parallel, intra_threads=intra
        )
        self.prefix = 1 if spec.tgt_lang else 0
        self._fallback: Translator | None = None
        self.last_paths: list[str] = []

    @property
    def cache_key(self) -> str:
        g = self.spec.generation
        return f"ctranslate2|{self.info['source']}|{self.info['quantization']}|{g.key()}"

    def fallback(self) -> Translator:
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
        terms: Sequence[Sequence[str]],
        mode: str,
        progress: Progress | None = None,
    ) -> list[str]:
        self.last_paths = [CT2] * len(sources)
        if not sources:
            return []
        soft = [i for i, t in enumerate(terms) if t and mode == "soft"]
        plain = [i for i in range(len(sources)) if i not in set(soft)]
        results = [""] * len(sources)
        for i, text in zip(plain, self._ct2([sources[i] for i in plain]), strict=True):
            results[i] = text
        redo = soft + [
            i
            for i in plain
            if mode == "hard" and terms[i] and not all(find_term(results[i], t) for t in terms[i])
        ]
        if redo:
            again = self.fallback().translate(
                [sources[i] for i in redo], [terms[i] for i in redo], mode
            )
            for i, text in zip(redo, again, strict=True):
                results[i] = text
                self.last_paths[i] = f"transformers-{mode}"
        if progress:
            progress(len(sources), len(sources))
        return results

    def _ct2(self, sources: list[str]) -> list[str]:
        """CTranslate2 caps output length per batch where our search caps each sentence, so
        sentences are sorted by length and batched with neighbours; the rare sentence whose
        search was still running at its own cap is decoded again under exactly that cap.
        Batches are submitted together, so `parallel` of them decode at once."""
        if not sources:
            return []
        g = self.spec.generation
        tokens = [
            self.tokenizer.convert_ids_to_tokens(ids)
            for ids in self.tokenizer(sources, truncation=True, max_length=512)["input_ids"]
        ]
        caps = [min(g.max_length, int(len(t) * g.length_factor) + 10) for t in tokens]
        order = sorted(range(len(tokens)), key=lambda i: len(tokens[i]))
        size = max(1, min(self.spec.batch_size, -(-len(order) // self.parallel)))
        batches = [order[at : at + size] for at in range(0, len(order), size)]
        hypotheses = self._run(tokens, [(b, max(caps[i] for i in b)) for b in batches])
        redo: dict[int, list[int]] = {}
        for batch in batches:
            cap = max(caps[i] for i in batch)
            for i in batch:
                longest = max(len(h) for h in hypotheses[i]) - self.prefix
                if caps[i] < cap and longest + 1 >= caps[i]:
                    redo.setdefault(caps[i], []).append(i)
        hypotheses.update(self._run(tokens, [(b, cap) for cap, b in redo.items()]))
        texts = []
        for i in range(len(sources)):
            ids = self.tokenizer.convert_tokens_to_ids(hypotheses[i][0][self.prefix :])
            texts.append(self.tokenizer.decode(ids, skip_special_tokens=True).strip())
        return texts

    def _run(
        self, tokens: list[list[str]], batches: list[tuple[list[int], int]]
    ) -> dict[int, list[list[str]]]:
        """The k best hypotheses of each sentence (k = beam size), for batches with caps.
        Hypotheses start with the target-language prefix, which counts in CTranslate2's
        length limits but not in ours."""
        g = self.spec.generation
        prefix = [[self.spec.tgt_lang]] if self.prefix else None
        pending = []
        for batch, cap in batches:
            pending.append(
                self.engine.translate_batch(
                    [tokens[i] for i in batch],
                    target_prefix=prefix * len(batch) if prefix else None,
                    beam_size=g.beam_size,
                    num_hypotheses=g.beam_size,
                    length_penalty=g.length_penalty,
                    max_decoding_length=cap + self.prefix,
                    min_decoding_length=1 + self.prefix,
                    asynchronous=True,
                )
            )
        found: dict[int, list[list[str]]] = {}
        for (batch, _cap), results in zip(batches, pending, strict=True):
            for i, result in zip(batch, results, strict=True):
                found[i] = result.result().hypotheses
        return found
