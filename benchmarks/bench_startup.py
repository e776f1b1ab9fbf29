"""How long commands that do not translate take to start: best of 5 wall-clock runs each,
and the import time of the CLI (`python -X importtime`). Target (issue 21): <= 0.3 s.

Run: .venv/bin/python benchmarks/bench_startup.py
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "qahtaniyah-patrols.ar.txt"
COMMANDS = [
    ["--help"],
    ["segment", str(EXAMPLE)],
    ["glossary", "list"],
    ["glossary", "lint"],
]


def best(args: list[str], runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "transbench", *args],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=True,
        )
        times.append(time.perf_counter() - t0)
    return min(times)


def import_time() -> float:
    err = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", "import transbench.cli"],
        capture_output=True,
        text=True,
        check=True,
    ).stderr
    last = [line for line in err.splitlines() if re.search(r"\| transbench\.cli$", line)]
    return int(last[-1].split("|")[1]) / 1e6


def main() -> None:
    print(f"import transbench.cli: {import_time():.3f} s")
    for args in COMMANDS:
        print(
            f"transbench {' '.join(a if a != str(EXAMPLE) else 'EXAMPLE' for a in args)}: "
            f"{best(args):.3f} s (target <= 0.3 s)"
        )


if __name__ == "__main__":
    main()
