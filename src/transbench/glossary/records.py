"""Glossary records: a term as the team wrote it, and a hit of that term in a text."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from transbench.glossary.forms import accepted

REQUIRED_COLUMNS = ("ar", "en")
OPTIONAL_COLUMNS = ("ar_variants", "en_forbidden", "note", "ar_not")
# Columns that hold several values separated by LIST_SEPARATOR.
LIST_COLUMNS = (
    "ar_variants",
    "ar_plural",
    "ar_not",
    "en_alternatives",
    "en_derived",
    "en_forbidden",
)
# Every column the tool reads, in the order the editor's Glossary screen shows them.
COLUMNS = (
    "ar",
    "en",
    "ar_variants",
    "ar_plural",
    "en_alternatives",
    "en_derived",
    "en_forbidden",
    "enforce",
    "ar_not",
    "note",
)
LIST_SEPARATOR = "|"
# How strongly an entry's English is enforced (`enforce` column): forced in hard mode,
# biased in soft mode only, or only checked by QA (for words that are also common words,
# like القاعدة, "the base" as often as al-Qaeda).
ENFORCE = ("hard", "soft", "check")


def split_list(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(LIST_SEPARATOR) if part.strip())


@dataclass(frozen=True)
class Term:
    """One glossary row: `en` is the rendering every draft must use for `ar` and its variants."""

    ar: str
    en: str
    ar_variants: tuple[str, ...] = ()
    en_forbidden: tuple[str, ...] = ()
    note: str = ""
    glossary: str = ""
    line: int = 0
    en_alternatives: tuple[str, ...] = ()  # other accepted renderings (U.S. beside US)
    enforce: str = "hard"
    ar_plural: tuple[str, ...] = ()  # plural and dual forms: a hit on one wants the plural
    en_derived: tuple[str, ...] = ()  # adjectives and demonyms (Syrian, Syrians for Syria)
    ar_not: tuple[str, ...] = ()  # longer names holding the term (واشنطن بوست): no hit there

    def values(self) -> dict[str, str]:
        """The entry as its CSV columns (`COLUMNS`) hold it."""
        out = {c: getattr(self, c) for c in COLUMNS}
        return {c: LIST_SEPARATOR.join(v) if isinstance(v, tuple) else v for c, v in out.items()}

    @property
    def source_forms(self) -> tuple[str, ...]:
        return (self.ar, *self.ar_variants, *self.ar_plural)

    @classmethod
    def from_row(cls, values: dict[str, str], glossary: str, line: int) -> Term:
        return cls(
            ar=values.get("ar", ""),
            en=values.get("en", ""),
            ar_variants=split_list(values.get("ar_variants", "")),
            en_forbidden=split_list(values.get("en_forbidden", "")),
            note=values.get("note", ""),
            glossary=glossary,
            line=line,
            en_alternatives=split_list(values.get("en_alternatives", "")),
            enforce=values.get("enforce", "").strip() or "hard",
            ar_plural=split_list(values.get("ar_plural", "")),
            en_derived=split_list(values.get("en_derived", "")),
            ar_not=split_list(values.get("ar_not", "")),
        )


@dataclass(frozen=True)
class Hit:
    """A glossary term found in a text. `start`/`end` cover the whole words as written
    (clitics included); `prefix` is the normalised clitic that was set aside to match."""

    start: int
    end: int
    surface: str
    ar: str
    en: str
    glossary: str
    form: str
    prefix: str
    line: int
    en_forbidden: tuple[str, ...] = ()
    en_alternatives: tuple[str, ...] = ()
    enforce: str = "hard"
    en_derived: tuple[str, ...] = ()
    number: str = ""  # what the Arabic says of the number: "", plural, counted (`forms`)

    @property
    def forms(self) -> tuple[str, ...]:
        """Every English form a draft may use for this hit here, the preferred first."""
        return accepted(self.en, self.en_alternatives, self.en_derived, self.number)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        for column in ("en_forbidden", "en_alternatives", "en_derived"):
            data[column] = list(data[column])
        return data
