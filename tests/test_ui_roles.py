"""Roles on a shared editor, checked by the server for each action: translators edit and
confirm, revisers also approve and reopen, terminologists edit glossaries, admins manage
documents. Then the same through `transbench serve` with accounts, over HTTP."""

import http.cookiejar
import json
import urllib.error
import urllib.parse
import urllib.request

import pytest

from transbench.accounts import NotAllowed, UsersFile
from transbench.errors import TransbenchError
from transbench.segment import segment
from transbench.workspace import Workspace

from .conftest import TEXT


def test_each_role_may_do_its_part_and_no_more(desk) -> None:
    service = desk
    doc = service.translate(TEXT, "patrols")
    text = "The convoy reached Hasakah."  # what the box holds, sent with every action
    service.act("save", doc, 1, 1, "omar", text)
    done = service.act("confirm", doc, 1, 2, "omar", text)
    assert done["row"]["status"] == "confirmed"
    with pytest.raises(NotAllowed, match="the reviser or admin role; omar is a translator"):
        service.act("approve", doc, 1, 3, "omar", text)
    with pytest.raises(NotAllowed):
        service.approve_all(doc, "omar")
    assert service.act("approve", doc, 1, 3, "rana", text)["row"]["status"] == "approved"
    # An approved segment is the reviser's now: a translator can neither change nor reopen it.
    with pytest.raises(NotAllowed, match="segment 1 is approved: changing it needs the reviser"):
        service.act("save", doc, 1, 4, "omar", "The convoy arrived in Hasakah.")
    with pytest.raises(NotAllowed, match="segment 1 is approved: changing it needs the reviser"):
        service.act("revert", doc, 1, 4, "omar", text)
    assert service.act("revert", doc, 1, 4, "rana", text)["row"]["status"] == "draft"
    with pytest.raises(NotAllowed, match="the action 'save' needs"):
        service.act("save", doc, 2, 1, "tariq", "He withdrew.")
    assert service.allow("tariq", "glossary", "editing the glossary").role == "terminologist"
    for name in ("omar", "rana"):
        with pytest.raises(NotAllowed):
            service.allow(name, "glossary", "editing the glossary")
        with pytest.raises(NotAllowed):
            service.allow(name, "documents", "deleting a document")
    assert service.allow("amal", "documents", "deleting a document").role == "admin"
    with pytest.raises(NotAllowed, match="has no account"):
        service.act("save", doc, 2, 1, "", "He withdrew.")  # nobody logged in
    history = service.workspace.history(doc, 1)
    assert [(e.editor, e.action) for e in history][-3:] == [
        ("omar", "confirmed"),
        ("rana", "approved"),
        ("rana", "reverted"),
    ]
    assert service.can("omar") == {
        "user": "omar",
        "role": "translator",
        "accounts": True,
        "edit": True,
        "approve": False,
        "glossary": False,
        "documents": False,
    }


def test_without_accounts_the_person_running_the_editor_may_do_everything(desk) -> None:
    service = desk
    service.logins = None
    assert service.can("")["role"] == "admin" and all(
        service.can("")[what] for what in ("edit", "approve", "glossary", "documents")
    )


class Browser:
    """One person's session with the served editor: logged in by Gradio's login form,
    then making the calls the segment list makes."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def login(self, name: str, password: str) -> "Browser":
        form = urllib.parse.urlencode({"username": name, "password": password}).encode()
        self.opener.open(urllib.request.Request(self.url + "login", form), timeout=30)
        return self

    def segments(self, fn: str, **data) -> dict:
        config = json.loads(self.opener.open(self.url + "config", timeout=30).read())
        (component,) = [
            c["id"] for c in config["components"] if c["props"].get("elem_id") == "segments"
        ]
        body = {"session_hash": "t", "component_id": component, "fn_name": fn, "data": data}
        request = urllib.request.Request(
            self.url + config["api_prefix"].lstrip("/") + "/component_server",
            json.dumps(body).encode(),
            {"Content-Type": "application/json"},
        )
        return json.loads(self.opener.open(request, timeout=60).read())


def test_served_with_accounts_roles_hold_over_http(desk_server) -> None:
    server = desk_server
    assert "accounts and roles" in (server.home / "serve.log").read_text()
    ws = Workspace(server.db)
    doc = ws.create_pending("patrols", TEXT, "m", segment(TEXT))
    for seg in (1, 2):
        ws.save(doc, seg, "The convoy arrived.", 0, "drafter", status="draft")

    stranger = Browser(server.url)
    with pytest.raises(urllib.error.HTTPError):  # nobody logged in: no page, no calls
        stranger.segments("view", doc=doc)
    with pytest.raises(urllib.error.HTTPError):
        stranger.login("omar", "not-his-password")

    omar = Browser(server.url).login("omar", "omar-password")
    assert omar.segments("view", doc=doc)["can"]["role"] == "translator"
    saved = omar.segments(
        "act", action="confirm", doc=doc, seg=1, version=1, text="The convoy reached Hasakah."
    )
    assert saved["row"]["status"] == "confirmed"
    text = "The convoy reached Hasakah."
    refused = omar.segments("act", action="approve", doc=doc, seg=1, version=3, text=text)
    assert "needs the reviser or admin role" in refused["error"]
    assert "needs the reviser" in omar.segments("approve_all", doc=doc)["error"]

    rana = Browser(server.url).login("rana", "rana-password")
    approved = rana.segments("act", action="approve", doc=doc, seg=1, version=3, text=text)
    assert approved["row"]["status"] == "approved"
    tariq = Browser(server.url).login("tariq", "tariq-password")
    edit = tariq.segments("act", action="save", doc=doc, seg=2, version=1, text="He left.")
    assert "needs the translator, reviser or admin role" in edit["error"]
    # Adding a form to a term from the panel: the glossary permission, checked by the server.
    form = {"doc": doc, "seg": 2, "ar": "الحسكة", "form": "Hasaka"}
    refused = omar.segments("add_form", **form)["error"]
    assert "adding a form to the glossary needs the terminologist or admin role" in refused
    assert "has no glossary term" in tariq.segments("add_form", **form)["error"]
    assert [(e.editor, e.action) for e in ws.history(doc, 1)][-2:] == [
        ("omar", "confirmed"),
        ("rana", "approved"),
    ]
    assert ws.segment(doc, 2).target == "The convoy arrived."

    # A new password ends a session; a removed account reads nothing more. (Accounts
    # added for this, while the editor runs: the desk's own stay as the other tests need.)
    users = UsersFile(server.home / "data" / "transbench" / "users.json")
    users.add("hiba", "reviser", "hiba-password")
    users.add("sami", "terminologist", "sami-password")
    hiba = Browser(server.url).login("hiba", "hiba-password")
    sami = Browser(server.url).login("sami", "sami-password")
    assert hiba.segments("view", doc=doc)["can"]["role"] == "reviser"
    assert sami.segments("view", doc=doc)["can"]["role"] == "terminologist"
    users.set_password("hiba", "a brand new password")
    assert "has no account" in hiba.segments("view", doc=doc)["error"]
    with pytest.raises(urllib.error.HTTPError):  # and its cookie no longer opens anything
        hiba.segments("view", doc=doc)
    users.remove("sami")
    assert "has no account" in sami.segments("view", doc=doc)["error"]
    hiba = Browser(server.url).login("hiba", "a brand new password")
    assert hiba.segments("view", doc=doc)["can"]["role"] == "reviser"


def test_a_translators_typing_on_a_segment_approved_meanwhile_is_a_conflict_not_lost(
    desk,
) -> None:
    service = desk
    doc = service.translate(TEXT, "patrols")
    theirs = "The convoy arrived in Hasakah."
    service.act("save", doc, 1, 1, "rana", theirs)
    assert service.act("approve", doc, 1, 2, "rana", theirs)["row"]["status"] == "approved"
    # omar loaded version 2 and typed; rana approved it (version 3) before he moved on.
    answer = service.act("save", doc, 1, 2, "omar", "The convoy reached Hasakah.")
    assert answer["conflict"] == {
        "mine": "The convoy reached Hasakah.",
        "theirs": theirs,
        "by": "rana",
    }
    refused = service.workspace.history(doc, 1)[-1]
    assert (refused.editor, refused.action, refused.target) == (
        "omar",
        "refused",
        "The convoy reached Hasakah.",
    )


def test_a_translator_cannot_undo_back_to_an_approval(desk) -> None:
    service = desk
    doc = service.translate(TEXT, "patrols")
    text = "The convoy arrived in Hasakah."
    assert service.act("approve", doc, 1, 1, "rana", text)["row"]["status"] == "approved"
    service.act("revert", doc, 1, 3, "rana", text)  # reopened by the reviser
    version = service.workspace.segment(doc, 1).version
    with pytest.raises(NotAllowed, match="undoing back to an approved version"):
        service.act("undo", doc, 1, version, "omar", service.workspace.segment(doc, 1).target)
    assert service.workspace.segment(doc, 1).status == "draft"


def test_a_new_password_or_a_removal_ends_the_sessions_begun_before(desk_users) -> None:
    from transbench.accounts import Logins

    logins = Logins(UsersFile(desk_users.path))
    ended = []
    logins.on_end = ended.append
    assert logins.check("omar", "omar-password").role == "translator"
    desk_users.set_password("omar", "a new password")
    assert logins.account("omar") is None  # the old session is over
    assert ended == [{"omar"}]
    assert logins.check("omar", "omar-password") is None
    assert logins.check("omar", "a new password").role == "translator"
    assert logins.account("omar").role == "translator"
    desk_users.remove("rana")
    assert logins.account("rana") is None and ended[-1] == {"rana"}


def test_undo_replace_takes_back_only_what_the_server_recorded(desk) -> None:
    """The server once undid whatever (segment, version) list the page sent: a translator
    could name an approved segment and reopen it, then rewrite it."""
    service = desk
    doc = service.translate("وصل الرتل.\nوانسحب الرتل.", "patrols")
    service.act("save", doc, 1, 1, "omar", "The column arrived.")
    approved = service.act("approve", doc, 2, 1, "rana", "The column withdrew.")["row"]
    forged = [[2, approved["version"]]]  # what a hand-made request would send
    with pytest.raises(TransbenchError, match="nothing to undo"):
        service.undo_replace(doc, forged, "omar")
    with pytest.raises(TransbenchError, match="nothing to undo"):
        service.undo_replace(doc, "made-up-id", "omar")
    assert service.workspace.segment(doc, 2).status == "approved"

    done = service.replace(doc, "column", "convoy", "omar", apply=True)
    assert done["skipped"] == [2] and [s for s, _ in done["made"]] == [1]
    with pytest.raises(TransbenchError, match="nothing to undo"):
        service.undo_replace(doc, done["undo"], "rana")  # not hers to take back
    assert service.undo_replace(doc, done["undo"], "omar") == {
        "undone": [1],
        "changed_since": [],
    }
    with pytest.raises(TransbenchError, match="nothing to undo"):  # once
        service.undo_replace(doc, done["undo"], "omar")
    assert service.workspace.segment(doc, 2).status == "approved"
    # A reviser's replace in an approved segment, undone after the reviser lost the role:
    # each step is checked like any change, so the approval is not brought back by it.
    by_rana = service.replace(doc, "column", "convoy", "rana", apply=True)
    assert [s for s, _ in by_rana["made"]] == [1, 2]
    service.logins.users.set_role("rana", "translator")
    back = service.undo_replace(doc, by_rana["undo"], "rana")
    assert back["undone"] == [1] and back["refused"] == [2]
    assert service.workspace.segment(doc, 2).status == "edited"


def test_every_write_path_checks_role_and_status_in_the_same_place(desk) -> None:
    """`may_change` runs inside the workspace's write for each way a person changes a
    segment; a translator reaches an approved segment by none of them."""
    from transbench.ui.service import may_change

    service = desk
    doc = service.translate(TEXT, "patrols")
    text = "The convoy reached Hasakah."
    row = service.act("approve", doc, 1, 1, "rana", text)["row"]
    v = row["version"]
    for action, typed in [
        ("save", "Changed."),
        ("confirm", "Changed."),
        ("revert", text),
        ("undo", text),
    ]:
        with pytest.raises(NotAllowed, match="is approved: changing it"):
            service.act(action, doc, 1, v, "omar", typed)
    with pytest.raises(TransbenchError, match="Revert to draft first"):
        service.act("retranslate", doc, 1, v, "omar", text)
    assert service.replace(doc, "convoy", "column", "omar", apply=True)["made"] == []
    ws = service.workspace
    with pytest.raises(NotAllowed, match="is approved: changing it"):
        ws.save(doc, 1, "Changed.", v, "omar", guard=service.guard(service.account("omar")))
    assert ws.segment(doc, 1).status == "approved" and ws.segment(doc, 1).version == v
    seg = ws.segment(doc, 1)
    omar, rana = service.account("omar"), service.account("rana")
    may_change(rana, seg, "Changed.", "edited", "edited")  # a reviser may reopen it
    with pytest.raises(NotAllowed, match="approving"):
        may_change(omar, ws.segment(doc, 2), ws.segment(doc, 2).target, "approved", "approved")
    with pytest.raises(NotAllowed, match="the translator, reviser or admin"):
        may_change(service.account("tariq"), ws.segment(doc, 2), "x", "edited", "edited")
