"""What the editor's segment list and side panel show, as plain JSON-able dicts: the browser
builds the screen from them with text nodes only (no server HTML), so nothing in a source,
a draft or a glossary can inject markup."""

from __future__ import annotations

import difflib
import re

from transbench.concordance import Occurrence
from transbench.glossary.forms import COUNTED, PLURAL
from transbench.memory import TMMatch
from transbench.workspace import Comment, HistoryEntry, StoredSegment, requirement

# Where the text in a segment came from, as a translator reads it.
_ORIGINS = {"mt": "MT", "tm": "TM 100%", "source": "kept as is"}


def origin_label(origin: str) -> str:
    """mt → MT, tm → TM 100%, tm:87 (a fuzzy match a person took) → TM 87%."""
    if origin.startswith("tm:") and origin[3:].isdigit():
        return f"TM {origin[3:]}%"
    return _ORIGINS.get(origin, origin)


def row(s: StoredSegment, comments: int = 0) -> dict:
    """One segment as the list shows it, with its number of open comments. `version`
    travels so that a save can be refused when someone else changed the segment, but the
    screen never shows it."""
    terms = _distinct(s)
    numbers = {_key(t): n for n, t in enumerate(terms, 1)}
    return {
        "id": s.id,
        "source": s.source,
        "target": s.target,
        "status": "waiting" if s.version == 0 else s.status,
        "version": s.version,
        "origin": origin_label(s.origin) if s.version else "",
        "pass": s.pass_through,
        "words": len(s.source.split()),
        # Glossary hits, for highlighting: [start, end) in the source and the term's number;
        # `terms` are the numbered terms' English, for Ctrl+1…9.
        "marks": [[t["start"], t["end"], numbers[_key(t)]] for t in _hits(s)],
        "terms": [requirement(t).forms[0] for t in terms],
        "qa": [
            {"severity": f["severity"], "check": f["check"], "message": f["message"]} for f in s.qa
        ],
        "comments": comments,
    }


def _hits(s: StoredSegment) -> list[dict]:
    return sorted(s.terms, key=lambda t: (t["start"], t["end"]))


def _key(t: dict) -> tuple[str, str]:
    return t["ar"], t["en"]


def _distinct(s: StoredSegment) -> list[dict]:
    """The segment's glossary terms, each once, numbered in order of first appearance
    (the list, the panel and Ctrl+1…9 use the same numbers)."""
    first: dict[tuple[str, str], dict] = {}
    for t in _hits(s):
        first.setdefault(_key(t), t)
    return list(first.values())


def _pieces(match: TMMatch) -> list[list]:
    """The TM source cut into [text, differs] pieces: what differs from the segment being
    translated is marked, as CAT tools show a fuzzy match."""
    pieces, pos = [], 0
    for _op, _q0, _q1, m0, m1 in match.diff:
        if m0 > pos:
            pieces.append([match.source[pos:m0], False])
        if m1 > m0:
            pieces.append([match.source[m0:m1], True])
        pos = max(pos, m1)
    if pos < len(match.source):
        pieces.append([match.source[pos:], False])
    return pieces


def word_diff(old: str, new: str) -> list[list[str]]:
    """`old` → `new` as [kind, text] pieces, word by word: "=" kept, "-" taken out, "+"
    put in (what a reviser's revision marks show)."""
    a, b = re.findall(r"\S+|\s+", old), re.findall(r"\S+|\s+", new)
    pieces = []
    for op, a0, a1, b0, b1 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            pieces.append(["=", "".join(a[a0:a1])])
            continue
        if a1 > a0:
            pieces.append(["-", "".join(a[a0:a1])])
        if b1 > b0:
            pieces.append(["+", "".join(b[b0:b1])])
    return pieces


def changes(s: StoredSegment, history: list[HistoryEntry]) -> list[dict]:
    """What changed in the English since the machine draft and since the translator
    confirmed it, when it did (the reviser's view of the work)."""
    kept = [e for e in history if e.action != "refused"]
    since = []
    draft = next((e for e in kept if e.action == "drafted"), None)
    if draft is not None and draft.target != s.target:
        since.append({"since": "the machine draft", "pieces": word_diff(draft.target, s.target)})
    confirmed = next((e for e in reversed(kept) if e.action == "confirmed"), None)
    if confirmed is not None and confirmed.target != s.target:
        since.append(
            {
                "since": f"{confirmed.editor}'s confirmed version",
                "pieces": word_diff(confirmed.target, s.target),
            }
        )
    return since


def details(
    s: StoredSegment,
    matches: list[TMMatch],
    history: list[HistoryEntry] = (),
    comments: list[Comment] = (),
) -> dict:
    """The side panel for the active segment: its terms (click or Ctrl+n to insert), the
    translation-memory matches with their differences, the QA findings, the changes since
    the draft and the translator's version, the comments and the history (newest first)."""
    missing = _missing(s)
    return {
        "row": row(s, sum(c.resolved_by is None for c in comments)),
        "changes": changes(s, list(history)),
        "comments": [
            {
                "id": c.id,
                "author": c.author,
                "text": c.text,
                "at": c.at,
                "resolved_by": c.resolved_by,
            }
            for c in comments
        ],
        "history": [
            {
                "editor": e.editor,
                "action": e.action,
                "status": e.status,
                "target": e.target,
                "at": e.at,
            }
            for e in reversed(list(history))
        ],
        "terms": [term(n, s.source, t, missing) for n, t in enumerate(_distinct(s), 1)],
        "tm": [
            {
                "score": int(m.score * 100),
                "pieces": _pieces(m),
                "target": m.target,
                "origin": m.origin,
            }
            for m in matches
        ],
    }


# What the panel says beside a term whose number the Arabic decides (`glossary.forms`).
_NUMBER_NOTES = {PLURAL: "plural preferred here", COUNTED: "plural here: the Arabic counts it"}


def _missing(s: StoredSegment) -> set[str]:
    """The entries (by their Arabic) that QA finds missing from the English."""
    return {f.get("details", {}).get("ar", "") for f in s.qa if f.get("check") == "term-missing"}


def term(n: int, source: str, t: dict, missing: set[str] = frozenset()) -> dict:
    """A term in the panel: the form this segment wants first (the plural where the
    Arabic counts two or more), the other accepted forms after it; whether QA finds it
    missing from the English (where a terminologist may add the form used instead), and
    the entry and glossary file that form would go to."""
    forms = requirement(t).forms or (t["en"],)
    return {
        "n": n,
        "ar": source[t["start"] : t["end"]],
        "entry": t["ar"],
        "glossary": t.get("glossary", ""),
        "missing": t["ar"] in missing,
        "en": forms[0],
        "alternatives": list(forms[1:]),
        "number": _NUMBER_NOTES.get(t.get("number", ""), ""),
        "forbidden": t["forbidden"],
        "enforce": t.get("enforce", "hard"),
    }


def occurrence(o: Occurrence) -> dict:
    return {
        "where": o.where,
        "source": o.source,
        "target": o.target,
        "source_marks": [list(span) for span in o.source_spans],
        "target_marks": [list(span) for span in o.target_spans],
    }
