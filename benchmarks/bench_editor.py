"""The Translate screen on a 500-segment article: how long opening the document, moving to
another segment, saving and approving take on the server, how many bytes each sends back,
and (when Debian's Chromium is installed) how long until the screen shows it.

The article is the first 500 FLORES-200 dev sentences (../shared), one paragraph each, and
the drafts are opus-mt-ar-en's real output on them (../shared/testsets/mt-outputs-flores-dev,
replayed, so no model runs); the starter glossary marks terms; the translation memory holds
the other 497 FLORES dev sentences with their reference translations, and each segment as it
is approved. Targets (issue #17): each action ≤ 150 ms on the
server and ≤ 300 ms until the screen shows it.

Run: .venv/bin/python benchmarks/bench_editor.py [--segments 500] [--repeat 40]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from transbench.glossary import collection
from transbench.glossary.matcher import Matcher
from transbench.memory import TranslationMemory
from transbench.mt.base import Translator
from transbench.pipeline import Pipeline
from transbench.ui.service import EditorService
from transbench.workspace import Workspace

ROOT = Path(__file__).resolve().parents[1]
OUTPUTS = ROOT.parent / "shared" / "testsets" / "mt-outputs-flores-dev"


class Replay(Translator):
    """opus-mt-ar-en's recorded drafts, looked up by source: the editor is measured, not
    the model. Where the segmenter cut a FLORES line in two, each part gets the line's
    draft."""

    name = "opus-mt-ar-en (recorded output)"
    is_demo = False

    def __init__(self, drafts: dict[str, str]) -> None:
        self.drafts = drafts

    @property
    def cache_key(self) -> str:
        return self.name

    def translate(self, sources, terms, mode, progress=None) -> list[str]:
        return [self.drafts.get(s) or self._containing(s) for s in sources]

    def _containing(self, part: str) -> str:
        return next((t for s, t in self.drafts.items() if part in s), "")


def timed(work: Callable[[], object], repeat: int) -> tuple[list[float], object]:
    times, result = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        result = work()
        times.append((time.perf_counter() - start) * 1000)
    return times, result


def line(name: str, times: Sequence[float], size: int | None = None) -> str:
    p95 = sorted(times)[max(0, round(len(times) * 0.95) - 1)]
    extra = f"  {size / 1024:8.1f} KiB sent" if size is not None else ""
    return f"  {name:<28} median {statistics.median(times):7.1f} ms  p95 {p95:7.1f} ms{extra}"


def server_side(service: EditorService, doc: int, repeat: int) -> list[str]:
    """The functions the page's calls run, timed in process (JSON encoding included)."""
    rows = service.view(doc)["rows"]
    ids = [r["id"] for r in rows]
    out = []
    times, view = timed(lambda: json.dumps(service.view(doc)), repeat)
    out.append(line("open the document", times, len(view)))
    todo = iter(ids)

    def save() -> str:
        s = next(todo)
        current = service.workspace.segment(doc, s)
        text = current.target + " ."
        return json.dumps(service.act("save", doc, s, current.version, "bench", text))

    times, answer = timed(save, repeat)
    out.append(line("save", times, len(answer)))

    def approve() -> str:
        s = next(todo)
        current = service.workspace.segment(doc, s)
        return json.dumps(
            service.act("approve", doc, s, current.version, "bench", current.target, True)
        )

    times, answer = timed(approve, repeat)
    out.append(line("approve (into the memory)", times, len(answer)))
    seg = iter(ids * 2)
    times, panel = timed(lambda: json.dumps(service.details(doc, next(seg))), repeat)
    out.append(line("move (the side panel)", times, len(panel)))
    return out


BROWSER_STEPS = """async ([what, id]) => {
  const row = (i) => document.querySelector('.tb-seg[data-id="' + i + '"]');
  const frame = () => new Promise((r) => requestAnimationFrame(r));
  const key = (k, ctrl) => document.querySelector('.tb-active textarea').dispatchEvent(
    new KeyboardEvent('keydown', {key: k, ctrlKey: ctrl, bubbles: true, cancelable: true}));
  const t0 = performance.now();
  let done;
  if (what === 'move') {
    key('ArrowDown', true);
    const head = () => document.querySelector('.tb-panel-head strong')?.textContent;
    done = () => row(id + 1)?.classList.contains('tb-active') && head() === 'Segment ' + (id + 1);
  }
  if (what === 'save') {
    const box = document.querySelector('.tb-active textarea');
    box.value += ' .'; box.dispatchEvent(new Event('input'));
    key('Enter', false);
    done = () => row(id).dataset.status === 'edited';
  }
  if (what === 'approve') {
    key('Enter', true);
    done = () => row(id).dataset.status === 'approved';
  }
  while (!done()) { await frame(); if (performance.now() - t0 > 10000) return -1; }
  await frame();
  return performance.now() - t0;
}"""


def in_browser(service: EditorService, doc: int, other: int, repeat: int) -> list[str]:
    """The same actions in Chromium, by the keys a translator presses, until the screen
    shows the result (the next frame after the change)."""
    from playwright.sync_api import sync_playwright

    from transbench.ui.app import launch

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    demo = launch(
        service, server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True
    )
    out = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(
                executable_path=shutil.which("chromium"), args=["--no-sandbox", "--disable-gpu"]
            )
            page = browser.new_page(viewport={"width": 1366, "height": 768})
            page.goto(f"http://127.0.0.1:{port}/")
            # Open two copies of the article in turn: each click shows a whole document.
            opening, count = [], len(service.view(doc)["rows"])
            for i in range(max(4, repeat // 5)):
                which = (doc, other)[i % 2]
                page.get_by_role("tab", name="Documents").click()
                page.locator("input[type=number]").first.fill(str(which))
                start = time.perf_counter()
                page.get_by_role("button", name="Open", exact=True).click()
                page.wait_for_function(
                    f"""() => document.querySelector('.tb-docname')?.textContent
                         === '{service.workspace.document(which).name}'
                         && document.querySelectorAll('.tb-seg').length === {count}"""
                )
                opening.append((time.perf_counter() - start) * 1000)
            out.append(line("open the document (click → list)", opening))
            rows = service.view(doc)["rows"]
            # Start where the server-side run left off: drafts no one touched yet.
            first = next(r["id"] for r in rows if r["status"] == "draft" and not r["qa"])
            page.locator(f'.tb-seg[data-id="{first}"] .tb-src').click()
            page.wait_for_selector(f'.tb-seg[data-id="{first}"].tb-active')
            for what in ("move", "save"):
                times = []
                for _ in range(repeat):
                    current = int(page.evaluate("document.querySelector('.tb-active').dataset.id"))
                    times.append(page.evaluate(BROWSER_STEPS, [what, current]))
                    page.wait_for_timeout(50)
                out.append(line(f"{what} (key → screen)", times))
            times = []
            for r in [r for r in rows if r["status"] == "draft" and not r["qa"]][-repeat:]:
                page.locator(f'.tb-seg[data-id="{r["id"]}"] .tb-src').click()
                page.wait_for_selector(f'.tb-seg[data-id="{r["id"]}"].tb-active')
                page.wait_for_timeout(100)
                times.append(page.evaluate(BROWSER_STEPS, ["approve", r["id"]]))
            out.append(line("approve (Ctrl+Enter → screen)", [t for t in times if t >= 0]))
            browser.close()
    finally:
        demo.close()
    return out


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--segments", type=int, default=500)
    parser.add_argument("--repeat", type=int, default=40)
    args = parser.parse_args(argv)
    if not (OUTPUTS / "opusmt.en").exists():
        print(f"bench_editor: skipped, needs {OUTPUTS} (the shared test sets beside the checkout)")
        return
    sources = (OUTPUTS / "source.ar").read_text(encoding="utf-8").splitlines()[: args.segments]
    drafts = (OUTPUTS / "opusmt.en").read_text(encoding="utf-8").splitlines()
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    with tempfile.TemporaryDirectory() as tmp:
        matcher = Matcher(collection.all_terms(collection.load_files(None)))
        pipeline = Pipeline(Replay(dict(zip(sources, drafts, strict=False))), matcher, "hard")
        memory = TranslationMemory(Path(tmp) / "tm.sqlite3")
        lines = (OUTPUTS / "source.ar").read_text(encoding="utf-8").splitlines()
        references = (OUTPUTS / "reference.en").read_text(encoding="utf-8").splitlines()
        rest = zip(lines[args.segments :], references[args.segments :], strict=True)
        memory.add(rest, "flores-dev")
        workspace = Workspace(Path(tmp) / "ws.sqlite3", memory)
        service = EditorService(pipeline, workspace, None, Path(tmp))
        doc = service.translate("\n\n".join(sources), "flores-500")
        other = service.translate("\n\n".join(sources), "flores-500 (copy)")
        count = len(service.view(doc)["rows"])
        print(f"bench_editor: {count} segments, {sum(len(s.split()) for s in sources)} words")
        print("server (the function each call runs, JSON included):")
        print("\n".join(server_side(service, doc, args.repeat)))
        if shutil.which("chromium"):
            print("Chromium 1366×768 (until the next frame shows the change):")
            print("\n".join(in_browser(service, doc, other, args.repeat)))
        else:
            print("Chromium is not installed: browser timings skipped")


if __name__ == "__main__":
    main()
