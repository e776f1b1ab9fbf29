"""Batch translation of folders, archives and JSONL into a mirrored output folder."""
