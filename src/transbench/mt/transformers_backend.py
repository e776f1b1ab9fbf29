"""Translation with a transformers encoder-decoder (Marian, NLLB, M2M100) and our beam search."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from transbench.models.loading import LoadedModel
from transbench.mt.base import Progress, Translator
from transbench.mt.beam import SEARCH_VERSION, SpecialTokens, beam_search
from transbench.mt.constraints import Tokens

MAX_BATCH_ROWS = 64


class TransformersTranslator(Translator):
    def __init__(self, loaded: LoadedModel) -> None:
        self.loaded = loaded
        self.name = loaded.spec.name
        self.is_demo = loaded.is_demo
        self.tokenizer = loaded.tokenizer
        self.model = loaded.model
        config = self.model.config
        gen = self.model.generation_config
        eos = gen.eos_token_id if gen.eos_token_id is not None else config.eos_token_id
        eos_id = eos[0] if isinstance(eos, list) else eos
        start = gen.decoder_start_token_id
        start_ids = [config.decoder_start_token_id if start is None else start]
        tgt = loaded.spec.tgt_lang
        if tgt:
            lang_id = getattr(self.tokenizer, "get_lang_id", None)
            start_ids.append(lang_id(tgt) if lang_id else self.tokenizer.convert_tokens_to_ids(tgt))
        self.special = SpecialTokens(start_ids, eos_id, _banned(config, gen))
        self._term_tokens: dict[str, Tokens] = {}
        self.max_source = min(
            getattr(self.tokenizer, "model_max_length", 512) or 512,
            getattr(config, "max_position_embeddings", 512) or 512,
        )

    @property
    def cache_key(self) -> str:
        spec = self.loaded.spec
        weights = sorted(self.loaded.path.glob("*.safetensors")) + sorted(
            self.loaded.path.glob("*.bin")
        )
        stamp = hashlib.sha256()
        for w in weights:
            st = w.stat()
            stamp.update(f"{w.name}:{st.st_size}:{st.st_mtime_ns}".encode())
        return (
            f"transformers|{SEARCH_VERSION}|{spec.source}|{stamp.hexdigest()[:16]}|{spec.generation.key()}|"
            f"{spec.src_lang}|{spec.tgt_lang}|{self.model.dtype}"
        )

    def term_tokens(self, en: str) -> Tokens:
        """The target token sequence a term must appear as (mid-sentence form)."""
        tokens = self._term_tokens.get(en)
        if tokens is None:
            ids = self.tokenizer(text_target=en, add_special_tokens=False).input_ids
            tokens = self._term_tokens[en] = tuple(ids)
        return tokens

    def translate(
        self,
        sources: Sequence[str],
        terms: Sequence[Sequence[str]],
        mode: str,
        progress: Progress | None = None,
    ) -> list[str]:
        if not sources:
            return []
        encoded = self.tokenizer(list(sources), truncation=True, max_length=self.max_source)[
            "input_ids"
        ]
        order = sorted(range(len(sources)), key=lambda i: (len(encoded[i]), i))
        results: list[str] = [""] * len(sources)
        done = 0
        for batch in self._batches(order, encoded):
            padded = self.tokenizer.pad(
                {"input_ids": [encoded[i] for i in batch]}, return_tensors="pt"
            )
            device = self.loaded.device
            constraints = [[self.term_tokens(t) for t in terms[i]] for i in batch]
            outputs = beam_search(
                self.model,
                padded["input_ids"].to(device),
                padded["attention_mask"].to(device),
                constraints,
                self.loaded.spec.generation,
                mode,
                self.special,
            )
            for i, ids in zip(batch, outputs, strict=True):
                results[i] = self.tokenizer.decode(ids, skip_special_tokens=True).strip()
            done += len(batch)
            if progress:
                progress(done, len(sources))
        return results

    def _batches(self, order: list[int], encoded: list[list[int]]) -> list[list[int]]:
        """Length-sorted batches whose padded size stays within the token budget."""
        budget = self.loaded.spec.generation.batch_tokens
        batches: list[list[int]] = []
        current: list[int] = []
        for i in order:
            longest = len(encoded[i])  # `order` is sorted by length
            if current and (
                longest * (len(current) + 1) > budget or len(current) >= MAX_BATCH_ROWS
            ):
                batches.append(current)
                current = []
            current.append(i)
        if current:
            batches.append(current)
        return batches


def _banned(config, gen) -> tuple[int, ...]:
    """Tokens never to produce: one-token `bad_words_ids`, and Marian's padding token, which
    only starts the decoder (CTranslate2 drops it from the vocabulary)."""
    banned = {ids[0] for ids in gen.bad_words_ids or [] if len(ids) == 1}
    pad = config.pad_token_id
    if pad is not None and pad == config.decoder_start_token_id and pad != config.eos_token_id:
        banned.add(pad)
    return tuple(sorted(banned))
