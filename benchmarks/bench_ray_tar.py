"""Reading a .tar.gz's members as the Ray runner's read tasks get them: each document
pickled alone (as rows were before) against groups of an actor call's documents (at most
DOCS_PER_CALL) pickled together (as `ray_runner` ships them now), which share one stream.
No Ray is started: the cost is in the unpickled readers, not in the scheduling.
Run: .venv/bin/python benchmarks/bench_ray_tar.py [--members 2000] [--group 128]
"""

from __future__ import annotations

import argparse
import io
import pickle
import tarfile
import tempfile
import time
from pathlib import Path

from ray import cloudpickle

from transbench.batch.ray_runner import DOCS_PER_CALL
from transbench.batch.sources import Selection, discover


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--members", type=int, default=2000)
    parser.add_argument("--group", type=int, default=DOCS_PER_CALL)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / "wire.tar.gz"
        with tarfile.open(archive, "w:gz") as tf:
            for i in range(args.members):
                data = (f"خبر رقم {i}. " * 40).encode()
                info = tarfile.TarInfo(f"day/{i:05}.txt")
                info.size = len(data)
                tf.addfile(info, io.BytesIO(data))
        docs = list(discover([archive], Selection()))
        t0 = time.perf_counter()
        alone = [pickle.loads(cloudpickle.dumps(d)).read() for d in docs]
        alone_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        grouped = []
        for at in range(0, len(docs), args.group):
            grouped += [
                d.read() for d in pickle.loads(cloudpickle.dumps(docs[at : at + args.group]))
            ]
        grouped_s = time.perf_counter() - t0
    assert alone == grouped
    print(
        f"ray tar: {args.members} members of a .tar.gz: each document pickled alone "
        f"{alone_s:.1f} s; in groups of {args.group} {grouped_s:.1f} s"
    )


if __name__ == "__main__":
    main()
