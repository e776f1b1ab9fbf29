"""What the editor screen does, without Gradio: the app only wires these to widgets, and
the tests drive them through the HTTP API."""

from __future__ import annotations

import dataclasses
import getpass
import re
import secrets
import shutil
import tempfile
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from transbench import concordance
from transbench.accounts import CAN, Account, Logins, NotAllowed, allowed, require
from transbench.batch.extract import DocumentError, extract
from transbench.errors import TransbenchError
from transbench.export import EXPORTERS
from transbench.glossary import collection
from transbench.glossary.csvfile import GlossaryFile
from transbench.glossary.editing import GlossaryLintError, edit
from transbench.glossary.forms import accepted
from transbench.glossary.matcher import Matcher
from transbench.glossary.records import COLUMNS, LIST_SEPARATOR, Term
from transbench.pipeline import Pipeline
from transbench.segment import Segment, segment
from transbench.segment.script import has_arabic
from transbench.textio import clean_text
from transbench.ui import views
from transbench.workspace import (
    DocumentGone,
    StoredSegment,
    VersionConflict,
    Workspace,
    stored_terms,
)

# A glossary is named by its file name in the served folder: letters, digits, space, . _ -
# and no path separators, so no request can reach a file outside that folder.
_GLOSSARY_NAME = re.compile(r"\w[\w .-]{0,100}\.csv")  # what the folder loads: *.csv
ACTIONS = ("save", "confirm", "approve", "revert", "undo", "retranslate")
KEPT_REPLACES = 256  # the replaces a server remembers for Undo replace (the latest)
# What may be added to an entry as an English form from the Translate screen: English
# words, no Arabic, no list separator, not a paragraph.
MAX_FORM = 120


def may_change(who: Account, current: StoredSegment, target: str, status: str, action: str):
    """The one role-and-status check of every change a person makes to a segment (save,
    confirm, approve, revert, undo, re-translate, replace, undo a replace, approve all).
    The workspace runs it inside the write transaction, against the segment as it is
    then (see `Workspace.save`), so no path can go round it and no status can change
    between the check and the write."""
    require(who, "edit", f"the action '{action}'")
    if current.status == "approved" and (target != current.target or status != "approved"):
        require(who, "approve", f"segment {current.id} is approved: changing it")
    if status == "approved" and current.status != "approved":
        doing = "undoing back to an approved version" if action == "undo" else "approving"
        require(who, "approve", doing)


# Each export gets a folder of its own in `export_dir`, so two exports (of documents with
# one name, at the same moment) never share a path. Gradio copies the file it is given into
# its own cache, so an export's folder is removed once it is older than EXPORT_MAX_AGE
# seconds, or when more than KEPT_EXPORTS newer ones are there.
KEPT_EXPORTS = 64
EXPORT_MAX_AGE = 600.0

UPLOAD_TYPES = (".txt", ".md", ".html", ".htm", ".docx")
MAX_UPLOAD_BYTES = 25 << 20


def person() -> str:
    """Who edits when the editor has no accounts: the person running it."""
    try:
        return getpass.getuser()
    except (KeyError, OSError):  # no login name (a container with a bare uid)
        return "editor"


def headline(text: str, limit: int = 60) -> str:
    """A document with no name is called by its first line, as a desk would refer to it."""
    first = " ".join(next((line for line in text.splitlines() if line.strip()), "").split())
    if len(first) <= limit:
        return first or "untitled"
    return first[:limit].rsplit(" ", 1)[0] + "…"


def _unit(s: StoredSegment) -> Segment:
    """A stored segment as the pipeline takes it."""
    return Segment(s.id, s.source, s.start, s.end, s.paragraph, s.lang, not s.pass_through)


@dataclass
class DraftJob:
    """Drafting of one document in a background thread: it goes on when the page that
    started it is reloaded or closed, and the page asks for the drafts as they come."""

    thread: threading.Thread | None = None
    error: str = ""

    @property
    def running(self) -> bool:
        return self.thread is not None and self.thread.is_alive()


@dataclass
class EditorService:
    pipeline: Pipeline
    workspace: Workspace
    glossary_dir: Path | None = None
    export_dir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="tb-ui-")))
    # One draft at a time: the translator keeps per-call state, and Gradio calls from
    # several worker threads.
    _drafting: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _jobs: dict[int, DraftJob] = field(default_factory=dict, repr=False)
    _jobs_lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    # What each Replace all changed, by the id its answer carried: Undo replace takes back
    # what the server recorded, never a list the page sends.
    _replaces: OrderedDict[str, tuple[int, str, list[tuple[int, int]]]] = field(
        default_factory=OrderedDict, repr=False
    )
    # The desk's accounts; None when one person runs the editor on their own machine.
    logins: Logins | None = None

    def __post_init__(self) -> None:
        if self.glossary_dir is None and collection.default_dir().is_dir():
            self.glossary_dir = collection.default_dir()

    def account(self, name: str) -> Account:
        """Who asks, and in what role. Without logins the editor serves only the machine
        it runs on, to the person running it, who may do everything."""
        if self.logins is None:
            return Account(name.strip() or person(), "admin")
        found = self.logins.account(name)
        if found is None:
            raise NotAllowed(f"{name or 'this login'} has no account in this editor")
        return found

    def allow(self, name: str, what: str, doing: str) -> Account:
        """The account of `name` if its role may do `what` (see `accounts.CAN`)."""
        account = self.account(name)
        require(account, what, doing)
        return account

    def guard(self, who: Account):
        """`may_change` for this person, as `Workspace.save` calls it."""

        def check(current: StoredSegment, target: str, status: str, action: str) -> None:
            may_change(who, current, target, status, action)

        return check

    def can(self, name: str) -> dict:
        """What the screen offers this person (the server checks each request anyway)."""
        account = self.account(name)
        return {
            "user": account.name,
            "role": account.role,
            "accounts": self.logins is not None,
        } | {what: allowed(account.role, what) for what in CAN}

    @property
    def demo_warning(self) -> str:
        if not self.pipeline.translator.is_demo:
            return ""
        return (
            f"Model '{self.pipeline.translator.name}' is the offline demo model with "
            "random weights: its drafts are NOT translations."
        )

    def translate(self, text: str, name: str) -> int:
        """Store an article and draft it all (what the streaming version ends with)."""
        doc_id, _ = deque(self.translate_stream(text, name), maxlen=1)[0]
        return doc_id

    def translate_stream(self, text: str, name: str, chunk: int = 8):
        """Store the article at once, then draft it (see `draft_pending`)."""
        yield from self.draft_pending(self.store(text, name), chunk)

    def store(self, text: str, name: str) -> int:
        """Keep an article as a document whose segments wait for their drafts."""
        if not text.strip():
            raise TransbenchError("paste an article or upload a file first")
        text = clean_text(text, name.strip() or "the pasted article")
        return self.workspace.create_pending(
            name.strip() or headline(text), text, self.pipeline.translator.name, segment(text)
        )

    def start_drafting(self, doc_id: int) -> None:
        """Draft the document's waiting segments in a background thread (one per document;
        the model itself drafts one chunk at a time for all of them)."""
        with self._jobs_lock:
            if self._jobs.get(doc_id, DraftJob()).running:
                return
            job = DraftJob()
            job.thread = threading.Thread(
                target=self._draft_job, args=(doc_id, job), name=f"draft-{doc_id}", daemon=True
            )
            self._jobs[doc_id] = job
            job.thread.start()

    def _draft_job(self, doc_id: int, job: DraftJob) -> None:
        try:
            deque(self.draft_pending(doc_id), maxlen=0)
        except DocumentGone:
            pass  # deleted while it drafted: drafting stops, nothing lands elsewhere
        except TransbenchError as exc:
            job.error = str(exc)
        except Exception as exc:  # a thread must not die unheard
            job.error = (
                f"drafting stopped ({type(exc).__name__}: {exc}); the document is saved: "
                "press 'Draft the rest'"
            )

    def drafting(self, doc_id: int) -> dict:
        """Whether the document is being drafted, and why drafting stopped if it failed."""
        job = self._jobs.get(doc_id, DraftJob())
        return {"drafting": job.running, "failed": job.error}

    def draft_pending(self, doc_id: int, chunk: int = 8):
        """Draft the segments of a stored document that have no draft yet, chunk by chunk,
        yielding (document id, progress note) after each chunk; the screen then asks for
        the rows it still lacks (`rows`). A document whose drafting failed or was
        interrupted resumes where it stopped.

        Every write names the document drafting started for (its id and creation time):
        when that document is deleted, drafting stops (DocumentGone) at the next chunk,
        and no draft of it lands in any other document."""
        created = self.workspace.created(doc_id)
        if created is None:
            raise DocumentGone(doc_id)
        pending = [_unit(s) for s in self.workspace.segments(doc_id) if s.version == 0]
        todo = [s for s in pending if s.translate]
        with self._drafting:
            self.workspace.fill_drafts(
                doc_id,
                self.pipeline.draft([s for s in pending if not s.translate]),
                created=created,
            )
        yield doc_id, f"drafting 0/{len(todo)}…"
        for start in range(0, len(todo), chunk):
            if self.workspace.created(doc_id) != created:
                raise DocumentGone(doc_id)  # deleted: no model time spent on it
            try:
                with self._drafting:
                    drafts = self.pipeline.draft(todo[start : start + chunk])
            except Exception as exc:
                raise TransbenchError(
                    f"drafting stopped after {start} of {len(todo)} segments ({exc}); the "
                    f"document is saved: open document {doc_id} and press 'Draft the rest'"
                ) from exc
            self.workspace.fill_drafts(doc_id, drafts, created=created)
            done = min(start + chunk, len(todo))
            yield doc_id, f"drafting {done}/{len(todo)}…"
        total = len(self.workspace.segments(doc_id))
        yield doc_id, f"document {doc_id}: {total} segments drafted"

    def undrafted(self, doc_id: int) -> int:
        return sum(s.version == 0 for s in self.workspace.segments(doc_id))

    def read_upload(self, path: str) -> tuple[str, str]:
        """The text of an uploaded article: a known type, and no bigger than an article
        with its pictures (a 100 MB program is not an article)."""
        p = Path(path)
        if p.suffix.lower() not in UPLOAD_TYPES:
            raise TransbenchError(
                f"{p.name}: not an article file; upload {', '.join(UPLOAD_TYPES)}"
            )
        if p.stat().st_size > MAX_UPLOAD_BYTES:
            raise TransbenchError(
                f"{p.name}: {p.stat().st_size:,} bytes is over the upload limit of "
                f"{MAX_UPLOAD_BYTES:,}"
            )
        try:
            text = extract(p.read_bytes(), p.name).text
        except DocumentError as exc:
            raise TransbenchError(f"{p.name}: {exc}") from None
        return text, p.stem

    def view(self, doc_id: int) -> dict:
        """The whole document for the segment list (opening it, or after a bulk change).
        The page fetches it itself: a 500-segment list is ~400 KB, which Gradio's event
        path takes three times as long to deliver (see bench_editor)."""
        info = self.workspace.document(doc_id)
        counts = self.workspace.open_comments(doc_id)
        rows = [views.row(s, counts.get(s.id, 0)) for s in self.workspace.segments(doc_id)]
        return {"doc": doc_id, "name": info.name, "rows": rows, **self.drafting(doc_id)}

    def rows(self, doc_id: int, ids: list[int]) -> list[dict]:
        """The segments among `ids` that have a draft now (what the list is waiting for)."""
        wanted = set(ids)
        return [
            self._row(s)
            for s in self.workspace.segments(doc_id)
            if s.id in wanted and s.version > 0
        ]

    def details(self, doc_id: int, seg_id: int) -> dict:
        """The side panel for the segment being edited."""
        seg = self.workspace.segment(doc_id, seg_id)
        if seg.version == 0 and not seg.pass_through and self.pipeline.matcher:
            # Terms are stored with the draft; until then the panel matches them itself.
            hits = self.pipeline.matcher.find(seg.source)
            seg = dataclasses.replace(seg, terms=tuple(stored_terms(hits)))
        memory = self.workspace.memory or self.pipeline.memory
        matches = (
            memory.fuzzy(seg.source, self.pipeline.fuzzy_threshold)
            if memory and not seg.pass_through
            else []
        )
        ws = self.workspace
        return views.details(seg, matches, ws.history(doc_id, seg_id), ws.comments(doc_id, seg_id))

    def comment(
        self, doc_id: int, seg_id: int, name: str, text: str = "", resolve: int | None = None
    ) -> dict:
        """Add a comment to a segment, or mark one resolved; anyone with an account may
        (a terminologist answering a term query too). The panel comes back."""
        who = self.account(name)
        if resolve is not None:
            self.workspace.resolve_comment(doc_id, resolve, who.name)
        else:
            self.workspace.add_comment(doc_id, seg_id, who.name, text)
        return self.details(doc_id, seg_id)

    def concordance(self, query: str, name: str) -> dict:
        """Where a phrase was translated before: the memory, then confirmed and approved
        segments of every document, the phrase marked in both languages."""
        self.account(name)
        memory = self.workspace.memory or self.pipeline.memory
        hits = concordance.search(query, memory, self.workspace)
        return {"query": query, "hits": [views.occurrence(h) for h in hits]}

    def replace(
        self,
        doc_id: int,
        find: str,
        replacement: str,
        name: str,
        apply: bool = False,
        match_case: bool = False,
        whole_words: bool = True,
    ) -> dict:
        """Find and replace in the English of a document: a preview of every change, or
        (`apply`) the changes made, each an edit in its segment's history (action
        `replaced`, status edited: changed text is to be read again). Approved segments
        are changed only for those who may reopen them, and left out, named, otherwise.
        The answer lists the (segment, version) pairs made, for `undo_replace`."""
        who = self.allow(name, "edit", "replacing text")
        if not find.strip():
            raise TransbenchError("type what to find first")
        words = r"(?<!\w){}(?!\w)" if whole_words else "{}"
        found = re.compile(words.format(re.escape(find)), 0 if match_case else re.IGNORECASE)
        changes, skipped, made = [], [], []
        guard = self.guard(who)
        for seg in self.workspace.segments(doc_id):
            if seg.pass_through or seg.version == 0 or not found.search(seg.target):
                continue
            after = found.sub(lambda _m: replacement, seg.target)
            try:
                guard(seg, after, "edited", "replaced")
            except NotAllowed:
                skipped.append(seg.id)
                continue
            changes.append(
                {
                    "id": seg.id,
                    "status": seg.status,  # confirmed or approved ones go back to edited
                    "before": seg.target,
                    "after": after,
                    "pieces": views.word_diff(seg.target, after),
                }
            )
            if apply:
                saved = self.workspace.save(
                    doc_id, seg.id, after, seg.version, who.name, "edited", "replaced", guard=guard
                )
                made.append([saved.id, saved.version])
        answer = {"changes": changes, "skipped": skipped, "made": made}
        if made:
            answer["undo"] = self._remember_replace(doc_id, who.name, made)
        return answer

    def _remember_replace(self, doc_id: int, by: str, made: list[list[int]]) -> str:
        key = secrets.token_urlsafe(12)
        with self._jobs_lock:
            self._replaces[key] = (doc_id, by, [(s, v) for s, v in made])
            while len(self._replaces) > KEPT_REPLACES:
                self._replaces.popitem(last=False)
        return key

    def undo_replace(self, doc_id: int, replace_id: str, name: str) -> dict:
        """Take back the replace the server recorded under `replace_id` (the answer to
        Replace all carried it): each segment it changed goes back one step, unless
        someone changed it since (those are named and left as they are). Only the person
        who made the replace can take it back, once; each step is checked as any change
        (`may_change`), so nothing approved is reopened by a role that may not."""
        who = self.allow(name, "edit", "undoing a replace")
        with self._jobs_lock:
            record = self._replaces.get(replace_id) if isinstance(replace_id, str) else None
            if record is None or record[0] != doc_id or record[1] != who.name:
                raise TransbenchError(
                    "nothing to undo: that replace was already taken back, was not yours, "
                    "or the editor has restarted since"
                )
            del self._replaces[replace_id]
        undone, changed_since, refused = [], [], []
        for seg_id, version in record[2]:
            if self.workspace.segment(doc_id, seg_id).version != version:
                changed_since.append(seg_id)
                continue
            try:
                self.workspace.undo(doc_id, seg_id, version, who.name, guard=self.guard(who))
            except VersionConflict:
                changed_since.append(seg_id)
                continue
            except NotAllowed:
                refused.append(seg_id)
                continue
            undone.append(seg_id)
        answer = {"undone": undone, "changed_since": changed_since}
        return answer | ({"refused": refused} if refused else {})

    def _row(self, seg: StoredSegment) -> dict:
        count = self.workspace.open_comments(seg.doc_id, seg.id).get(seg.id, 0)
        return views.row(seg, count)

    def act(
        self,
        action: str,
        doc_id: int,
        seg_id: int,
        version: int,
        editor: str,
        text: str = "",
        confirmed: bool = False,
        origin: str | None = None,
    ) -> dict:
        """One editing action on one segment, as the person's role allows (translators
        confirm, revisers also approve and reopen approved segments); the answer carries
        just that row.

        Saving text that did not change changes nothing (an untouched draft stays a
        draft). Approving text with QA errors needs `confirmed`: without it the text is
        saved and the errors come back under "confirm". A save refused because someone
        else changed the segment comes back under "conflict" with both texts; what this
        person typed is in the history too."""
        if action not in ACTIONS:
            raise TransbenchError(f"unknown action {action}; one of {', '.join(ACTIONS)}")
        needs = "approve" if action == "approve" else "edit"
        who = self.allow(editor, needs, f"the action '{action}'")
        editor, guard = who.name, self.guard(who)
        ws = self.workspace
        try:
            current = ws.segment(doc_id, seg_id)
            changed = text != current.target
            if action in ("save", "confirm", "approve") and changed:
                current = ws.save(doc_id, seg_id, text, version, editor, origin=origin, guard=guard)
                version = current.version
            if action == "save":
                seg, note = current, "saved" if changed else "no change"
            elif action in ("confirm", "approve") and not current.target.strip():
                raise TransbenchError(f"segment {seg_id} has no English: write it, then {action}")
            elif action in ("confirm", "approve"):
                done = "approved" if action == "approve" else "confirmed"
                errors = [f for f in current.qa if f["severity"] == "error"]
                if current.status in (done, "approved"):
                    seg, note = current, current.status
                elif errors and not confirmed:
                    return {"row": self._row(current), "note": "QA errors", "confirm": errors}
                elif action == "approve":
                    seg, note = ws.approve(doc_id, seg_id, version, editor, guard=guard), done
                else:
                    seg, note = ws.confirm(doc_id, seg_id, version, editor, guard), done
            else:
                if current.status != "approved" and text.strip() and changed:
                    # What the person typed is saved first, so it is in the history (and
                    # Undo brings it back) whatever the action does next.
                    version = ws.save(doc_id, seg_id, text, version, editor, guard=guard).version
                if action == "revert":
                    seg = ws.revert_to_draft(doc_id, seg_id, version, editor, guard)
                    note = "reverted"
                elif action == "undo":
                    seg, note = ws.undo(doc_id, seg_id, version, editor, guard), "undone"
                else:
                    seg = self._retranslate(doc_id, seg_id, version, who)
                    note = "re-translated"
        except VersionConflict as exc:
            return {
                "row": self._row(exc.current),
                "note": "not saved",
                "conflict": {"mine": text, "theirs": exc.current.target, "by": exc.changed_by},
            }
        return {"row": self._row(seg), "note": f"segment {seg.id} {note}"}

    def approve_all(self, doc_id: int, editor: str, skip: Sequence[int] = ()) -> str:
        """Approve every drafted segment not yet approved, except those with QA errors, an
        empty English, or a conflict the person is still resolving (`skip`). Segments
        still waiting for a draft are left alone, and bulk approvals stay out of the
        translation memory: only what a person approved one by one goes there."""
        approved, held, empty, waiting, resolving = 0, [], [], 0, []
        who = self.allow(editor, "approve", "approving")
        editor, guard = who.name, self.guard(who)
        for seg in self.workspace.segments(doc_id):
            if seg.status == "approved":
                continue
            if seg.version == 0:
                waiting += 1
            elif seg.id in skip:
                resolving.append(str(seg.id))
            elif not seg.target.strip():
                empty.append(str(seg.id))
            elif any(f["severity"] == "error" for f in seg.qa):
                held.append(str(seg.id))
            else:
                self.workspace.approve(
                    doc_id, seg.id, seg.version, editor, to_memory=False, guard=guard
                )
                approved += 1
        note = f"{approved} segment(s) approved"
        for ids, why in (
            (held, "held back for QA errors"),
            (empty, "no English yet"),
            (resolving, "left for you to resolve the conflict"),
        ):
            if ids:
                note += f"; {why}: {', '.join(ids)}"
        return note + (f"; {waiting} not drafted yet, left alone" if waiting else "")

    def glossary_files(self) -> list[str]:
        """The glossary files the Glossary tab may edit, by name within the served folder."""
        if self.glossary_dir is None:
            return []
        return [p.name for p in collection.resolve([self.glossary_dir])]

    def glossary_file(self, name: str, must_exist: bool = False) -> Path:
        """The file `name` stands for in the served glossary folder; refused unless it is
        a plain .csv file name there whose real location (symlinks followed) is inside."""
        if self.glossary_dir is None:
            raise TransbenchError(
                "this editor serves no glossary folder; start it with -g/--glossary FOLDER"
            )
        name = name.strip()
        if not _GLOSSARY_NAME.fullmatch(name):
            raise TransbenchError(
                "refused: name a glossary by its file name in the glossary folder "
                "(ending in .csv, no folders)"
            )
        root = self.glossary_dir.resolve()
        path = self.glossary_dir / name
        try:
            real, exists = path.resolve(), path.exists()
        except OSError:
            exists, real = False, None
        if real is None or not real.is_relative_to(root) or (exists and not real.is_file()):
            raise TransbenchError(f"refused: {name} is not a glossary file in the glossary folder")
        if must_exist and not exists:
            raise TransbenchError(f"no glossary file named {name}")
        return real

    def save_term(self, name: str, values: Mapping[str, str]) -> str:
        """Add or replace an entry (locked, linted, atomic); matching picks it up at once.
        `values` are columns (`records.COLUMNS`); a column the file lacks is added only
        when it gets a value, so an edit does not rewrite every row for an empty one."""
        path = self.glossary_file(name)
        unknown = set(values) - set(COLUMNS)
        if unknown:
            raise TransbenchError(f"not a glossary column: {', '.join(sorted(unknown))}")
        fields = {c: v.strip() for c, v in values.items()}

        def change(gf) -> None:
            gf.upsert({c: v for c, v in fields.items() if v or c in gf.columns or c == "en"})

        try:
            warnings = edit(path, change, confine_to=self.glossary_dir)
        except GlossaryLintError as exc:
            errors = [f for f in exc.findings if f.severity == "error"]
            return f"NOT SAVED. {path.name}: the edit fails lint:\n" + "\n".join(
                f"  line {f.line}: {f.message} [{f.code}]" for f in errors
            )
        self._reload_glossary()
        extra = "".join(f"\n- line {w.line}: {w.message} [{w.code}]" for w in warnings)
        return f"saved {fields.get('ar', '')} → {fields.get('en', '')} in {path.name}{extra}"

    def delete_term(self, name: str, ar: str) -> str:
        path = self.glossary_file(name, must_exist=True)

        def change(gf) -> None:
            if not gf.remove(ar):
                raise TransbenchError(f"{path.name}: no entry with ar '{ar}'")

        edit(path, change, confine_to=self.glossary_dir)
        self._reload_glossary()
        return f"deleted {ar} from {path.name}"

    def _reload_glossary(self) -> None:
        files = collection.load_files([self.glossary_dir] if self.glossary_dir else None)
        self.pipeline.matcher = Matcher(collection.all_terms(files))
        self.pipeline.glossary_key = collection.fingerprint(files)

    def _retranslate(self, doc_id: int, seg_id: int, version: int, who: Account):
        """A fresh model draft with the glossary as it is now."""
        current = self.workspace.segment(doc_id, seg_id)
        if current.status == "approved":
            raise TransbenchError(
                f"segment {seg_id} is approved; Revert to draft first to re-translate it"
            )
        unit = _unit(current)
        with self._drafting:
            # A fresh model draft: neither the draft cache nor the translation memory.
            saved = self.pipeline.cache, self.pipeline.memory
            self.pipeline.cache = self.pipeline.memory = None
            try:
                (draft,) = self.pipeline.draft([unit])
            finally:
                self.pipeline.cache, self.pipeline.memory = saved
        self.workspace.set_terms(doc_id, seg_id, [t.hit for t in draft.terms])
        return self.workspace.save(
            doc_id,
            seg_id,
            draft.target,
            version,
            who.name,
            "draft",
            "retranslated",
            origin="mt",
            guard=self.guard(who),
        )

    def refresh_terms(self, doc_id: int) -> None:
        """Re-match the glossary on an open document (after a glossary edit)."""
        for s in self.workspace.segments(doc_id):
            hits = (
                self.pipeline.matcher.find(s.source)
                if self.pipeline.matcher and not s.pass_through
                else []
            )
            self.workspace.set_terms(doc_id, s.id, hits)

    def add_form(self, doc_id: int, seg_id: int, name: str, ar: str, form: str) -> str:
        """Add `form`, the English a translator used for the glossary term `ar` of this
        segment, to that entry's accepted alternatives (`en_alternatives`) in the glossary
        file the segment's hit came from: a terminologist's call from the Translate
        screen, through the same lock, lint and atomic write as the Glossary tab. The
        document's highlights and term QA are brought up to date at once.

        Refused: a role without the glossary permission, an empty form, one with Arabic
        letters or a list separator, one the entry already accepts (in any number) or
        forbids, and a term this segment does not have."""
        self.allow(name, "glossary", "adding a form to the glossary")
        form = " ".join(str(form).split())
        if not form:
            raise TransbenchError("refused: no form to add; select it in the English or type it")
        if has_arabic(form):
            raise TransbenchError(f"refused: '{form}' has Arabic letters; a form is English")
        if LIST_SEPARATOR in form or len(form) > MAX_FORM:
            raise TransbenchError(
                f"refused: a form is one English rendering, at most {MAX_FORM} characters, "
                f"without '{LIST_SEPARATOR}'"
            )
        hit = next((t for t in self.workspace.segment(doc_id, seg_id).terms if t["ar"] == ar), None)
        if hit is None:
            raise TransbenchError(f"segment {seg_id} has no glossary term {ar}")
        path = self.glossary_file(self._glossary_of(hit), must_exist=True)

        def change(gf: GlossaryFile) -> None:
            # Read under the file's lock: the entry as it is now, not as it was matched.
            at = gf.index_of(ar)
            if at is None:
                raise TransbenchError(f"{path.name}: no entry {ar} any more")
            row = gf.rows[at]
            term = Term.from_row(row.values or {}, gf.name, row.line)
            if form in accepted(term.en, term.en_alternatives, term.en_derived):
                raise TransbenchError(f"refused: '{form}' is already accepted for {ar}")
            if form.casefold() in {f.casefold() for f in term.en_forbidden}:
                raise TransbenchError(f"refused: '{form}' is a forbidden rendering of {ar}")
            alternatives = (*term.en_alternatives, form)
            gf.upsert({"ar": ar, "en_alternatives": LIST_SEPARATOR.join(alternatives)})

        try:
            edit(path, change, confine_to=self.glossary_dir)
        except GlossaryLintError as exc:
            errors = [f"line {f.line}: {f.message}" for f in exc.findings if f.severity == "error"]
            message = f"NOT SAVED: {path.name} would fail lint: " + "; ".join(errors)
            raise TransbenchError(message) from None
        self._reload_glossary()
        self.refresh_terms(doc_id)
        return f"'{form}' added to the accepted forms of {ar} in {path.name}"

    def _glossary_of(self, hit: dict) -> str:
        """The file a stored hit's entry is in; for a segment stored before hits named their
        glossary, the first file of the served folder that has the entry."""
        if hit.get("glossary"):
            return f"{hit['glossary']}.csv"
        for name in self.glossary_files():
            if GlossaryFile.load(self.glossary_file(name)).index_of(hit["ar"]) is not None:
                return name
        raise TransbenchError(f"no glossary file of the served folder has the entry {hit['ar']}")

    def documents(self, stage: str = "all") -> list[list]:
        """The Documents tab: who works on what, where each stands, how big it is."""
        return [
            [d.id, d.name, d.assignee, d.stage, d.words, f"{d.approved}/{d.segments}", d.model]
            for d in self.workspace.documents()
            if stage in ("all", d.stage)
        ]

    def assign(self, doc_id: int, person: str, name: str) -> str:
        """Give a document to someone (an admin's call); they must have an account."""
        self.allow(name, "documents", "assigning a document")
        person = person.strip()
        if person and self.logins is not None and self.logins.account(person) is None:
            raise TransbenchError(f"{person} has no account in this editor")
        self.workspace.assign(doc_id, person)
        return f"document {doc_id} " + (f"assigned to {person}" if person else "unassigned")

    def export(self, doc_id: int, fmt: str, approved_only: bool) -> str:
        if fmt not in EXPORTERS:
            raise TransbenchError(f"export format must be one of {', '.join(EXPORTERS)}")
        exporter = EXPORTERS[fmt]
        doc = self.workspace.to_bilingual(doc_id, approved_only)
        safe = "".join(c if c.isalnum() or c in "-_" else "_" for c in doc.name) or "document"
        content = exporter.render(doc)
        self.export_dir.mkdir(parents=True, exist_ok=True)
        self._prune_exports()
        path = Path(tempfile.mkdtemp(prefix="export-", dir=self.export_dir)) / (
            f"{safe}{exporter.suffix}"
        )
        path.write_bytes(content)
        return str(path)

    def _prune_exports(self) -> None:
        """Remove earlier exports' folders: those older than EXPORT_MAX_AGE, and all but
        the newest KEPT_EXPORTS (Gradio has long since copied them to its cache)."""
        now = time.time()
        folders = []
        for folder in self.export_dir.glob("export-*"):
            try:
                folders.append((folder.stat().st_mtime, folder))
            except OSError:
                continue  # removed meanwhile by another export
        folders.sort(reverse=True)
        for rank, (mtime, folder) in enumerate(folders):
            if rank >= KEPT_EXPORTS - 1 or now - mtime > EXPORT_MAX_AGE:
                shutil.rmtree(folder, ignore_errors=True)

    def search_glossary(self, query: str) -> list[list]:
        """Matching entries as the Glossary screen lists them: file, line, then every
        column (`records.COLUMNS`)."""
        if not query.strip() or self.glossary_dir is None:
            return []
        files = collection.load_files([self.glossary_dir])
        return [
            [f"{t.glossary}.csv", t.line, *t.values().values()]
            for t in collection.search(files, query)
        ]

    def entry(self, name: str, ar: str) -> dict[str, str] | None:
        """The whole entry for `ar` in a glossary file, every column, so that an edit
        starts from it and never blanks a field."""
        path = self.glossary_file(name, must_exist=True)
        for term in GlossaryFile.load(path).terms():
            if term.ar == ar.strip():
                return term.values()
        return None
