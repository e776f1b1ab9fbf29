"""The language codes a multilingual model needs (M2M100 `ar`/`en`, NLLB `arb_Arab`/
`eng_Latn`), taken from the model's own tokenizer when no registry entry names them, so a
model given as a folder or Hub id tags Arabic as Arabic and writes English."""

from __future__ import annotations

from typing import Any

M2M100 = ("ar", "en")  # codes of the tokenizer's `lang_code_to_id` (tokens `__ar__`, …)
NLLB = ("arb_Arab", "eng_Latn")  # tokens of the vocabulary themselves


def infer(tokenizer: Any) -> tuple[str, str] | None:
    """The Arabic→English codes this tokenizer knows, or None for a bilingual model. Only
    codes a tokenizer declares count: `ar` or `en` as ordinary subwords mean nothing."""
    codes = getattr(tokenizer, "lang_code_to_id", None) or {}
    if all(c in codes for c in M2M100):
        return M2M100
    vocab = tokenizer.get_vocab()
    if all(c in vocab for c in NLLB):
        return NLLB
    return None


def target_token_id(tokenizer: Any, lang: str) -> int:
    """The token that makes the decoder write `lang` (`__en__` for M2M100's `en`)."""
    lang_id = getattr(tokenizer, "get_lang_id", None)
    return lang_id(lang) if lang_id else tokenizer.convert_tokens_to_ids(lang)
