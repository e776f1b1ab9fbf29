"""Tracking which target-side constraints (token sequences) a hypothesis has produced."""

from __future__ import annotations

from dataclasses import dataclass

Tokens = tuple[int, ...]


@dataclass(frozen=True, slots=True)
class ConstraintState:
    """`met` is a bitmask of finished constraints; `active`/`done` the constraint under way
    and how many of its tokens are already produced (-1 when none is under way)."""

    met: int = 0
    active: int = -1
    done: int = 0


class ConstraintSet:
    """The constraints of one sentence. A token that continues the constraint under way
    advances it; any other token abandons it (its tokens no longer count) and may start
    another unmet constraint."""

    def __init__(self, constraints: list[Tokens]) -> None:
        self.items = [tuple(c) for c in constraints if c]
        self.lengths = [len(c) for c in self.items]
        self.total = sum(self.lengths)
        self.all_met = (1 << len(self.items)) - 1

    def advance(self, state: ConstraintState, token: int) -> ConstraintState:
        if state.active >= 0:
            seq = self.items[state.active]
            if seq[state.done] == token:
                if state.done + 1 == len(seq):
                    return ConstraintState(state.met | (1 << state.active))
                return ConstraintState(state.met, state.active, state.done + 1)
        for i, seq in enumerate(self.items):
            if not state.met >> i & 1 and seq[0] == token:
                if len(seq) == 1:
                    return ConstraintState(state.met | (1 << i))
                return ConstraintState(state.met, i, 1)
        return ConstraintState(state.met)

    def produced(self, state: ConstraintState) -> int:
        """Constraint tokens produced so far: the bank a hypothesis belongs to."""
        count = sum(n for i, n in enumerate(self.lengths) if state.met >> i & 1)
        return count + (state.done if state.active >= 0 else 0)

    def complete(self, state: ConstraintState) -> bool:
        return state.met == self.all_met

    def wanted(self, state: ConstraintState) -> list[int]:
        """Tokens that would make progress: the next token of the constraint under way,
        else the first token of each unmet constraint."""
        if state.active >= 0:
            return [self.items[state.active][state.done]]
        return [seq[0] for i, seq in enumerate(self.items) if not state.met >> i & 1]

    def remainder(self, state: ConstraintState) -> list[int]:
        """Tokens that finish every constraint from `state`: the hard-mode last resort."""
        tokens: list[int] = []
        if state.active >= 0:
            tokens += self.items[state.active][state.done :]
        met = state.met | ((1 << state.active) if state.active >= 0 else 0)
        for i, seq in enumerate(self.items):
            if not met >> i & 1:
                tokens += seq
        return tokens
