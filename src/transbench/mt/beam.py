"""Beam search over a transformers encoder-decoder, with lexical constraints.

One search serves every term mode, so `off` and `hard` cost the same machinery:
- off:  plain beam search;
- soft: tokens that continue a term under way, or start one not yet written, get a
  log-probability bonus (a written term gets none, so it is not repeated);
- hard: dynamic beam allocation (Post & Vilar, NAACL 2018). Candidates are the usual top
  2k, each hypothesis' best token, and every token that starts or continues one of its
  unwritten terms; the beam is shared out round-robin between banks of hypotheses grouped
  by their progress on the terms, so hypotheses that honour the terms survive next to the
  fluent ones. A hypothesis may only end once every term is written; if none has when
  the length limit comes, the best one is completed with the missing terms.

Whether a term is written is judged on the hypothesis' text (`mt.constraints`), by the
same rule as the finished draft's `present`. Callers run hard mode only where a plain
search missed a term (`TransformersTranslator`), so it never touches a good draft.

The encoder runs once per batch; decoder states are cached and reordered between steps,
and finished sentences leave the batch.

When a sentence ends follows CTranslate2's beam search, so that both engines give the same
draft for the same model: tokens the model must never produce (Marian's padding/start
token) are left out of the softmax, EOS cannot come first, a sentence is done once `k`
hypotheses have ended, scores are normalised by length without the EOS, and at the length
limit the live hypotheses compete with the ended ones.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch

from transbench.models.registry import Generation
from transbench.mt.constraints import START, TermState, TermTracker

_NONE = TermTracker([])
# The longest run of tokens that `block_repeats` keeps from being written twice in a row.
REPEAT_SPAN = 6


@dataclass(frozen=True)
class SpecialTokens:
    start: list[int]
    eos: int
    banned: tuple[int, ...] = ()


@dataclass
class _Sentence:
    terms: TermTracker
    limit: int
    tokens: list[list[int]]
    states: list[TermState]
    finished: list[tuple[float, list[int]]]


def _normalised(score: float, length: int, alpha: float) -> float:
    return score / (max(length, 1) ** alpha) if alpha else score


def beam_search(
    model: torch.nn.Module,
    input_ids: torch.Tensor,
    attention_mask: torch.Tensor,
    terms: list[TermTracker],
    settings: Generation,
    mode: str,
    special: SpecialTokens,
    beam_size: int | None = None,
    block_repeats: bool = False,
) -> list[list[list[int]]]:
    """For each source row, its finished hypotheses best first: target token ids without
    the start prefix, with the final EOS. `mode` is off, soft or hard; `terms` hold each
    row's glossary terms (ignored when off). `block_repeats`: no hypothesis may write a run
    of up to `REPEAT_SPAN` tokens twice in a row (`and and`, `AS AS`, `, and Washington,
    and Washington`), the second try for a constrained draft that came out degenerate."""
    k = beam_size or settings.beam_size
    eos_id = special.eos
    sentences = []
    for length, tracker in zip(attention_mask.sum(1).tolist(), terms, strict=True):
        tracker = tracker if mode != "off" else _NONE
        limit = settings.cap(length)
        if tracker and mode == "hard":
            limit = max(limit, len(tracker.remainder(START)) + 2)
        sentences.append(_Sentence(tracker, limit, [[] for _ in range(k)], [START] * k, []))
    results: list[list[list[int]] | None] = [None] * len(sentences)
    device = input_ids.device
    with torch.inference_mode():
        encoded = model.get_encoder()(input_ids=input_ids, attention_mask=attention_mask)
        hidden = encoded.last_hidden_state.repeat_interleave(k, 0)
        mask = attention_mask.repeat_interleave(k, 0)
        scores = torch.full((len(sentences), k), -math.inf, device=device)
        scores[:, 0] = 0.0
        scores = scores.view(-1)
        step_input = torch.tensor([special.start], device=device).repeat(len(sentences) * k, 1)
        active = list(range(len(sentences)))
        cache = None
        step = 0
        while active:
            out = model(
                encoder_outputs=(hidden,),
                attention_mask=mask,
                decoder_input_ids=step_input,
                cache=cache,
                use_cache=True,
            )
            cache = out.cache
            logits = out.logits[:, -1, :].float()
            logits[:, list(special.banned) if step else [*special.banned, eos_id]] = -math.inf
            logprobs = torch.log_softmax(logits, dim=-1)
            vocab = logprobs.size(-1)
            _adjust(logprobs, [sentences[b] for b in active], k, mode, settings.soft_bias, eos_id)
            if block_repeats:
                _block_repeats(logprobs, [sentences[b] for b in active], k)
            total = scores.unsqueeze(1) + logprobs
            n_top = min(2 * k, k * vocab)
            top_scores, top_index = total.view(len(active), k * vocab).topk(n_top)
            extra = _extra_candidates(total, logprobs, [sentences[b] for b in active], k, mode)
            top_scores, top_index = top_scores.tolist(), top_index.tolist()
            step += 1

            keep, rows, next_tokens, next_scores = [], [], [], []
            for i, b in enumerate(active):
                sent = sentences[b]
                cands = {
                    divmod(idx, vocab): sc
                    for sc, idx in zip(top_scores[i], top_index[i], strict=True)
                }
                cands.update(extra.get(i, {}))
                chosen = _select(sent, cands, k, eos_id, step, settings.length_penalty)
                if _done(sent, chosen, k, step):
                    results[b] = _ranked(sent, chosen, eos_id, mode, step, settings.length_penalty)
                    continue
                keep.append(b)
                new_tokens, new_states = [], []
                for sc, beam, tok, state in chosen:
                    rows.append(i * k + beam)
                    next_tokens.append(tok)
                    next_scores.append(sc)
                    new_tokens.append([*sent.tokens[beam], tok])
                    new_states.append(state)
                sent.tokens, sent.states = new_tokens, new_states
            if not keep:
                break
            index = torch.tensor(rows, device=device)
            cache.self_attention_cache.reorder_cache(index)
            if len(keep) < len(active):
                # Beams of one sentence share encoder states, so these change only when
                # sentences leave the batch.
                cache.cross_attention_cache.reorder_cache(index)
                hidden, mask = hidden.index_select(0, index), mask.index_select(0, index)
            scores = torch.tensor(next_scores, device=device)
            step_input = torch.tensor(next_tokens, device=device).unsqueeze(1)
            active = keep
    return [r if r is not None else [[eos_id]] for r in results]


def _adjust(
    logprobs: torch.Tensor, sents: list[_Sentence], k: int, mode: str, bias: float, eos_id: int
) -> None:
    """Hard: no EOS before every term is written. Soft: a bonus for tokens that continue a
    term under way, or start one when none is."""
    if mode == "off":
        return
    rows: list[int] = []
    cols: list[int] = []
    for i, sent in enumerate(sents):
        if not sent.terms:
            continue
        for beam, state in enumerate(sent.states):
            row = i * k + beam
            if mode == "hard":
                if not sent.terms.complete(state):
                    rows.append(row)
                    cols.append(eos_id)
            else:
                for tok in sent.terms.wanted(state, starts=False):
                    rows.append(row)
                    cols.append(tok)
    if not rows:
        return
    index = (torch.tensor(rows, device=logprobs.device), torch.tensor(cols, device=logprobs.device))
    if mode == "hard":
        logprobs.index_put_(index, torch.tensor(-math.inf, device=logprobs.device))
    else:
        logprobs.index_put_(index, torch.tensor(bias, device=logprobs.device), accumulate=True)


def _repeating(tokens: list[int]) -> set[int]:
    """Tokens that would end a run of `n <= REPEAT_SPAN` tokens written twice in a row."""
    found = set()
    size = len(tokens)
    for n in range(1, min(REPEAT_SPAN, (size + 1) // 2) + 1):
        if tokens[size - n + 1 :] == tokens[size - 2 * n + 1 : size - n]:
            found.add(tokens[size - n])
    return found


def _block_repeats(logprobs: torch.Tensor, sents: list[_Sentence], k: int) -> None:
    rows: list[int] = []
    cols: list[int] = []
    for i, sent in enumerate(sents):
        for beam, tokens in enumerate(sent.tokens):
            for tok in _repeating(tokens):
                rows.append(i * k + beam)
                cols.append(tok)
    if rows:
        index = (
            torch.tensor(rows, device=logprobs.device),
            torch.tensor(cols, device=logprobs.device),
        )
        logprobs.index_put_(index, torch.tensor(-math.inf, device=logprobs.device))


def _extra_candidates(
    total: torch.Tensor,
    logprobs: torch.Tensor,
    sents: list[_Sentence],
    k: int,
    mode: str,
) -> dict[int, dict[tuple[int, int], float]]:
    """Hard mode: each hypothesis' best token and the tokens that start or continue its
    unwritten terms."""
    if mode != "hard" or not any(s.terms for s in sents):
        return {}
    best = logprobs.argmax(-1).tolist()
    pairs: list[tuple[int, int, int]] = []
    for i, sent in enumerate(sents):
        if not sent.terms:
            continue
        for beam, state in enumerate(sent.states):
            row = i * k + beam
            for tok in {best[row], *sent.terms.wanted(state)}:
                pairs.append((i, beam, tok))
    rows = torch.tensor([i * k + beam for i, beam, _ in pairs], device=total.device)
    cols = torch.tensor([tok for _, _, tok in pairs], device=total.device)
    values = total[rows, cols].tolist()
    extra: dict[int, dict[tuple[int, int], float]] = {}
    for (i, beam, tok), value in zip(pairs, values, strict=True):
        extra.setdefault(i, {})[(beam, tok)] = value
    return extra


def _select(
    sent: _Sentence,
    cands: dict[tuple[int, int], float],
    k: int,
    eos_id: int,
    step: int,
    alpha: float,
) -> list[tuple[float, int, int, TermState]]:
    """Pick the next beam; EOS candidates picked on the way go to the finished list."""
    terms = sent.terms
    entries = []
    for (beam, tok), sc in cands.items():
        if sc == -math.inf:
            continue
        state = terms.advance(sent.states[beam], tok) if terms else START
        entries.append((sc, beam, tok, state))
    entries.sort(key=lambda e: (-e[0], e[1], e[2]))
    if terms and entries:
        # The best entry keeps its slot; the rest go round-robin from the bank furthest
        # into the terms, within a bank the furthest into a term under way first.
        banks: dict[int, list] = {}
        for entry in entries[1:]:
            banks.setdefault(terms.bank(entry[3]), []).append(entry)
        queues = [
            sorted(banks[n], key=lambda e: -terms.progress(e[3]))
            for n in sorted(banks, reverse=True)
        ]
        ordered = [entries[0]]
        while any(queues):
            for queue in queues:
                if queue:
                    ordered.append(queue.pop(0))
        entries = ordered
    chosen: list[tuple[float, int, int, TermState]] = []
    for rank, entry in enumerate(entries):
        sc, beam, tok, state = entry
        if tok != eos_id:
            chosen.append(entry)
        elif rank < k:  # an EOS below the top k is a worse ending than k others
            sent.finished.append((_normalised(sc, step - 1, alpha), [*sent.tokens[beam], tok]))
        if len(chosen) == k:
            break
    while chosen and len(chosen) < k:
        sc, beam, tok, state = chosen[0]
        chosen.append((-math.inf, beam, tok, state))
    return chosen


def _done(sent: _Sentence, chosen: list, k: int, step: int) -> bool:
    return not chosen or step >= sent.limit or len(sent.finished) >= k


def _ranked(
    sent: _Sentence, chosen: list, eos_id: int, mode: str, step: int, alpha: float
) -> list[list[int]]:
    terms = sent.terms
    pool = list(sent.finished)
    if step >= sent.limit:
        pool += [
            (_normalised(sc, step, alpha), [*sent.tokens[beam], tok, eos_id])
            for sc, beam, tok, state in chosen
            if sc != -math.inf and (mode != "hard" or terms.complete(state))
        ]
    if pool:
        return [tokens for _, tokens in sorted(pool, key=lambda f: -f[0])]
    # Hard mode at the length limit with no hypothesis holding every term: take the one
    # closest to it and complete it with the terms still missing.
    live = [c for c in chosen if c[0] != -math.inf] or chosen
    if not live:
        return [[*terms.remainder(START), eos_id]] if mode == "hard" and terms else [[eos_id]]
    _sc, beam, tok, state = max(live, key=lambda c: (terms.bank(c[3]) if terms else 0, c[0]))
    tokens = [*sent.tokens[beam], tok]
    if mode == "hard" and terms:
        tokens += terms.remainder(state)
    return [[*tokens, eos_id]]
