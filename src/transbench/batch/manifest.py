"""The record of finished documents in an output tree, so a rerun resumes.

Append-only JSON lines: a document is entered only after all its outputs are in place, so
a run killed at any moment loses no finished document and leaves no document marked
finished that is not. A torn last line is ignored; of two entries for one document, the
later wins.
"""

from __future__ import annotations

import json
from typing import Any

from transbench.batch.output import Output


class Manifest:
    def __init__(self, output: Output) -> None:
        self.output = output
        self.done: dict[str, dict[str, Any]] = {}
        for line in output.manifest_lines():
            try:
                record = json.loads(line)
                self.done[record["key"]] = record
            except (ValueError, KeyError, TypeError):
                continue

    def finished(self, key: str, fingerprint: str) -> bool:
        record = self.done.get(key)
        return record is not None and record.get("fingerprint") == fingerprint

    def record(self, entry: dict[str, Any]) -> None:
        self.output.append_manifest(json.dumps(entry, ensure_ascii=False))
        self.done[entry["key"]] = entry
