"""The record of finished documents in an output folder, so a rerun resumes.

An append-only JSON-lines file: a document is written there only after all its outputs
are in place, so a run killed at any moment loses no finished document and leaves no
document marked finished that is not. A torn last line is ignored.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

MANIFEST = ".transbench-manifest.jsonl"


class Manifest:
    def __init__(self, folder: Path) -> None:
        self.path = folder / MANIFEST
        self.done: dict[str, dict[str, Any]] = {}
        if self.path.exists():
            for line in self.path.read_text(encoding="utf-8").splitlines():
                try:
                    record = json.loads(line)
                    self.done[record["key"]] = record
                except (ValueError, KeyError):
                    continue

    def finished(self, key: str, fingerprint: str) -> bool:
        record = self.done.get(key)
        return record is not None and record.get("fingerprint") == fingerprint

    def record(self, entry: dict[str, Any]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self.path.open("a", encoding="utf-8") as fh:
            fh.write(json.dumps(entry, ensure_ascii=False) + "\n")
            fh.flush()
            os.fsync(fh.fileno())
        self.done[entry["key"]] = entry
