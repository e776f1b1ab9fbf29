"""segment → match glossary → translate → check terms: the drafting pipeline."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from transbench import qa
from transbench.cache import DraftCache, cache_key, cache_source
from transbench.glossary import collection
from transbench.glossary.matcher import Matcher
from transbench.glossary.presence import find_term
from transbench.glossary.records import Hit
from transbench.layout import relayout
from transbench.memory import TMMatch, TranslationMemory, default_tm_path
from transbench.mt.base import MODES, Progress, Translator
from transbench.mt.lazy import LazyTranslator, transformers_key
from transbench.qa import Finding
from transbench.segment import Segment, segment

# Use ./glossary (or $TRANSBENCH_GLOSSARY_DIR) when it exists.
DEFAULT_GLOSSARY: Any = object()
# Use the user's translation memory ($TRANSBENCH_TM or the data folder) when it exists.
DEFAULT_TM: Any = object()


@dataclass(frozen=True)
class TermCheck:
    """A glossary hit in the source and whether its English made it into the draft."""

    hit: Hit
    present: bool
    target_start: int | None = None
    target_end: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "ar": self.hit.ar,
            "en": self.hit.en,
            "surface": self.hit.surface,
            "start": self.hit.start,
            "end": self.hit.end,
            "glossary": self.hit.glossary,
            "present": self.present,
            "target_start": self.target_start,
            "target_end": self.target_end,
        }


@dataclass(frozen=True)
class Draft:
    segment: Segment
    target: str
    terms: tuple[TermCheck, ...] = ()
    cached: bool = False
    qa: tuple[Finding, ...] = ()
    origin: str = "mt"  # mt: the model; tm: an exact translation-memory match; source: kept
    engine: str = ""  # which decoder drafted it (ctranslate2, transformers-hard, …)
    suggestions: tuple[TMMatch, ...] = ()  # fuzzy TM matches, offered, never used as drafts

    @property
    def pass_through(self) -> bool:
        return not self.segment.translate

    def to_record(self) -> dict[str, Any]:
        s = self.segment
        return {
            "id": s.id,
            "source": s.text,
            "target": self.target,
            "lang": s.lang,
            "pass_through": self.pass_through,
            "paragraph": s.paragraph,
            "start": s.start,
            "end": s.end,
            "cached": self.cached,
            "terms": [t.to_dict() for t in self.terms],
            "qa": [f.to_dict() for f in self.qa],
            "origin": self.origin,
            "engine": self.engine,
            "tm_suggestions": [m.to_dict() for m in self.suggestions],
        }


@dataclass
class TranslationResult:
    source: str
    drafts: list[Draft]
    model: str
    is_demo: bool
    terms_mode: str
    stats: dict[str, int] = field(default_factory=dict)

    def english_text(self) -> str:
        """The article in English with the original layout (see `layout.relayout`)."""
        return relayout(
            self.source, ((d.segment.start, d.segment.end, d.target) for d in self.drafts)
        )


def qa_unit(source: str, target: str, hits: Sequence[Hit]) -> qa.QAUnit:
    terms = {h.en: qa.Term.from_hit(h) for h in hits}
    return qa.QAUnit(source, target, tuple(terms.values()))


def drafts_jsonl(drafts: Sequence[Draft]) -> bytes:
    """One JSON record per draft, as `translate -f jsonl` and batch outputs write them."""
    return "".join(json.dumps(d.to_record(), ensure_ascii=False) + "\n" for d in drafts).encode(
        "utf-8"
    )


class Pipeline:
    def __init__(
        self,
        translator: Translator,
        matcher: Matcher | None,
        terms_mode: str = "hard",
        cache: DraftCache | None = None,
        glossary_key: str = "",
        memory: TranslationMemory | None = None,
        fuzzy_threshold: float = 0.75,
    ) -> None:
        if terms_mode not in MODES:
            raise ValueError(f"terms mode must be one of {', '.join(MODES)}")
        self.translator = translator
        self.matcher = matcher
        self.terms_mode = terms_mode
        self.cache = cache
        self.glossary_key = glossary_key
        self.memory = memory
        self.fuzzy_threshold = fuzzy_threshold

    def match(self, segments: Sequence[Segment]) -> list[list[Hit]]:
        return match_segments(self.matcher, segments)

    def draft(
        self,
        segments: Sequence[Segment],
        progress: Progress | None = None,
        hits: list[list[Hit]] | None = None,
    ) -> list[Draft]:
        """Drafts for `segments` (which may come from several documents: identical sources
        are translated once across all of them); `hits` from `match`, if already known."""
        if hits is None:
            hits = self.match(segments)
        # Approved translations (exact TM matches) first; identical sources are translated
        # once; the cache answers what it has seen.
        reused = {
            i: m
            for i, seg in enumerate(segments)
            if seg.translate and self.memory and (m := self.memory.exact(seg.text))
        }
        wanted: dict[str, list[int]] = {}
        for i, seg in enumerate(segments):
            if seg.translate and i not in reused:
                wanted.setdefault(self._key(seg.text), []).append(i)
        known = self.cache.get_many(wanted) if self.cache else {}
        todo = [k for k in wanted if k not in known]
        first = [wanted[k][0] for k in todo]
        terms = [list(dict.fromkeys(h.forms for h in hits[i] if self._enforced(h))) for i in first]
        fresh = self.translator.translate(
            [segments[i].text for i in first], terms, self.terms_mode, progress
        )
        fresh_by_key = dict(zip(todo, fresh, strict=True))
        # Which decoder drafted each source (a backend with several paths says so).
        paths = getattr(self.translator, "last_paths", None) or ["transformers"] * len(todo)
        engine_by_key = dict(zip(todo, paths, strict=False))
        if self.cache and fresh_by_key:
            self.cache.put_many(fresh_by_key.items())
        drafts = []
        for i, seg in enumerate(segments):
            if not seg.translate:
                drafts.append(Draft(seg, seg.text, origin="source"))
                continue
            if i in reused:
                target, origin, suggestions, cached = reused[i].target, "tm", (), False
            else:
                key = self._key(seg.text)
                target, origin, cached = (
                    fresh_by_key.get(key, known.get(key, "")),
                    "mt",
                    key in known,
                )
                suggestions = tuple(
                    self.memory.fuzzy(seg.text, self.fuzzy_threshold) if self.memory else ()
                )
            checks = []
            for hit in hits[i]:
                span = find_term(target, hit.forms)
                checks.append(TermCheck(hit, span is not None, *(span or (None, None))))
            findings = qa.check(qa_unit(seg.text, target, hits[i]))
            engine = engine_by_key.get(self._key(seg.text), "") if origin == "mt" else ""
            drafts.append(
                Draft(
                    seg,
                    target,
                    tuple(checks),
                    cached,
                    tuple(findings),
                    origin=origin,
                    engine=engine,
                    suggestions=suggestions,
                )
            )
        return drafts

    def translate_text(self, text: str, progress: Progress | None = None) -> TranslationResult:
        segments = segment(text)
        return self.result(text, self.draft(segments, progress))

    def result(self, text: str, drafts: list[Draft]) -> TranslationResult:
        checks = [t for d in drafts for t in d.terms]
        stats = {
            "segments": len(drafts),
            "pass_through": sum(d.pass_through for d in drafts),
            "cached": sum(d.cached for d in drafts),
            "terms": len(checks),
            "terms_present": sum(t.present for t in checks),
            "qa_findings": sum(len(d.qa) for d in drafts),
            "from_tm": sum(d.origin == "tm" for d in drafts),
        }
        return TranslationResult(
            text, drafts, self.translator.name, self.translator.is_demo, self.terms_mode, stats
        )

    def _enforced(self, hit: Hit) -> bool:
        """Whether the translator is given this hit's term: `check` entries never, `soft`
        ones only in soft mode (they are QA's business otherwise)."""
        return hit.enforce == "hard" or (hit.enforce == "soft" and self.terms_mode == "soft")

    def _key(self, source: str) -> str:
        return cache_key(
            self.translator.cache_key, self.terms_mode, self.glossary_key, cache_source(source)
        )


def match_segments(matcher: Matcher | None, segments: Sequence[Segment]) -> list[list[Hit]]:
    """Glossary hits per segment (none for pass-through units)."""
    return [matcher.find(s.text) if matcher and s.translate else [] for s in segments]


def build_pipeline(
    model: str | None = None,
    glossary: Sequence[str | Path] | object | None = DEFAULT_GLOSSARY,
    terms: str = "hard",
    use_cache: bool = True,
    registry: str | Path | None = None,
    beam_size: int | None = None,
    batch_tokens: int | None = None,
    tm: str | Path | object | None = DEFAULT_TM,
    lazy: bool = False,
) -> Pipeline:
    """The pipeline for the model and glossaries named (registry name, folder or Hub id;
    glossary paths, or None for no glossary; by default ./glossary when it exists). The
    model is found (or downloaded) now; it is loaded now, or with `lazy` when a sentence
    first needs it, so that drafts the cache holds come back without loading it."""
    from transbench.models.registry import load_registry

    spec = (
        load_registry(registry)
        .resolve(model)
        .with_generation(beam_size=beam_size, batch_tokens=batch_tokens)
    )
    if glossary is DEFAULT_GLOSSARY:
        glossary = None if not collection.default_dir().is_dir() else []
    files = collection.load_files(glossary) if glossary is not None else []
    matcher = Matcher(collection.all_terms(files)) if files else None
    translator = _translator(spec)
    if not lazy:
        translator.loaded()
    cache = DraftCache(_cache_path()) if use_cache else None
    if tm is DEFAULT_TM:
        tm = default_tm_path() if default_tm_path().exists() else None
    memory = TranslationMemory(tm) if tm is not None else None
    return Pipeline(translator, matcher, terms, cache, collection.fingerprint(files), memory)


def portable_options(options: dict[str, Any]) -> dict[str, Any]:
    """`build_pipeline`'s arguments as a process elsewhere (a Ray worker, whose folder and
    environment are not this one's) must get them: defaults decided here, paths absolute,
    so every worker drafts with the same model, glossary and memory as this process."""
    from transbench.models.registry import MODEL_ENV, find_registry

    out = dict(options)
    glossary = out.get("glossary", DEFAULT_GLOSSARY)
    if glossary is DEFAULT_GLOSSARY:
        glossary = [collection.default_dir()] if collection.default_dir().is_dir() else None
    elif glossary is not None:
        glossary = collection.resolve(glossary)  # [] is the default folder too
    out["glossary"] = [str(Path(g).resolve()) for g in glossary] if glossary else None
    tm = out.get("tm", DEFAULT_TM)
    if tm is DEFAULT_TM:
        tm = default_tm_path() if default_tm_path().exists() else None
    out["tm"] = str(Path(tm).resolve()) if tm is not None else None
    registry = find_registry(out.get("registry"))
    out["registry"] = str(registry.resolve()) if registry else None
    model = out.get("model") or os.environ.get(MODEL_ENV)
    if model and Path(model).expanduser().is_dir():
        model = str(Path(model).expanduser().resolve())
    out["model"] = model
    return out


def _translator(spec) -> LazyTranslator:
    if spec.backend == "ctranslate2":
        from transbench.mt import ctranslate2_backend as ct2

        folder, info = ct2.conversion(spec)
        return LazyTranslator(
            spec.name,
            ct2.is_demo_conversion(folder),
            ct2.ctranslate2_key(spec, info),
            lambda: ct2.CTranslate2Translator(spec, folder),
        )
    from transbench.models.demo import is_demo_model
    from transbench.models.loading import ensure_local, load_model

    def load() -> Translator:
        from transbench.mt.transformers_backend import TransformersTranslator

        return TransformersTranslator(load_model(spec))

    path = ensure_local(spec)
    return LazyTranslator(spec.name, is_demo_model(path), transformers_key(spec, path), load)


def _cache_path() -> Path:
    from transbench.cache import default_cache_path

    return default_cache_path()


def translate_text(text: str, **options: Any) -> TranslationResult:
    """Library entry point: `translate_text(text, model=..., glossary=[...], terms="hard")`."""
    return build_pipeline(**options).translate_text(text)
