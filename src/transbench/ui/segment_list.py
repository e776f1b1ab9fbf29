"""The Translate screen's segment list: a gr.HTML component whose script (assets/editor.js)
is the editor, calling the server for one segment at a time. Its value is only a signal
(`signal`): which document to show, and a note; the script fetches the rows itself."""

from __future__ import annotations

import base64
import re
from collections.abc import Callable
from importlib import resources

import gradio as gr

from transbench.errors import TransbenchError
from transbench.ui.service import EditorService

_ASSETS = resources.files("transbench.ui") / "assets"
_ORIGIN = re.compile(r"tm:\d{1,3}")


def _asset(name: str) -> str:
    return (_ASSETS / name).read_text(encoding="utf-8")


def stylesheet() -> str:
    """The editor's CSS with the shipped Arabic font inlined, so it looks the same on every
    machine and needs no static file route beside the guarded app."""
    faces = []
    for weight in (400, 700):
        data = (_ASSETS / f"noto-naskh-arabic-arabic-{weight}-normal.woff2").read_bytes()
        faces.append(
            "@font-face { font-family: 'Noto Naskh Arabic'; font-style: normal; "
            f"font-weight: {weight}; font-display: swap; unicode-range: U+0600-06FF, "
            "U+0750-077F, U+0870-08FF, U+200C-200F, U+FB50-FDFF, U+FE70-FEFC; src: url("
            f"data:font/woff2;base64,{base64.b64encode(data).decode('ascii')}) "
            "format('woff2'); }"
        )
    return "\n".join(faces) + "\n" + _asset("editor.css")


def signal(doc_id: int, note: str = "") -> dict:
    """The component's value: the script then loads document `doc_id` (and, while it is
    being drafted, keeps asking for new drafts)."""
    return {"doc": doc_id, "note": note}


def who(request) -> str:
    """The logged-in user when the editor has accounts (`transbench users`, or
    TRANSBENCH_AUTH), else the person running it. Gradio hands server functions the bare
    HTTP request, so the login is looked up the way Gradio's own login check does: by its
    session cookie."""
    user = getattr(request, "username", None)
    app = getattr(request, "app", None)
    if user is None and hasattr(app, "tokens") and hasattr(app, "cookie_id"):
        cookie = request.cookies.get(f"access-token-{app.cookie_id}") or request.cookies.get(
            f"access-token-unsecure-{app.cookie_id}"
        )
        user = app.tokens.get(cookie) if cookie else None
    return user or ""  # no login: the service decides (the local person, or nobody)


def _answer(work: Callable[[], dict]) -> dict:
    """A refusal comes back as {"error": message} for the screen to show."""
    try:
        return work()
    except TransbenchError as exc:
        return {"error": str(exc)}
    except (KeyError, TypeError, ValueError):
        return {"error": "the editor sent a request the server does not understand"}


def segment_list(service: EditorService) -> gr.HTML:
    """The component, with the calls its script makes."""

    def act(data: dict, request: gr.Request) -> dict:
        origin = data.get("origin")
        return _answer(
            lambda: service.act(
                str(data["action"]),
                int(data["doc"]),
                int(data["seg"]),
                int(data["version"]),
                who(request),
                str(data.get("text") or ""),
                data.get("confirmed") is True,
                origin if isinstance(origin, str) and _ORIGIN.fullmatch(origin) else None,
            )
        )

    def details(data: dict, request: gr.Request) -> dict:
        def work() -> dict:
            service.account(who(request))
            return service.details(int(data["doc"]), int(data["seg"]))

        return _answer(work)

    def view(data: dict, request: gr.Request) -> dict:
        def work() -> dict:
            # Who asks first; what their role may do comes with the document, for the keys
            # and buttons.
            can = service.can(who(request))
            return service.view(int(data["doc"])) | {"can": can}

        return _answer(work)

    def rows(data: dict, request: gr.Request) -> dict:
        def work() -> dict:
            service.account(who(request))
            doc = int(data["doc"])
            drafted = service.rows(doc, [int(i) for i in data["ids"]])
            return {"rows": drafted, **service.drafting(doc)}

        return _answer(work)

    def whoami(data: dict, request: gr.Request) -> dict:
        return _answer(lambda: service.can(who(request)))

    def comment(data: dict, request: gr.Request) -> dict:
        resolve = data.get("resolve")
        return _answer(
            lambda: service.comment(
                int(data["doc"]),
                int(data["seg"]),
                who(request),
                str(data.get("text") or ""),
                int(resolve) if resolve is not None else None,
            )
        )

    def concordance(data: dict, request: gr.Request) -> dict:
        return _answer(lambda: service.concordance(str(data["query"]), who(request)))

    def replace(data: dict, request: gr.Request) -> dict:
        def work() -> dict:
            doc = int(data["doc"])
            if data.get("undo"):
                # The id the replace's answer carried: what is taken back is the server's
                # own record of that replace, never a list of segments the page sends.
                answer = service.undo_replace(doc, str(data["undo"]), who(request))
            else:
                answer = service.replace(
                    doc,
                    str(data["find"]),
                    str(data.get("replace") or ""),
                    who(request),
                    data.get("apply") is True,
                    data.get("match_case") is True,
                    data.get("whole_words") is not False,
                )
            return answer | {"view": service.view(doc)}

        return _answer(work)

    def approve_all(data: dict, request: gr.Request) -> dict:
        def work() -> dict:
            doc = int(data["doc"])
            skip = [int(i) for i in data.get("skip") or []]
            note = service.approve_all(doc, who(request), skip)
            return {"note": note, "view": service.view(doc)}

        return _answer(work)

    def add_form(data: dict, request: gr.Request) -> dict:
        """A terminologist adds the English used in this segment to its term's entry; the
        document comes back with its highlights and term QA re-checked."""

        def work() -> dict:
            doc = int(data["doc"])
            note = service.add_form(
                doc, int(data["seg"]), who(request), str(data["ar"]), str(data["form"])
            )
            return {"note": note, "view": service.view(doc)}

        return _answer(work)

    return gr.HTML(
        value=None,
        html_template=_asset("editor.html"),
        js_on_load=_asset("editor.js"),
        server_functions=[
            view,
            act,
            details,
            rows,
            comment,
            concordance,
            replace,
            approve_all,
            add_form,
            whoami,
        ],
        elem_id="segments",
        apply_default_css=False,
    )
