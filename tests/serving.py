"""`transbench serve` started as a user starts it, for the tests that drive it over HTTP or
in a browser: a temp home with the draft cache, memory and workspace in their default
places, and a desk folder with ./glossary. Traffic goes only to 127.0.0.1."""

from __future__ import annotations

import http.client
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

import pytest

from .conftest import GLOSSARY


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class SegmentCalls:
    """The calls the page's segment list makes to the server (Gradio's component server),
    made the same way: what a click or a key in the editor does."""

    def __init__(self, url: str) -> None:
        config = json.loads(urllib.request.urlopen(url + "config", timeout=30).read())
        (self.component,) = [
            c["id"] for c in config["components"] if c["props"].get("elem_id") == "segments"
        ]
        self.endpoint = url + config["api_prefix"].lstrip("/") + "/component_server"

    def __call__(self, fn: str, **data) -> dict:
        body = {"session_hash": "test", "component_id": self.component, "fn_name": fn}
        request = urllib.request.Request(
            self.endpoint,
            json.dumps({**body, "data": data}).encode(),
            {"Content-Type": "application/json"},
        )
        return json.loads(urllib.request.urlopen(request, timeout=60).read())


def drafted(editor: SegmentCalls, doc: int, timeout: float = 180) -> dict:
    """The document once the server has drafted it (drafting runs in the background)."""
    deadline = time.monotonic() + timeout
    while True:
        view = editor("view", doc=doc)
        if not view.get("drafting"):
            return view
        if time.monotonic() > deadline:
            pytest.fail(f"document {doc} was still drafting after {timeout} s")
        time.sleep(0.2)


class Server:
    def __init__(self, home: Path, port: int) -> None:
        self.home, self.port = home, port
        self.url = f"http://127.0.0.1:{port}/"

    @property
    def db(self) -> Path:
        return self.home / "data" / "transbench" / "workspace.sqlite3"

    @property
    def glossary(self) -> Path:
        return self.home / "desk" / "glossary"

    @property
    def host(self) -> str:
        return f"127.0.0.1:{self.port}"

    def client(self):
        import gradio_client

        return gradio_client.Client(self.url, verbose=False)

    def call(self, endpoint: str, data: list, host: str = "", origin: str = ""):
        """POST to a named API endpoint as a browser page would, with these headers."""
        headers = {"Host": host or self.host, "Content-Type": "application/json"}
        if origin:
            headers["Origin"] = origin
        body = json.dumps({"data": data})
        return self.request("POST", f"/gradio_api/call/{endpoint}", headers, body)

    def request(self, method: str, path: str, headers: dict[str, str], body: str = ""):
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request(method, path, body=body or None, headers=headers)
            response = conn.getresponse()
            return response.status, response.read().decode("utf-8", "replace")
        finally:
            conn.close()


@contextmanager
def serve(home: Path, model: Path):
    """Run `transbench serve -m MODEL` from `home`/desk until the block ends; a second run
    on the same home finds what the first one stored (a restart)."""
    desk = home / "desk"
    if not (desk / "glossary").exists():
        shutil.copytree(GLOSSARY, desk / "glossary")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TRANSBENCH_", "XDG_", "HF_"))}
    env.update(
        HOME=str(home),
        XDG_DATA_HOME=str(home / "data"),
        XDG_CACHE_HOME=str(home / "cache"),
        GRADIO_ANALYTICS_ENABLED="False",
        HF_HUB_OFFLINE="1",
    )
    port = free_port()
    log_path = home / "serve.log"
    with log_path.open("a") as log:
        proc = subprocess.Popen(
            [sys.executable, "-m", "transbench", "serve", "-m", str(model), "--port", f"{port}"],
            cwd=desk,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        srv = Server(home, port)
        try:
            deadline = time.monotonic() + 120
            while True:
                if proc.poll() is not None:
                    pytest.fail(f"transbench serve exited: {log_path.read_text()}")
                try:
                    if srv.request("GET", "/", {"Host": srv.host})[0] == 200:
                        break
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    pytest.fail("transbench serve did not start within 120 s")
                time.sleep(0.1)
            yield srv
        finally:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
