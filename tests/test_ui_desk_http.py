"""A desk's day through `transbench serve` with accounts, over HTTP only (127.0.0.1): the
calls the page makes for comments, concordance and find-and-replace, and the Documents
tab's assignment, each as the logged-in person."""

import pytest

from transbench.segment import segment
from transbench.workspace import Workspace

from .conftest import TEXT
from .test_ui_roles import Browser


def test_comments_concordance_and_replace_as_the_page_makes_them(desk_server) -> None:
    ws = Workspace(desk_server.db)
    doc = ws.create_pending("patrols", TEXT, "m", segment(TEXT))
    ws.save(doc, 1, "The column reached Hasakah.", 0, "drafter", status="draft")
    ws.save(doc, 2, "The column withdrew an hour later.", 0, "drafter", status="draft")
    omar = Browser(desk_server.url).login("omar", "omar-password")
    rana = Browser(desk_server.url).login("rana", "rana-password")

    panel = omar.segments("comment", doc=doc, seg=2, text="ساعة: an hour, or <i>the clock</i>?")
    assert panel["comments"][0]["author"] == "omar"  # the login, not a name typed in a box
    assert panel["comments"][0]["text"] == "ساعة: an hour, or <i>the clock</i>?"
    assert {r["id"]: r["comments"] for r in rana.segments("view", doc=doc)["rows"]}[2] == 1
    panel = rana.segments("comment", doc=doc, seg=2, resolve=panel["comments"][0]["id"])
    assert panel["comments"][0]["resolved_by"] == "rana" and panel["row"]["comments"] == 0

    preview = omar.segments("replace", doc=doc, find="column", replace="convoy")
    assert [c["id"] for c in preview["changes"]] == [1, 2] and preview["made"] == []
    done = omar.segments("replace", doc=doc, find="column", replace="convoy", apply=True)
    assert [r["target"] for r in done["view"]["rows"]] == [
        "The convoy reached Hasakah.",
        "The convoy withdrew an hour later.",
    ]
    assert ws.history(doc, 1)[-1].editor == "omar"
    # The page sends back the id of the replace; the server undoes what it recorded.
    assert "made" not in done["undo"] and isinstance(done["undo"], str)
    back = omar.segments("replace", doc=doc, undo=done["undo"])
    assert back["undone"] == [1, 2]
    assert ws.segment(doc, 1).target == "The column reached Hasakah."

    rana.segments(
        "act", action="approve", doc=doc, seg=1, version=3, text="The column reached Hasakah."
    )
    hits = omar.segments("concordance", query="الحسكه")["hits"]  # ta marbuta typed as ha
    assert [h["where"] for h in hits][:1] == ["patrols #1"]
    assert hits[0]["source"][slice(*hits[0]["source_marks"][0])] == "الحسكة"


def test_assigning_a_document_is_an_admins_call(desk_server) -> None:
    import gradio_client

    doc = Workspace(desk_server.db).create_pending("statement", TEXT, "m", segment(TEXT))
    amal = gradio_client.Client(desk_server.url, auth=("amal", "amal-password"), verbose=False)
    table, note = amal.predict(doc, "omar", "all", api_name="/assign")
    assert note == f"document {doc} assigned to omar"
    row = next(r for r in table["data"] if r[0] == doc)
    assert row[1:4] == ["statement", "omar", "drafting"]
    rana = gradio_client.Client(desk_server.url, auth=("rana", "rana-password"), verbose=False)
    with pytest.raises(gradio_client.exceptions.AppError, match="needs the admin role"):
        rana.predict(doc, "rana", "all", api_name="/assign")
    assert Workspace(desk_server.db).document(doc).assignee == "omar"


def test_logins_without_an_account_do_not_hold_up_the_server(desk_server) -> None:
    """Each login ran argon2 on the server's event loop: clients trying names without
    accounts made every other request wait seconds (~8 s with four, instead of 12 ms).
    The attackers here come through a proxy on this machine (X-Forwarded-For), each from
    its own address, so the desk's own 127.0.0.1 logins are not throttled for the tests
    after this one."""
    import threading
    import time
    import urllib.parse

    answers: list[tuple[int, str]] = []

    def attacker(n: int) -> None:
        headers = {
            "Host": desk_server.host,
            "Content-Type": "application/x-www-form-urlencoded",
            "X-Forwarded-For": f"203.0.113.{n}",
        }
        for i in range(4):
            form = urllib.parse.urlencode({"username": f"ghost{n}-{i}", "password": "guess"})
            answers.append(desk_server.request("POST", "/login", headers, form))

    crowd = [threading.Thread(target=attacker, args=(n,)) for n in range(6)]
    for t in crowd:
        t.start()
    waits = []
    time.sleep(0.3)  # the hashes are under way
    while any(t.is_alive() for t in crowd):
        started = time.perf_counter()
        status, _ = desk_server.request("GET", "/", {"Host": desk_server.host})
        waits.append(time.perf_counter() - started)
        assert status == 200
        time.sleep(0.05)
    for t in crowd:
        t.join()
    assert len(answers) == 24
    assert {status for status, _ in answers} <= {400, 503}
    waits.sort()
    assert len(waits) >= 3 and waits[len(waits) // 2] < 0.5 and waits[-1] < 2.0, waits
    # A burst from one address is answered "busy" at once instead of queued.
    same = {
        "Host": desk_server.host,
        "Content-Type": "application/x-www-form-urlencoded",
        "X-Forwarded-For": "198.51.100.7",
    }
    burst: list[tuple[int, str]] = []
    form = urllib.parse.urlencode({"username": "ghost", "password": "guess"})
    shots = [
        threading.Thread(
            target=lambda: burst.append(desk_server.request("POST", "/login", same, form))
        )
        for _ in range(5)
    ]
    for t in shots:
        t.start()
    for t in shots:
        t.join()
    busy = [body for status, body in burst if status == 503]
    assert busy and "busy" in busy[0] and "try again" in busy[0]


def test_logging_out_takes_the_editors_own_button(desk_server) -> None:
    """A link or an image on another site (a GET) cannot end a session, nor can a form it
    posts; the page's Log out button (a POST from the editor's origin) does."""
    import urllib.error
    import urllib.request

    doc = Workspace(desk_server.db).create_pending("logout", TEXT, "m", segment(TEXT))
    omar = Browser(desk_server.url).login("omar", "omar-password")
    with pytest.raises(urllib.error.HTTPError) as refused:
        omar.opener.open(desk_server.url + "logout", timeout=30)
    assert refused.value.code == 405
    origin = desk_server.url.rstrip("/")
    for headers in (
        {"Origin": "http://evil.example", "Sec-Fetch-Site": "cross-site"},
        {"Origin": "http://127.0.0.1:1"},
    ):
        request = urllib.request.Request(desk_server.url + "logout", b"", headers)
        with pytest.raises(urllib.error.HTTPError) as refused:
            omar.opener.open(request, timeout=30)
        assert refused.value.code == 403
    assert omar.segments("view", doc=doc)["doc"] == doc  # still logged in
    own = {"Origin": origin, "Sec-Fetch-Site": "same-origin"}
    omar.opener.open(urllib.request.Request(desk_server.url + "logout", b"", own), timeout=30)
    with pytest.raises(urllib.error.HTTPError):
        omar.segments("view", doc=doc)
