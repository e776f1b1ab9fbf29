"""The Gradio screens: Translate, Documents, Export, Glossary. Every edit is saved as it is
made (see `workspace.store`); the named API endpoints are what the tests drive."""

from __future__ import annotations

import functools
import html
import re

import gradio as gr
from fastapi import HTTPException
from starlette.middleware import Middleware

from transbench.accounts import Logins, LoginsBusy
from transbench.errors import TransbenchError
from transbench.export import EXPORTERS
from transbench.glossary.records import COLUMNS, ENFORCE
from transbench.ui.guard import CLIENT, HostGuard, HostPolicy
from transbench.ui.segment_list import segment_list, signal, stylesheet, who
from transbench.ui.service import MAX_UPLOAD_BYTES, UPLOAD_TYPES, EditorService
from transbench.workspace import STAGES

# The Glossary screen's form: every column, a row of fields a line.
ENTRY_FORM = (
    ("ar", "en", "enforce"),
    ("ar_variants", "ar_plural", "ar_not"),
    ("en_alternatives", "en_derived", "en_forbidden"),
    ("note",),
)
_LABELS = {
    "ar": "Arabic",
    "en": "English (a common noun in the singular)",
    "enforce": "Enforce",
    "ar_variants": "Arabic variants",
    "ar_plural": "Arabic plural and dual forms",
    "ar_not": "Not inside these longer names",
    "en_alternatives": "Other accepted English",
    "en_derived": "Adjectives and demonyms",
    "en_forbidden": "Forbidden English",
    "note": "Note for translators",
}


# ASCII punctuation: each may start Markdown or HTML (an image, a link, an autolink, a
# tag), and each is shown as itself when a backslash goes before it.
_MARKUP = re.compile(r"([!-/:-@\[-`{-~])")


def error_text(text: str) -> str:
    """A gr.Error message, shown as written: Gradio's pop-up renders HTML, so a glossary
    entry or a document name with `<img src=x onerror=...>` in it would otherwise run on
    the screen of whoever meets it."""
    return html.escape(text, quote=False)


def note_text(text: str) -> str:
    """A note for a gr.Markdown, shown as written: every character that could make
    markup (HTML, an image, a link) is escaped; lines stay lines and `- ` items stay
    items."""
    lines = []
    for line in text.splitlines():
        bullet = "- " if line.startswith("- ") else ""
        lines.append(bullet + _MARKUP.sub(r"\\\1", line[len(bullet) :]))
    return "  \n".join(lines)


def _entry_field(column: str) -> gr.components.Component:
    if column == "enforce":
        return gr.Dropdown(["", *ENFORCE], value="", label=_LABELS[column], elem_id="term-enforce")
    arabic = column.startswith("ar")
    return gr.Textbox(label=_LABELS[column], rtl=arabic, elem_id=f"term-{column}")


def _named(arguments: dict) -> dict[str, str]:
    """The glossary columns among a handler's arguments."""
    return {c: arguments[c] or "" for c in COLUMNS}


def build_app(service: EditorService) -> gr.Blocks:
    with gr.Blocks(title="transbench editor") as demo:
        if service.demo_warning:
            gr.Markdown(f"⚠️ **{service.demo_warning}**", elem_id="demo-warning")
        doc_id = gr.Number(precision=0, visible=False)

        with gr.Tabs() as tabs:
            with gr.Tab("Translate", id="translate"):
                with gr.Accordion("New document", open=True) as new_doc:
                    with gr.Row():
                        name = gr.Textbox(label="Document name", scale=2)
                        upload = gr.File(
                            label="or upload .txt/.md/.html/.docx",
                            file_types=list(UPLOAD_TYPES),
                            scale=1,
                        )
                    source = gr.Textbox(label="Arabic article", lines=6, rtl=True, elem_id="source")
                    with gr.Row():
                        go = gr.Button("Translate", variant="primary", elem_id="translate")
                        resume = gr.Button("Draft the rest", elem_id="resume")
                segments = segment_list(service)

            with gr.Tab("Documents", id="documents") as documents_tab:
                with gr.Row():
                    stage = gr.Dropdown(
                        ["all", *STAGES], value="all", label="Show", scale=1, elem_id="stage"
                    )
                    refresh = gr.Button("Refresh", scale=0)
                docs = gr.Dataframe(
                    headers=["id", "name", "assigned to", "status", "words", "approved", "model"],
                    interactive=False,
                )
                with gr.Row():
                    pick = gr.Number(label="Document id", precision=0, value=None)
                    new_name = gr.Textbox(label="New name")
                    assignee = gr.Textbox(label="Assign to (account name)")
                    sure = gr.Checkbox(label="Yes, delete it")
                with gr.Row():
                    open_btn = gr.Button("Open")
                    rename_btn = gr.Button("Rename")
                    assign_btn = gr.Button("Assign")
                    delete_btn = gr.Button("Delete", variant="stop")
                docs_message = gr.Markdown()

            with gr.Tab("Export", id="export"):
                fmt = gr.Dropdown(list(EXPORTERS), value="docx", label="Format")
                approved_only = gr.Checkbox(label="Only approved segments")
                export_btn = gr.Button("Export", elem_id="export")
                exported = gr.File(label="Download", elem_id="download")

            with gr.Tab("Glossary", id="glossary"):
                query = gr.Textbox(label="Search (Arabic or English)")
                terms = gr.Dataframe(
                    headers=["file", "line", *COLUMNS],
                    interactive=False,
                    elem_id="glossary-results",
                )
                gr.Markdown(
                    "**Add or change an entry.** Pick a search result, or type an Arabic "
                    "term that is already there, and the whole entry is loaded; Save "
                    "changes only what the form shows. Lists take `|` between items. The "
                    "file is linted before it is written; new terms apply to drafts made "
                    "from now on."
                )
                files = service.glossary_files()
                term_file = gr.Dropdown(
                    files,
                    value=files[0] if files else None,
                    label="Glossary file",
                    allow_custom_value=True,
                )
                fields = {}
                for row in ENTRY_FORM:
                    with gr.Row():
                        for column in row:
                            fields[column] = _entry_field(column)
                with gr.Row():
                    term_save = gr.Button("Save entry", variant="primary")
                    term_delete = gr.Button("Delete entry", variant="stop")
                term_message = gr.Markdown()

        def _guard(fn):
            @functools.wraps(fn)  # Gradio reads the signature for its gr.Request argument
            def run(*args, **kwargs):
                try:
                    return fn(*args, **kwargs)
                except TransbenchError as exc:
                    raise gr.Error(error_text(str(exc))) from None

            return run

        @_guard
        def listing(shown, request: gr.Request):
            service.account(who(request))  # a removed account sees nothing more
            return service.documents(shown)

        def opened(d) -> int:
            if not d:
                raise TransbenchError("open or translate a document first")
            return int(d)

        @_guard
        def on_translate(text, title, file, request: gr.Request):
            """Store the article and start drafting it in the background: the list shows it
            at once and fills as drafts come, even if the page is reloaded meanwhile. The
            form is cleared, so a second click makes no second copy."""
            service.allow(who(request), "edit", "translating a new article")
            if file and text.strip():
                raise TransbenchError(
                    "there is both a pasted article and an uploaded file: clear one of them"
                )
            if file:
                text, stem = service.read_upload(file)
                title = title or stem
            d = service.store(text, title)
            service.start_drafting(d)
            note = f"document {d} stored; drafting it"
            return d, signal(d, note), gr.Accordion(open=False), "", "", None

        go.click(
            on_translate,
            [source, name, upload],
            [doc_id, segments, new_doc, source, name, upload],
            api_name="translate",
        ).then(listing, stage, docs)

        @_guard
        def on_resume(d, request: gr.Request):
            """Draft what a failed or interrupted run left undrafted."""
            service.allow(who(request), "edit", "drafting")
            service.start_drafting(opened(d))
            return signal(int(d), f"drafting the rest of document {int(d)}")

        resume.click(on_resume, doc_id, segments, api_name="resume")

        refresh.click(listing, stage, docs, api_name="documents")
        stage.change(listing, stage, docs)
        demo.load(listing, stage, docs)  # the list is there without a Refresh

        # What each role may use; the rest is not offered (the server refuses it anyway):
        # Translate for a terminologist, glossary edits for a translator...
        offered = {
            "edit": [go, resume],
            "glossary": [term_save, term_delete],
            "documents": [rename_btn, assign_btn, delete_btn, new_name, assignee, sure],
        }

        def on_role(request: gr.Request):
            can = service.can(who(request))
            return [gr.update(visible=can[what]) for what, parts in offered.items() for _ in parts]

        demo.load(_guard(on_role), None, [c for parts in offered.values() for c in parts])

        def on_page(request: gr.Request):
            """A page opened on a document's address (?doc=N, as a reload is) shows it and
            makes it the open document for Export, Draft the rest and Delete too."""
            service.account(who(request))
            wanted = request.query_params.get("doc", "")
            if not wanted.isdigit():
                return gr.Accordion(open=True), None, gr.skip()
            d = int(wanted)
            if not service.workspace.documents(d):
                note = f"there is no document {d} (deleted?)"
                return gr.Accordion(open=True), None, {"deleted": d, "note": note}
            return gr.Accordion(open=False), d, signal(d)

        demo.load(_guard(on_page), None, [new_doc, doc_id, segments])

        @_guard
        def on_open(d, request: gr.Request):
            service.account(who(request))
            service.workspace.document(opened(d))  # a plain error if it is not there
            left = service.undrafted(int(d))
            running = service.drafting(int(d))["drafting"]
            note = (
                f"{left} segment(s) not drafted yet: press 'Draft the rest'"
                if left and not running
                else ""
            )
            return (
                d,
                signal(int(d), note),
                gr.Accordion(open=bool(left)),
                gr.Tabs(selected="translate"),
            )

        open_btn.click(on_open, pick, [doc_id, segments, new_doc, tabs], api_name="open")

        @_guard
        def on_assign(d, person, shown, request: gr.Request):
            note = service.assign(int(d), person, who(request))
            return service.documents(shown), note_text(note)

        assign_btn.click(
            on_assign, [pick, assignee, stage], [docs, docs_message], api_name="assign"
        )

        @_guard
        def on_rename(d, new, shown, request: gr.Request):
            service.allow(who(request), "documents", "renaming a document")
            service.workspace.rename(int(d), new)
            return service.documents(shown), f"document {int(d)} renamed"

        @_guard
        def on_delete(d, confirmed, current, shown, request: gr.Request):
            """The open document can be deleted too: the Translate screen then empties."""
            service.allow(who(request), "documents", "deleting a document")
            if not confirmed:
                note = "tick 'Yes, delete it' first; nothing was deleted"
                return service.documents(shown), note, current, gr.skip()
            service.workspace.delete(int(d))
            deleted = f"document {int(d)} deleted"
            if current and int(current) == int(d):
                return service.documents(shown), deleted, None, {"deleted": int(d)}
            return service.documents(shown), deleted, current, gr.skip()

        rename_btn.click(
            on_rename, [pick, new_name, stage], [docs, docs_message], api_name="rename"
        )
        delete_btn.click(
            on_delete,
            [pick, sure, doc_id, stage],
            [docs, docs_message, doc_id, segments],
            api_name="delete",
        )
        documents_tab.select(listing, stage, docs)  # current whenever it is shown

        @_guard
        def on_export(d, f, a, request: gr.Request):
            service.account(who(request))  # anyone with an account
            return service.export(opened(d), f, a)

        export_btn.click(
            on_export,
            [doc_id, fmt, approved_only],
            exported,
            api_name="export",
        )

        @_guard
        def on_search(text, request: gr.Request):
            service.account(who(request))
            return service.search_glossary(text)

        query.change(on_search, query, terms, api_name="glossary_search")
        entry_fields = [fields[c] for c in COLUMNS]
        form = [term_file, *entry_fields]
        term_ar = fields["ar"]

        def on_pick_entry(evt: gr.SelectData):
            """A search result goes into the form whole."""
            file, _line, *values = evt.row_value
            return file, *values

        terms.select(on_pick_entry, None, form)

        # Gradio passes the request only to functions that name every input, so the
        # handlers take the form's fields by name, in COLUMNS order.
        @_guard
        def on_term_ar(
            file, ar, en, ar_variants, ar_plural, en_alternatives, en_derived, en_forbidden,
            enforce, ar_not, note, request: gr.Request,
        ):  # fmt: skip
            """Typing an existing term's Arabic loads its entry into an empty form. Fields
            are otherwise left alone (no value is sent back), so an answer that arrives
            while the next field is being typed cannot overwrite it."""
            service.account(who(request))
            typed = _named(locals())
            found = service.entry(file, ar) if file and ar.strip() else None
            if not found or any(v.strip() for c, v in typed.items() if c not in ("ar", "enforce")):
                return [gr.update()] * len(form)
            return [gr.update(), *(found[c] for c in COLUMNS)]

        term_ar.blur(on_term_ar, form, form, api_name="glossary_entry")

        def after_glossary_edit(note, d):
            """The open document's highlights and term QA follow the glossary at once."""
            note = note_text(note)  # it quotes entries, other people's too
            if not d:
                return note, None
            service.refresh_terms(int(d))
            return note, signal(int(d))

        @_guard
        def on_term_save(
            path, ar, en, ar_variants, ar_plural, en_alternatives, en_derived, en_forbidden,
            enforce, ar_not, note, d, request: gr.Request,
        ):  # fmt: skip
            service.allow(who(request), "glossary", "editing the glossary")
            return after_glossary_edit(service.save_term(path, _named(locals())), d)

        @_guard
        def on_term_delete(path, ar, d, request: gr.Request):
            service.allow(who(request), "glossary", "editing the glossary")
            return after_glossary_edit(service.delete_term(path, ar), d)

        term_save.click(
            on_term_save,
            [*form, doc_id],
            [term_message, segments],
            api_name="glossary_save",
        )
        term_delete.click(
            on_term_delete,
            [term_file, term_ar, doc_id],
            [term_message, segments],
            api_name="glossary_delete",
        )
    return demo


def launch(service: EditorService, allowed_hosts: tuple[str, ...] = (), **options) -> gr.Blocks:
    """Build the app and start serving it (options go to `Blocks.launch`); requests for
    another host name, and writes from other sites, are refused (see `ui.guard`)."""
    demo = build_app(service)
    if service.logins is not None:
        service.logins.on_end = lambda names: _end_sessions(demo, names)
        options["auth"] = desk_login(service.logins)
    policy = HostPolicy.for_server(options.get("server_name") or "127.0.0.1", allowed_hosts)
    demo.launch(
        css=stylesheet(),
        show_error=True,
        # Everything served by this one app, behind the guard: no SSR front server and no
        # separate static-file workers, which would answer without it.
        ssr_mode=False,
        num_workers=0,
        # Gradio refuses bigger uploads before they reach the disk or `read_upload`.
        max_file_size=MAX_UPLOAD_BYTES,
        app_kwargs={"middleware": [Middleware(HostGuard, policy=policy)]},
        **options,
    )
    return demo


def desk_login(logins: Logins):
    """Gradio's login check for a desk: a coroutine, so Gradio awaits it and the argon2
    hash runs in the logins' worker pool while the server goes on answering everyone
    else; throttled by name and by the client's address. When the pool's queue is full
    the answer is 503 with a "busy, try again" message instead of a wait."""

    async def login(name: str, password: str) -> bool:
        try:
            return await logins.login(name, password, CLIENT.get()) is not None
        except LoginsBusy as exc:
            raise HTTPException(status_code=503, detail=str(exc)) from None

    return login


def _end_sessions(demo: gr.Blocks, names: set[str]) -> None:
    """Drop the login cookies Gradio issued to `names` (a new password, a removed account)."""
    tokens = getattr(getattr(demo, "server_app", None), "tokens", {})
    for token, user in list(tokens.items()):
        if user in names:
            tokens.pop(token, None)
