"""Translation with a transformers encoder-decoder (Marian, NLLB, M2M100) and our beam search.

Hard terms never touch a draft that already has them: every sentence is first searched
plainly; one whose best hypothesis misses a term takes the best other finished hypothesis
that has them all, and only when none has is it searched again under hard constraints
(with `hard_beam_size`, as dynamic beam allocation shares the beam between banks). The
CTranslate2 backend takes the same three steps, so both give the same drafts.

A rewrite is never degenerate where the plain draft is not (`mt.degenerate`): a
constrained draft that loops, stutters, runs away or glues a term onto a word is searched
again with repeats blocked (`transformers-hard-norepeat`), and if that is no better, or
still lacks a term, the plain draft stays (`transformers-plain-kept`) and the missing term
is QA's to flag. A soft draft that is degenerate where the plain one is not gives way to
the plain one the same way.
"""

from __future__ import annotations

from collections.abc import Sequence

from transbench.glossary.presence import Forms
from transbench.models.languages import target_token_id
from transbench.models.loading import LoadedModel
from transbench.mt.base import KEPT, Progress, Translator, acceptable, keep_or_redo
from transbench.mt.beam import SpecialTokens, beam_search
from transbench.mt.constraints import TermTracker, TokenText
from transbench.mt.degenerate import is_degenerate, worse
from transbench.mt.lazy import transformers_key

MAX_BATCH_ROWS = 64
PLAIN, NBEST, HARD = "transformers", "transformers-nbest", "transformers-hard"
NOREPEAT = "transformers-hard-norepeat"


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
        if loaded.spec.tgt_lang:
            start_ids.append(target_token_id(self.tokenizer, loaded.spec.tgt_lang))
        self.special = SpecialTokens(start_ids, eos_id, _banned(config, gen))
        self._term_tokens: dict[str, tuple[int, ...]] = {}
        self._vocab: TokenText | None = None
        self.last_paths: list[str] = []
        self.max_source = min(
            getattr(self.tokenizer, "model_max_length", 512) or 512,
            getattr(config, "max_position_embeddings", 512) or 512,
        )

    @property
    def cache_key(self) -> str:
        return transformers_key(self.loaded.requested, self.loaded.path)

    def term_tokens(self, en: str) -> tuple[int, ...]:
        """The tokens that write a term in the middle of a sentence (its usual spelling)."""
        tokens = self._term_tokens.get(en)
        if tokens is None:
            ids = self.tokenizer(text_target=en, add_special_tokens=False).input_ids
            tokens = self._term_tokens[en] = tuple(ids)
        return tokens

    def tracker(self, terms: Sequence[Forms]) -> TermTracker:
        if self._vocab is None and terms:
            self._vocab = TokenText.from_tokenizer(self.tokenizer)
        return TermTracker(terms, self._vocab, self.term_tokens)

    def translate(
        self,
        sources: Sequence[str],
        terms: Sequence[Sequence[Forms]],
        mode: str,
        progress: Progress | None = None,
    ) -> list[str]:
        first = "off" if mode == "hard" else mode
        checked = [mode == "hard" and bool(t) for t in terms]
        found = self._search(sources, terms, first, checked, progress)
        results, lower, redo = keep_or_redo(found, terms, checked, sources)
        self.last_paths = [f"{PLAIN}-soft" if mode == "soft" and t else PLAIN for t in terms]
        for i in lower:
            self.last_paths[i] = NBEST
        if mode == "soft":
            self._plain_if_worse(sources, terms, results)
        again, paths = self.constrained(
            [sources[i] for i in redo], [terms[i] for i in redo], [results[i] for i in redo]
        )
        for i, text, path in zip(redo, again, paths, strict=True):
            results[i], self.last_paths[i] = text, path
        return results

    def _plain_if_worse(
        self, sources: Sequence[str], terms: Sequence[Sequence[Forms]], results: list[str]
    ) -> None:
        """Soft drafts that are degenerate where the plain draft is not give way to it."""
        suspect = [
            i
            for i, text in enumerate(results)
            if terms[i] and is_degenerate(text, sources[i], terms[i])
        ]
        blank = [()] * len(suspect)
        plain = self._search([sources[i] for i in suspect], blank, "off", [False] * len(suspect))
        for i, (text,) in zip(suspect, plain, strict=True):
            if worse(results[i], text, sources[i], terms[i]):
                results[i], self.last_paths[i] = text, KEPT

    def constrained(
        self,
        sources: Sequence[str],
        terms: Sequence[Sequence[Forms]],
        plain: Sequence[str] | None = None,
    ) -> tuple[list[str], list[str]]:
        """Hard-constrained drafts, for sentences whose plain search missed a term, and the
        path each took. Given the `plain` drafts, a constrained draft that is degenerate
        where its plain one is not, or lacks a term, is searched again with repeats
        blocked; if that one is no better either, the plain draft is kept."""
        beam = self.loaded.spec.generation.hard_beam_size
        blank = [False] * len(sources)
        texts = [t[0] for t in self._search(sources, terms, "hard", blank, beam_size=beam)]
        paths = [HARD] * len(sources)
        if plain is None:
            return texts, paths
        bad = [n for n, t in enumerate(texts) if not acceptable(t, plain[n], sources[n], terms[n])]
        retry = self._search(
            [sources[n] for n in bad],
            [terms[n] for n in bad],
            "hard",
            [False] * len(bad),
            beam_size=beam,
            block_repeats=True,
        )
        for n, (text,) in zip(bad, retry, strict=True):
            if acceptable(text, plain[n], sources[n], terms[n]):
                texts[n], paths[n] = text, NOREPEAT
            else:
                texts[n], paths[n] = plain[n], KEPT
        return texts, paths

    def _search(
        self,
        sources: Sequence[str],
        terms: Sequence[Sequence[Forms]],
        mode: str,
        nbest: Sequence[bool],
        progress: Progress | None = None,
        beam_size: int | None = None,
        block_repeats: bool = False,
    ) -> list[list[str]]:
        """Each source's finished hypotheses as text, best first (all where `nbest` asks,
        else the best alone)."""
        if not sources:
            return []
        encoded = self.tokenizer(list(sources), truncation=True, max_length=self.max_source)[
            "input_ids"
        ]
        order = sorted(range(len(sources)), key=lambda i: (len(encoded[i]), i))
        results: list[list[str]] = [[] for _ in sources]
        done = 0
        for batch in self._batches(order, encoded):
            padded = self.tokenizer.pad(
                {"input_ids": [encoded[i] for i in batch]}, return_tensors="pt"
            )
            device = self.loaded.device
            outputs = beam_search(
                self.model,
                padded["input_ids"].to(device),
                padded["attention_mask"].to(device),
                [self.tracker(terms[i] if mode != "off" else ()) for i in batch],
                self.loaded.spec.generation,
                mode,
                self.special,
                beam_size,
                block_repeats,
            )
            for i, hypotheses in zip(batch, outputs, strict=True):
                results[i] = [
                    self.tokenizer.decode(ids, skip_special_tokens=True).strip()
                    for ids in (hypotheses if nbest[i] else hypotheses[:1])
                ]
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
