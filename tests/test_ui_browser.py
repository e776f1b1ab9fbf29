"""End to end in a real browser (Debian chromium driven by Playwright): paste an article,
edit a segment, approve it, download the DOCX. `TRANSBENCH_UPDATE_SCREENSHOT=1` also saves
the screenshot as docs/editor.png for the README; by default the test leaves the tree alone."""

import os
import shutil
import zipfile

import pytest

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
sync_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed")

from transbench.memory import TranslationMemory  # noqa: E402
from transbench.models.loading import load_model  # noqa: E402
from transbench.models.registry import load_registry  # noqa: E402
from transbench.mt.transformers_backend import TransformersTranslator  # noqa: E402
from transbench.pipeline import Pipeline  # noqa: E402
from transbench.ui.app import launch  # noqa: E402
from transbench.ui.service import EditorService  # noqa: E402
from transbench.workspace import Workspace  # noqa: E402

from .conftest import EXAMPLE, GLOSSARY, ROOT  # noqa: E402
from .test_ui_api import free_port  # noqa: E402

FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def test_paste_edit_approve_download(tiny_model_dir, tmp_path) -> None:
    from transbench.glossary import collection
    from transbench.glossary.matcher import Matcher

    spec = load_registry(ROOT / "models.yaml").resolve(str(tiny_model_dir))
    matcher = Matcher(collection.all_terms(collection.load_files([GLOSSARY])))
    pipeline = Pipeline(TransformersTranslator(load_model(spec)), matcher, "hard")
    workspace = Workspace(tmp_path / "ws.sqlite3", TranslationMemory(tmp_path / "tm.sqlite3"))
    port = free_port()
    demo = launch(
        EditorService(pipeline, workspace, GLOSSARY),
        server_name="127.0.0.1",
        server_port=port,
        prevent_thread_lock=True,
        quiet=True,
    )
    try:
        with sync_api.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            page = browser.new_page(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
            page.goto(f"http://127.0.0.1:{port}/")
            assert "NOT translations" in page.locator("#demo-warning").inner_text()
            article = "\n".join(EXAMPLE.read_text(encoding="utf-8").splitlines()[:5])
            page.locator("#source textarea").fill(article)
            page.locator("#translate").click()
            page.wait_for_function(
                "document.querySelector('#message')?.innerText.includes('segments drafted')",
                timeout=120_000,
            )
            # Arabic reads right to left, right-aligned, in a proportional font.
            looks = page.evaluate(
                """() => {
                  const p = document.querySelector('#grid [role=gridcell][data-col="1"] p');
                  const cell = p.closest('[role=gridcell]').getBoundingClientRect();
                  const range = document.createRange();
                  range.selectNodeContents(p);
                  const text = range.getBoundingClientRect();
                  const style = getComputedStyle(p);
                  return {bidi: style.unicodeBidi, font: style.fontFamily,
                          right: cell.right - text.right, left: text.left - cell.left};
                }"""
            )
            assert looks["bidi"] == "plaintext" and "mono" not in looks["font"].lower()
            assert looks["right"] < looks["left"], looks
            page.locator("#target textarea, #target input").first.fill(
                "US and Russian patrols near al-Qahtaniyah in Hasakah"
            )
            page.locator("#approve").click()
            page.wait_for_function(
                "document.querySelector('#message')?.innerText.includes('approved')", timeout=60_000
            )
            assert "segment 1: approved" in page.locator("#message").inner_text()
            # Ctrl+Enter approves the segment being edited.
            page.locator("#seg-id input").fill("2")
            page.locator("#seg-id input").press("Tab")
            page.wait_for_function("document.querySelector('#message') !== null")
            target = page.locator("#target textarea, #target input").first
            target.fill("HASAKAH, Syria (AFP) - US forces sent a new patrol.")
            target.press("Control+Enter")
            page.wait_for_function(
                "document.querySelector('#message')?.innerText.includes('segment 2: approved')",
                timeout=60_000,
            )
            # Ctrl+Enter anywhere else (here the paste box) approves nothing.
            page.locator("#seg-id input").fill("3")
            page.locator("#seg-id input").press("Tab")
            page.locator("#source textarea").press("Control+Enter")
            page.wait_for_timeout(2000)
            assert "segment 3" not in page.locator("#message").inner_text()
            grid = page.locator("#grid").inner_text()
            assert "US and Russian patrols near al-Qahtaniyah in Hasakah" in grid
            page.screenshot(path=str(tmp_path / "editor.png"), full_page=True)

            page.get_by_role("tab", name="Export").click()
            page.locator("#export").click()
            link = page.locator("#download a").first
            link.wait_for(timeout=60_000)
            with page.expect_download() as info:
                link.click()
            saved = tmp_path / "download.docx"
            info.value.save_as(saved)
            browser.close()
    finally:
        demo.close()
    assert zipfile.is_zipfile(saved)
    import docx

    table = docx.Document(str(saved)).tables[0]
    assert table.rows[1].cells[1].text == "US and Russian patrols near al-Qahtaniyah in Hasakah"
    shot = tmp_path / "editor.png"
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 10_000
    if os.environ.get("TRANSBENCH_UPDATE_SCREENSHOT") == "1":
        shutil.copyfile(shot, ROOT / "docs" / "editor.png")
