"""The Gradio screens: Translate, Documents, Export, Glossary. Every edit is saved as it is
made (see `workspace.store`); the named API endpoints are what the tests drive."""

from __future__ import annotations

import gradio as gr
from starlette.middleware import Middleware

from transbench.errors import TransbenchError
from transbench.export import EXPORTERS
from transbench.ui.guard import HostGuard, HostPolicy
from transbench.ui.service import COLUMNS, FILTERS, EditorService, verbatim

# Arabic cells read right to left, aligned right, in a proportional Arabic-capable font at
# a reading size; an English pass-through unit in the same column stays left to right
# (`plaintext` takes each paragraph's direction from its text). Gradio 6 draws the grid as
# div[role=gridcell] with data-col; it takes CSS at launch.
ARABIC_FONT = '"Noto Naskh Arabic", "Noto Sans Arabic", "Geeza Pro", "Segoe UI", Arial, sans-serif'
CSS = f"""
#grid [role=gridcell][data-col="1"] p, #grid [role=gridcell][data-col="1"] span,
#glossary-results [role=gridcell][data-col="2"] span,
#glossary-results [role=gridcell][data-col="4"] span {{
  unicode-bidi: plaintext; text-align: start; font-family: {ARABIC_FONT};
  font-size: 17px; line-height: 1.7;
}}
#demo-warning {{ color: #a40; }}
"""

# Ctrl+Enter in the English box approves; caught before the box's own Enter (save and move
# on). Anywhere else (the glossary search, the paste box) it does nothing.
JS = """
() => {
  document.addEventListener("keydown", (e) => {
    const inEditor = e.target instanceof Element && e.target.closest("#target");
    if (inEditor && e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      e.stopPropagation();
      document.querySelector("#approve")?.click();
    }
  }, true);
}
"""

HELP = (
    "**Keys:** Enter in the English box saves and moves to the next segment; Ctrl+Enter "
    "there approves. Glossary hits are in bold in the Arabic. "
    "Approve saves your text and approves it. Revert goes back to the machine draft, "
    "Undo to the text before the last change. A save is refused, with both versions "
    "shown, if someone else changed the segment after you opened it."
)


def build_app(service: EditorService) -> gr.Blocks:
    with gr.Blocks(title="transbench editor") as demo:
        gr.Markdown("# transbench editor")
        if service.demo_warning:
            gr.Markdown(f"⚠️ **{service.demo_warning}**", elem_id="demo-warning")
        doc_id = gr.Number(label="Document", precision=0, visible=False)

        with gr.Tab("Translate"):
            with gr.Row():
                name = gr.Textbox(label="Document name", scale=2)
                upload = gr.File(
                    label="or upload .txt/.md/.html/.docx",
                    file_types=[".txt", ".md", ".html", ".docx"],
                    scale=1,
                )
            source = gr.Textbox(label="Arabic article", lines=8, rtl=True, elem_id="source")
            with gr.Row():
                go = gr.Button("Translate", variant="primary", elem_id="translate")
                resume = gr.Button("Draft the rest", elem_id="resume")
            which = gr.Radio(list(FILTERS), value="all", label="Show")
            grid = gr.Dataframe(
                headers=COLUMNS,
                interactive=False,
                wrap=True,
                elem_id="grid",
                column_widths=["4%", "34%", "34%", "8%", "14%", "6%"],
                datatype=["number", "markdown", "str", "str", "str", "number"],
            )
            gr.Markdown(HELP)
            with gr.Row():
                seg_id = gr.Number(label="Segment #", precision=0, value=1, elem_id="seg-id")
                version = gr.Number(label="Version loaded", precision=0, interactive=False)
                editor = gr.Textbox(label="Your name", value="editor", elem_id="editor")
            seg_source = gr.Textbox(label="Arabic", rtl=True, interactive=False)
            target = gr.Textbox(
                label="English (Enter saves and moves on)", lines=1, elem_id="target"
            )
            with gr.Row():
                save = gr.Button("Save", elem_id="save")
                approve = gr.Button("Approve", variant="primary", elem_id="approve")
                revert = gr.Button("Revert to draft")
                undo = gr.Button("Undo")
                copy = gr.Button("Copy source")
                retranslate = gr.Button("Re-translate")
                approve_all = gr.Button("Approve all without QA errors")
            message = gr.Markdown(elem_id="message")

        with gr.Tab("Documents"):
            docs = gr.Dataframe(headers=["id", "name", "approved", "model"], interactive=False)
            refresh = gr.Button("Refresh")
            with gr.Row():
                pick = gr.Number(label="Document id", precision=0)
                new_name = gr.Textbox(label="New name")
                sure = gr.Checkbox(label="Yes, delete it")
            with gr.Row():
                open_btn = gr.Button("Open")
                rename_btn = gr.Button("Rename")
                delete_btn = gr.Button("Delete", variant="stop")
            docs_message = gr.Markdown()

        with gr.Tab("Export"):
            fmt = gr.Dropdown(list(EXPORTERS), value="docx", label="Format")
            approved_only = gr.Checkbox(label="Only approved segments")
            export_btn = gr.Button("Export", elem_id="export")
            exported = gr.File(label="Download", elem_id="download")

        with gr.Tab("Glossary"):
            query = gr.Textbox(label="Search (Arabic or English)")
            terms = gr.Dataframe(
                headers=["file", "line", "ar", "en", "variants", "forbidden", "note"],
                interactive=False,
                elem_id="glossary-results",
            )
            gr.Markdown(
                "**Add or change an entry.** Pick a search result, or type an Arabic "
                "term that is already there, and the whole entry is loaded; Save "
                "changes only what the form shows. The file is linted before it is "
                "written; new terms apply to drafts made from now on."
            )
            files = service.glossary_files()
            term_file = gr.Dropdown(
                files,
                value=files[0] if files else None,
                label="Glossary file",
                allow_custom_value=True,
            )
            with gr.Row():
                term_ar = gr.Textbox(label="Arabic", rtl=True)
                term_en = gr.Textbox(label="English")
            with gr.Row():
                term_variants = gr.Textbox(label="Arabic variants (a|b)", rtl=True)
                term_forbidden = gr.Textbox(label="Forbidden English (a|b)")
                term_note = gr.Textbox(label="Note")
            with gr.Row():
                term_save = gr.Button("Save entry", variant="primary")
                term_delete = gr.Button("Delete entry", variant="stop")
            term_message = gr.Markdown()

        def _guard(fn):
            def run(*args):
                try:
                    return fn(*args)
                except TransbenchError as exc:
                    raise gr.Error(str(exc)) from None

            return run

        def load_segment(d, s):
            seg = service.segment(int(d), int(s))
            return seg.version, seg.source, seg.target

        def opened(d) -> int:
            if not d:
                raise TransbenchError("open or translate a document first")
            return int(d)

        def on_translate(text, title, file):
            """A generator: the grid shows the document at once and fills chunk by chunk."""
            try:
                if file and text.strip():
                    raise TransbenchError(
                        "there is both a pasted article and an uploaded file: clear one of them"
                    )
                if file:
                    text, stem = service.read_upload(file)
                    title = title or stem
                for d, rows, note in service.translate_stream(text, title):
                    yield d, rows, 1, *load_segment(d, 1), note
            except TransbenchError as exc:
                raise gr.Error(str(exc)) from None

        go.click(
            on_translate,
            [source, name, upload],
            [doc_id, grid, seg_id, version, seg_source, target, message],
            api_name="translate",
            trigger_mode="once",  # clicks while it drafts make no second document
        )

        def on_resume(d):
            """Draft what a failed or interrupted run left undrafted."""
            try:
                for _, rows, note in service.draft_pending(opened(d)):
                    yield rows, note
            except TransbenchError as exc:
                raise gr.Error(str(exc)) from None

        resume.click(on_resume, doc_id, [grid, message], api_name="resume")

        @_guard
        def on_action(action, d, s, v, who, text, filt):
            if s is None or v is None:
                raise TransbenchError("pick a segment first")
            seg, note = service.act(action, opened(d), int(s), int(v), who, text)
            if note.startswith("NOT SAVED"):
                # Both texts verbatim in the message; the person's own stays in the box.
                return service.rows(int(d), filt), seg.version, text, verbatim(note)
            return service.rows(int(d), filt), seg.version, seg.target, note

        for button, action in (
            (save, "save"),
            (approve, "approve"),
            (revert, "revert"),
            (undo, "undo"),
            (retranslate, "retranslate"),
        ):
            button.click(
                lambda *a, action=action: on_action(action, *a),
                [doc_id, seg_id, version, editor, target, which],
                [grid, version, target, message],
                api_name=action,
            )

        @_guard
        def on_submit(d, s, v, who, text, filt):
            rows, new_version, new_text, note = on_action("save", d, s, v, who, text, filt)
            if note.startswith("NOT SAVED"):
                return rows, s, new_version, service.segment(int(d), int(s)).source, new_text, note
            nxt = min(int(s) + 1, len(service.rows(int(d))))
            return rows, nxt, *load_segment(d, nxt), note

        target.submit(
            on_submit,
            [doc_id, seg_id, version, editor, target, which],
            [grid, seg_id, version, seg_source, target, message],
        )

        def on_pick(d, s):
            """A segment number with no segment shows an empty editor, not the old text."""
            if not d or s is None:
                return None, "", ""
            try:
                return load_segment(d, s)
            except TransbenchError as exc:
                gr.Warning(str(exc))
                return None, "", ""

        seg_id.change(
            on_pick,
            [doc_id, seg_id],
            [version, seg_source, target],
            api_name="load",
        )
        copy.click(lambda src: src, seg_source, target)
        which.change(
            _guard(lambda d, f: service.rows(int(d), f) if d else []), [doc_id, which], grid
        )

        refresh.click(service.documents, None, docs, api_name="documents")
        demo.load(service.documents, None, docs)  # the list is there without a Refresh

        @_guard
        def on_open(d):
            left = service.undrafted(int(d))
            note = f"{left} segment(s) not drafted yet: press 'Draft the rest'" if left else ""
            return d, service.rows(int(d)), 1, *load_segment(d, 1), note

        open_btn.click(
            on_open,
            pick,
            [doc_id, grid, seg_id, version, seg_source, target, message],
            api_name="open",
        )

        @_guard
        def on_rename(d, new):
            service.workspace.rename(int(d), new)
            return service.documents(), f"document {int(d)} renamed"

        @_guard
        def on_delete(d, confirmed):
            if not confirmed:
                return service.documents(), "tick 'Yes, delete it' first; nothing was deleted"
            service.workspace.delete(int(d))
            return service.documents(), f"document {int(d)} deleted"

        rename_btn.click(on_rename, [pick, new_name], [docs, docs_message], api_name="rename")
        delete_btn.click(on_delete, [pick, sure], [docs, docs_message], api_name="delete")
        export_btn.click(
            _guard(lambda d, f, a: service.export(opened(d), f, a)),
            [doc_id, fmt, approved_only],
            exported,
            api_name="export",
        )
        query.change(_guard(service.search_glossary), query, terms, api_name="glossary_search")
        form = [term_file, term_ar, term_en, term_variants, term_forbidden, term_note]

        def on_pick_entry(evt: gr.SelectData):
            """A search result goes into the form whole."""
            file, _line, ar, en, variants, forbidden, note = evt.row_value
            return file, ar, en, variants, forbidden, note

        terms.select(on_pick_entry, None, form)

        @_guard
        def on_term_ar(file, ar, en, variants, forbidden, note):
            """Typing an existing term's Arabic loads its entry (what is typed stays)."""
            found = service.entry(file, ar) if file and ar.strip() else None
            if not found or any((en, variants, forbidden, note)):
                return file, ar, en, variants, forbidden, note
            return (file, *(found[k] for k in ("ar", "en", "ar_variants", "en_forbidden", "note")))

        term_ar.blur(on_term_ar, form, form, api_name="glossary_entry")

        def after_glossary_edit(note, d, f):
            """The open document's highlights and term QA follow the glossary at once."""
            if not d:
                return note, []
            service.refresh_terms(int(d))
            return note, service.rows(int(d), f)

        term_save.click(
            _guard(
                lambda path, ar, en, v, fb, n, d, f: after_glossary_edit(
                    service.save_term(path, ar, en, v, fb, n), d, f
                )
            ),
            [term_file, term_ar, term_en, term_variants, term_forbidden, term_note, doc_id, which],
            [term_message, grid],
            api_name="glossary_save",
        )
        term_delete.click(
            _guard(lambda path, ar, d, f: after_glossary_edit(service.delete_term(path, ar), d, f)),
            [term_file, term_ar, doc_id, which],
            [term_message, grid],
            api_name="glossary_delete",
        )
        approve_all.click(
            _guard(
                lambda d, who, f: (service.approve_all(opened(d), who), service.rows(int(d), f))
            ),
            [doc_id, editor, which],
            [message, grid],
            api_name="approve_all",
        )
    return demo


def launch(service: EditorService, allowed_hosts: tuple[str, ...] = (), **options) -> gr.Blocks:
    """Build the app and start serving it (options go to `Blocks.launch`); requests for
    another host name, and writes from other sites, are refused (see `ui.guard`)."""
    demo = build_app(service)
    policy = HostPolicy.for_server(options.get("server_name") or "127.0.0.1", allowed_hosts)
    demo.launch(
        css=CSS,
        js=JS,
        show_error=True,
        # Everything served by this one app, behind the guard: no SSR front server and no
        # separate static-file workers, which would answer without it.
        ssr_mode=False,
        num_workers=0,
        app_kwargs={"middleware": [Middleware(HostGuard, policy=policy)]},
        **options,
    )
    return demo
