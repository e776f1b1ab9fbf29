"""Roles on a shared editor, checked by the server for each action: translators edit and
confirm, revisers also approve and reopen, terminologists edit glossaries, admins manage
documents. Then the same through `transbench serve` with accounts, over HTTP."""

import http.cookiejar
import json
import shutil
import urllib.error
import urllib.parse
import urllib.request

import pytest

from transbench.accounts import Logins, NotAllowed, UsersFile
from transbench.glossary import collection
from transbench.glossary.matcher import Matcher
from transbench.models.loading import load_model
from transbench.models.registry import load_registry
from transbench.mt.transformers_backend import TransformersTranslator
from transbench.pipeline import Pipeline
from transbench.segment import segment
from transbench.ui.service import EditorService
from transbench.workspace import Workspace

from .conftest import GLOSSARY, ROOT

PEOPLE = {"omar": "translator", "rana": "reviser", "tariq": "terminologist", "amal": "admin"}
TEXT = "وصل الرتل إلى الحسكة.\nوانسحب بعد ساعة."


@pytest.fixture
def users(tmp_path) -> UsersFile:
    users = UsersFile(tmp_path / "users.json")
    for name, role in PEOPLE.items():
        users.add(name, role, f"{name}-password")
    return users


@pytest.fixture
def service(tiny_model_dir, tmp_path, users):
    folder = tmp_path / "glossary"
    shutil.copytree(GLOSSARY, folder)
    spec = load_registry(ROOT / "models.yaml").resolve(str(tiny_model_dir))
    matcher = Matcher(collection.all_terms(collection.load_files([folder])))
    pipeline = Pipeline(TransformersTranslator(load_model(spec)), matcher, "hard")
    return EditorService(pipeline, Workspace(tmp_path / "ws.sqlite3"), folder, logins=Logins(users))


def test_each_role_may_do_its_part_and_no_more(service) -> None:
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
    with pytest.raises(NotAllowed, match="reopening it"):
        service.act("save", doc, 1, 4, "omar", "The convoy arrived in Hasakah.")
    with pytest.raises(NotAllowed, match="reopening it"):
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
        "edit": True,
        "approve": False,
        "glossary": False,
        "documents": False,
    }


def test_without_accounts_the_person_running_the_editor_may_do_everything(service) -> None:
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


def test_served_with_accounts_roles_hold_over_http(tiny_model_dir, tmp_path_factory) -> None:
    from .serving import serve

    home = tmp_path_factory.mktemp("desk-home")
    users = UsersFile(home / "data" / "transbench" / "users.json")  # the default place
    for name, role in PEOPLE.items():
        users.add(name, role, f"{name}-password")
    with serve(home, tiny_model_dir) as server:
        assert "accounts and roles" in (home / "serve.log").read_text()
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
        assert [(e.editor, e.action) for e in ws.history(doc, 1)][-2:] == [
            ("omar", "confirmed"),
            ("rana", "approved"),
        ]
        assert ws.segment(doc, 2).target == "The convoy arrived."
