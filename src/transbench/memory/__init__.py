"""Translation memory: approved translations reused exactly, offered when similar."""

from transbench.memory.store import TMMatch, TranslationMemory, default_tm_path

__all__ = ["TMMatch", "TranslationMemory", "default_tm_path"]
