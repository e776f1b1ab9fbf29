"""How long commands that do not translate take to start: best of 5 wall-clock runs each,
and the import time of the CLI (`python -X importtime`). Target (issue 21): <= 0.3 s.
Then `translate EXAMPLE` with the offline demo model, drafting (first run) and with every
draft in the cache (best of 5 more), where the model need not load.

Run: .venv/bin/python benchmarks/bench_startup.py
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
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


def best(args: list[str], runs: int = 5, env: dict | None = None) -> float:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "transbench", *args],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            check=True,
            env=env,
        )
        times.append(time.perf_counter() - t0)
    return min(times)


def cached_translate() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        model = Path(tmp) / "demo-model"
        env = {**os.environ, "TRANSBENCH_CACHE_DIR": str(Path(tmp) / "cache")}
        best(["models", "build-demo", str(model)], runs=1, env=env)
        args = ["translate", str(EXAMPLE), "-m", str(model), "--no-tm"]
        print(f"transbench translate EXAMPLE, drafting: {best(args, runs=1, env=env):.3f} s")
        print(f"transbench translate EXAMPLE, all drafts cached: {best(args, env=env):.3f} s")


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
    cached_translate()


if __name__ == "__main__":
    main()
