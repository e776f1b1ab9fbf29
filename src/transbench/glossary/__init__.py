"""Shared glossaries: CSV files a team keeps in git, matched morphology-aware in Arabic text."""

from transbench.glossary.collection import build_matcher, load_files, resolve
from transbench.glossary.csvfile import GlossaryFile
from transbench.glossary.matcher import Matcher
from transbench.glossary.records import Hit, Term

__all__ = ["GlossaryFile", "Hit", "Matcher", "Term", "build_matcher", "load_files", "resolve"]
