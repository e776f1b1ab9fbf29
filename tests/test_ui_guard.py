"""Which Host names and origins the editor answers (see `ui.guard`), per bind address."""

import pytest
from starlette.applications import Starlette
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from starlette.testclient import TestClient

from transbench.ui.guard import HostGuard, HostPolicy


def client(bind: str, allowed: tuple[str, ...] = ()) -> TestClient:
    async def ok(request):
        return PlainTextResponse("ok")

    app = Starlette(routes=[Route("/", ok, methods=["GET", "POST"])])
    return TestClient(HostGuard(app, HostPolicy.for_server(bind, allowed)))


@pytest.mark.parametrize(
    ("bind", "allowed", "host", "status"),
    [
        ("127.0.0.1", (), "127.0.0.1:7860", 200),
        ("127.0.0.1", (), "localhost:7860", 200),
        ("127.0.0.1", (), "[::1]:7860", 200),
        ("127.0.0.1", (), "rebind.attacker.example:7860", 403),
        ("127.0.0.1", (), "192.168.1.20:7860", 403),
        ("127.0.0.1", (), "", 403),
        ("127.0.0.1", (), "127.0.0.1:notaport", 403),
        ("127.0.0.1", (), "evil.com@localhost:7860", 403),
        ("127.0.0.1", (), "localhost/evil.com", 403),
        ("127.0.0.1", (), "localhost#evil.com", 403),
        ("127.0.0.1", ("Desk.Example.org",), "desk.example.org", 200),
        ("0.0.0.0", (), "192.168.1.20:7860", 200),
        ("0.0.0.0", (), "desk.example.org", 403),
        ("0.0.0.0", ("desk.example.org",), "desk.example.org:443", 200),
        ("desk-pc", (), "desk-pc:7860", 200),
    ],
)
def test_host_names(bind, allowed, host, status) -> None:
    assert client(bind, allowed).get("/", headers={"Host": host}).status_code == status


@pytest.mark.parametrize(
    ("origin", "fetch_site", "status"),
    [
        (None, None, 200),
        ("http://127.0.0.1:7860", "same-origin", 200),
        ("http://evil.example", None, 403),
        ("null", None, 403),
        ("http://127.0.0.1:7861", None, 403),
        (None, "cross-site", 403),
        ("https://desk.example.org", None, 200),
    ],
)
def test_writes_only_from_the_editor_itself(origin, fetch_site, status) -> None:
    headers = {"Host": "127.0.0.1:7860"}
    if origin:
        headers["Origin"] = origin
    if fetch_site:
        headers["Sec-Fetch-Site"] = fetch_site
    guarded = client("127.0.0.1", ("desk.example.org",))
    assert guarded.post("/", headers=headers).status_code == status
    # A page of another origin cannot read either; a plain navigation (a link, no Origin)
    # to the editor is let through whatever site it came from.
    read = guarded.get("/", headers=headers).status_code
    assert read == (200 if origin is None or status == 200 else 403)


@pytest.mark.parametrize(
    ("allowed", "origin", "status"),
    [
        # A bare name trusts its https and http pages on the web's default ports only:
        # another service on another port of the same name is another site.
        ("desk.example.org", "https://desk.example.org", 200),
        ("desk.example.org", "http://desk.example.org", 200),
        ("desk.example.org", "https://desk.example.org:8443", 403),
        ("desk.example.org", "http://desk.example.org:8080", 403),
        ("desk.example.org", "ftp://desk.example.org", 403),
        ("desk.example.org:8443", "https://desk.example.org:8443", 200),
        ("desk.example.org:8443", "https://desk.example.org", 403),
        ("https://desk.example.org", "https://desk.example.org", 200),
        ("https://desk.example.org", "http://desk.example.org", 403),
    ],
)
def test_an_allowed_host_trusts_its_own_origins_not_every_port(allowed, origin, status) -> None:
    guarded = client("127.0.0.1", (allowed,))
    headers = {"Host": "127.0.0.1:7860", "Origin": origin}
    assert guarded.post("/", headers=headers).status_code == status
    assert guarded.get("/", headers={"Host": "desk.example.org"}).status_code == 200


def test_an_allowed_host_that_is_no_name_is_refused_at_the_start() -> None:
    from transbench.errors import InputError

    with pytest.raises(InputError, match="--allowed-host"):
        HostPolicy.for_server("127.0.0.1", ("desk.example.org/path",))


def logout_client() -> tuple[TestClient, list[str]]:
    """A guarded app with Gradio's logout route (a GET that drops the session)."""
    calls = []

    async def logout(request):
        calls.append(request.method)
        return PlainTextResponse("logged out")

    app = Starlette(routes=[Route("/logout", logout, methods=["GET"])])
    guarded = HostGuard(app, HostPolicy.for_server("127.0.0.1"))
    return TestClient(guarded, base_url="http://127.0.0.1:7860"), calls


def test_logout_is_a_post_from_the_editors_own_page() -> None:
    """A plain link or an image on another site (a GET) cannot log anyone out, nor can a
    form another site posts; the editor's own Log out button (a POST) can."""
    http, calls = logout_client()
    host = {"host": "127.0.0.1:7860"}
    refused = http.get("/logout", headers={**host, "sec-fetch-site": "cross-site"})
    assert refused.status_code == 405 and refused.headers["allow"] == "POST"
    assert http.get("/logout", headers=host).status_code == 405
    assert http.head("/logout", headers=host).status_code == 405
    foreign = {**host, "origin": "http://evil.example"}
    assert http.post("/logout", headers=foreign).status_code == 403
    cross = {**host, "sec-fetch-site": "cross-site", "origin": "http://evil.example"}
    assert http.post("/logout", headers=cross).status_code == 403
    assert calls == []
    own = {**host, "origin": "http://127.0.0.1:7860", "sec-fetch-site": "same-origin"}
    answer = http.post("/logout", headers=own)
    assert answer.status_code == 200 and answer.text == "logged out"
    assert calls == ["GET"]  # handed to Gradio's route as it expects it
