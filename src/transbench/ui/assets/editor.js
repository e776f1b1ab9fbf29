// The segment list of the Translate screen: a CAT editor inside one gr.HTML component.
// Gradio runs this once per page with `element`, `props`, `server` and `watch` defined.
// Everything from the server is put on screen as text nodes, never as HTML.
const root = element.querySelector(".tb-editor");
const list = root.querySelector(".tb-list");
const panel = root.querySelector(".tb-panel");
const meter = root.querySelector(".tb-progress");
const message = root.querySelector(".tb-message");
const filter = root.querySelector(".tb-filter");
const STATUS = {waiting: "waiting for draft", draft: "draft", edited: "edited", approved: "approved"};
const state = {
  doc: null, name: "", rows: new Map(), order: [],
  active: null, edit: null, details: null,
  confirm: null, conflicts: new Map(), queue: Promise.resolve(),
};

function el(tag, cls, text) {
  const node = document.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined && text !== null) node.textContent = String(text);
  return node;
}

function button(label, title, onclick, cls) {
  const b = el("button", "tb-btn" + (cls ? " " + cls : ""), label);
  b.type = "button";
  if (title) b.title = title;
  b.addEventListener("click", (e) => { e.stopPropagation(); onclick(); });
  return b;
}

function say(text, kind) {
  message.textContent = text || "";
  message.dataset.kind = kind || "info";
}

// Server work runs one piece after another, so a save never overtakes the one before it
// and new drafts are asked for only once the document they belong to is there.
function queued(work) {
  const run = state.queue.then(work).then((res) => {
    if (res && res.error) say(res.error, "error");
    return res || {};
  }, (err) => { say("The editor could not reach the server: " + err, "error"); return {}; });
  state.queue = run.catch(() => {});
  return run;
}

function call(name, payload) {
  return queued(() => server[name](payload));
}

function sourceNode(r) {
  const node = el("div", "tb-src");
  node.dir = r.pass ? "ltr" : "rtl";
  node.lang = r.pass ? "en" : "ar";
  let pos = 0;
  for (const [start, end, n] of r.marks) {
    if (start < pos) continue;
    node.append(r.source.slice(pos, start));
    const mark = el("mark", "tb-term", r.source.slice(start, end));
    mark.title = "glossary term " + n + " (Ctrl+" + n + " inserts it)";
    node.append(mark);
    pos = end;
  }
  node.append(r.source.slice(pos));
  return node;
}

function metaNode(r) {
  const node = el("div", "tb-meta");
  node.append(el("span", "tb-status tb-" + r.status, STATUS[r.status] || r.status));
  if (r.origin) node.append(el("span", "tb-origin", r.origin));
  const errors = r.qa.filter((f) => f.severity === "error").length;
  const warnings = r.qa.length - errors;
  if (r.qa.length) {
    const qa = el("span", "tb-qa" + (errors ? " tb-qa-error" : ""),
      (errors ? "✖ " + errors : "") + (errors && warnings ? " " : "") + (warnings ? "⚠ " + warnings : ""));
    qa.title = r.qa.map((f) => f.severity + " " + f.check + ": " + f.message).join("\n");
    node.append(qa);
  }
  if (state.conflicts.has(r.id)) node.append(el("span", "tb-qa tb-qa-error", "not saved"));
  return node;
}

function targetNode(r) {
  const cell = el("div", "tb-tgt");
  cell.dir = "ltr";
  cell.lang = "en";
  if (r.id !== state.active) {
    cell.textContent = r.target;
    return cell;
  }
  const box = el("textarea", "tb-input");
  box.rows = 1;
  box.value = state.edit.text;
  box.spellcheck = true;
  box.setAttribute("aria-label", "English for segment " + r.id);
  box.disabled = r.status === "waiting" || r.pass;
  box.placeholder = r.status === "waiting" ? "waiting for the draft…" : "";
  box.addEventListener("input", () => { state.edit.text = box.value; fit(box); });
  box.addEventListener("keydown", onKey);
  cell.append(box);
  return cell;
}

function fit(box) {
  box.style.height = "auto";
  box.style.height = box.scrollHeight + 2 + "px";
}

function rowNode(r) {
  const node = el("div", "tb-seg");
  node.dataset.id = r.id;
  node.dataset.status = r.status;
  if (r.id === state.active) node.classList.add("tb-active");
  if (r.pass) node.classList.add("tb-pass");
  node.append(el("div", "tb-num", r.id), sourceNode(r), targetNode(r), metaNode(r));
  return node;
}

function nodeOf(id) {
  return list.querySelector('.tb-seg[data-id="' + id + '"]');
}

function box() {
  return list.querySelector(".tb-active textarea");
}

// Redraw one row; the active row keeps its text box (and what is typed in it).
function redraw(id) {
  const r = state.rows.get(id);
  const old = nodeOf(id);
  if (!r || !old) return;
  const typing = id === state.active ? box() : null;
  if (typing && !typing.disabled && !(r.status === "waiting")) {
    old.dataset.status = r.status;
    old.replaceChild(sourceNode(r), old.children[1]);
    old.replaceChild(metaNode(r), old.children[3]);
    if (typing.value !== state.edit.text) { typing.value = state.edit.text; fit(typing); }
  } else {
    const fresh = rowNode(r);
    old.replaceWith(fresh);
    const b = fresh.querySelector("textarea");
    if (b) { fit(b); if (document.activeElement === document.body || !document.activeElement) b.focus(); }
  }
  applyFilter(nodeOf(id));
}

function showProgress() {
  const totals = {waiting: [0, 0], draft: [0, 0], edited: [0, 0], approved: [0, 0]};
  for (const r of state.rows.values()) {
    const t = totals[r.status] || (totals[r.status] = [0, 0]);
    t[0] += 1;
    t[1] += r.words;
  }
  const words = Object.values(totals).reduce((a, t) => a + t[1], 0) || 1;
  meter.replaceChildren();
  const name = el("strong", "tb-docname", state.name);
  name.dir = "auto";
  const line = el("span", "tb-counts",
    " approved " + totals.approved[1] + "/" + words + " words (" +
    Math.round(100 * totals.approved[1] / words) + "%) · segments: " +
    ["approved", "edited", "draft", "waiting"].filter((k) => totals[k][0])
      .map((k) => totals[k][0] + " " + k).join(", "));
  const bar = el("div", "tb-bar");
  for (const k of ["approved", "edited", "draft", "waiting"]) {
    const part = el("span", "tb-part tb-" + k);
    part.style.width = (100 * totals[k][1] / words) + "%";
    bar.append(part);
  }
  meter.append(name, line, bar);
}

function applyFilter(node) {
  if (!node) return;
  const r = state.rows.get(Number(node.dataset.id));
  const show = filter.value === "all" ||
    (filter.value === "review" && r.status !== "approved" && !r.pass) ||
    (filter.value === "qa" && r.qa.length > 0);
  node.hidden = !show && r.id !== state.active;
}

// The component's value is a signal: load document `doc` whole, or pick up new drafts.
function load(value) {
  if (!value || !value.doc) return;
  if (value.note) say(value.note);
  if (value.reload || value.doc !== state.doc) {
    queued(async () => {
      const view = await server.view({doc: value.doc});
      if (view.rows) { rebuild(view); showProgress(); }
      return view;
    });
  } else {
    pull(value.doc);
  }
}

// The whole document: the row being edited keeps its node, so typing and the cursor
// survive a refresh (the end of drafting, a glossary edit).
function rebuild(value) {
  const same = value.doc === state.doc;
  if (!same) {
    state.active = state.edit = state.details = null;
    state.conflicts.clear();
    panel.replaceChildren(el("p", "tb-hint", "Click a segment to edit it."));
  }
  state.doc = value.doc;
  state.name = value.name || state.name;
  state.rows = new Map(value.rows.map((r) => [r.id, r]));
  state.order = value.rows.map((r) => r.id);
  if (state.active !== null && !state.rows.has(state.active)) state.active = state.edit = null;
  const keep = state.active !== null ? nodeOf(state.active) : null;
  const nodes = value.rows.map((r) => (keep && r.id === state.active ? keep : rowNode(r)));
  for (const child of Array.from(list.children)) if (child !== keep) child.remove();
  if (keep) {
    const at = nodes.indexOf(keep);
    keep.before(...nodes.slice(0, at));
    keep.after(...nodes.slice(at + 1));
    syncEdit(state.rows.get(state.active));
    redraw(state.active);
    refreshPanel();
  } else {
    list.append(...nodes);
  }
  list.querySelectorAll(".tb-seg").forEach(applyFilter);
}

// Drafts that arrived since: asked for by what is still waiting, so none is missed.
function pull(doc) {
  queued(async () => {
    const waiting = state.order.filter((id) => state.rows.get(id).status === "waiting");
    if (doc !== state.doc || !waiting.length) return {};
    const res = await server.rows({doc: doc, ids: waiting});
    if (doc !== state.doc || !res.rows) return res;
    for (const r of res.rows) {
      state.rows.set(r.id, r);
      if (r.id === state.active) syncEdit(r);
      redraw(r.id);
      if (r.id === state.active) refreshPanel();
    }
    showProgress();
    return res;
  });
}

// New text from the server reaches the box only if the person has not typed since.
function syncEdit(r) {
  const e = state.edit;
  if (!e || !r) return;
  const untouched = e.text === e.base;
  e.base = r.target;
  e.version = r.version;
  if (untouched) e.text = r.target;
}

function dirty() {
  const e = state.edit;
  return !!e && e.text !== e.base;
}

// One action on a segment, with the text of `edit` (by default the segment being edited).
async function act(action, extra, edit) {
  const e = edit || state.edit;
  const payload = Object.assign({
    doc: state.doc, seg: e.id, version: e.version, action: action, text: e.text,
    origin: e.origin,
  }, extra || {});
  const res = await call("act", payload);
  if (!res.row) return res;
  state.rows.set(res.row.id, res.row);
  if (res.conflict) {
    state.conflicts.set(res.row.id, res.conflict);
    e.base = res.row.target;
    e.version = res.row.version;
    say("Segment " + res.row.id + " was NOT saved: " + res.conflict.by +
        " changed it first. Both texts are beside the segment.", "error");
  } else {
    state.conflicts.delete(res.row.id);
    e.version = res.row.version;
    e.base = res.row.target;
    if (!res.confirm && e.text === payload.text) e.text = res.row.target;
    e.origin = null;
    if (!res.confirm) say(res.note);
  }
  redraw(res.row.id);
  showProgress();
  if (state.active === res.row.id) {
    if (res.confirm) state.confirm = res.row.id;
    await refreshPanel(res);
  }
  return res;
}

// Leaving a segment saves what was typed: nothing typed is ever lost. The save runs in
// the background (in order with the others), so the next segment opens at once.
function leave() {
  const e = state.edit;
  const r = e && state.rows.get(e.id);
  if (r && e.text !== e.base && r.status !== "waiting" && !state.conflicts.has(r.id)) {
    act("save", null, e);
  }
}

async function activate(id, focus) {
  if (!state.rows.has(id)) return;
  if (id === state.active) { const b = box(); if (b && focus !== false) b.focus(); return; }
  leave();
  const before = state.active;
  const r = state.rows.get(id);
  state.active = id;
  state.confirm = null;
  state.edit = {id: id, text: r.target, base: r.target, version: r.version, origin: null};
  const conflict = state.conflicts.get(id);
  if (conflict) state.edit.text = conflict.mine;
  if (before !== null) redraw(before);
  redraw(id);
  const node = nodeOf(id);
  node.scrollIntoView({block: "nearest"});
  const b = box();
  if (b) { fit(b); if (focus !== false) { b.focus(); b.setSelectionRange(b.value.length, b.value.length); } }
  await refreshPanel();
}

function step(delta, unconfirmedOnly) {
  const at = state.order.indexOf(state.active);
  for (let i = at + delta; i >= 0 && i < state.order.length; i += delta) {
    const r = state.rows.get(state.order[i]);
    const node = nodeOf(r.id);
    if (node && node.hidden) continue;
    if (r.pass) continue;
    if (unconfirmedOnly && r.status === "approved") continue;
    return r.id;
  }
  return null;
}

async function move(delta, unconfirmedOnly) {
  const next = step(delta, unconfirmedOnly);
  if (next === null) {
    if (dirty()) await act("save");
    say(unconfirmedOnly ? "Every segment is approved." : "No more segments that way.");
    return;
  }
  await activate(next);
}

// Put text into the box at the cursor the way typing would (the box's own undo works).
function insert(text, replaceAll) {
  const b = box();
  if (!b || b.disabled) return;
  b.focus();
  if (replaceAll) b.select();
  if (!document.execCommand("insertText", false, text)) {
    b.setRangeText(text, b.selectionStart, b.selectionEnd, "end");
  }
  state.edit.text = b.value;
  fit(b);
}

async function approve() {
  const confirmed = state.confirm === state.active;
  const res = await act("approve", {confirmed: confirmed});
  if (res.confirm) {
    say("Segment " + res.row.id + " has QA errors: press Ctrl+Enter again (or Approve anyway) to approve it.", "error");
    return;
  }
  if (res.row && res.row.status === "approved") await move(1, true);
}

function onKey(e) {
  const ctrl = e.ctrlKey || e.metaKey;
  let handled = true;
  if (e.key === "Enter" && ctrl) approve();
  else if (e.key === "Enter" && !e.shiftKey && !e.altKey) move(1, false);
  else if (ctrl && e.key === "ArrowDown") move(1, false);
  else if (ctrl && e.key === "ArrowUp") move(-1, false);
  else if (ctrl && (e.key === "i" || e.key === "I") && !e.shiftKey) insert(state.rows.get(state.active).source, true);
  else if (ctrl && /^[1-9]$/.test(e.key)) {
    const term = state.details && state.details.terms[Number(e.key) - 1];
    if (term) insert(term.en, false);
  } else if (e.key === "Escape" && dirty()) {
    insert(state.edit.base, true);
    say("Your changes to segment " + state.active + " were discarded.");
  } else handled = false;
  if (handled) { e.preventDefault(); e.stopPropagation(); }
}

function section(title, children) {
  const s = el("section", "tb-section");
  s.append(el("h4", null, title), ...children);
  return s;
}

async function refreshPanel(res) {
  const id = state.active;
  if (id === null) return;
  const details = await call("details", {doc: state.doc, seg: id});
  if (!details.row || state.active !== id) return;
  state.details = details;
  const r = state.rows.get(id);
  const parts = [];
  const head = el("div", "tb-panel-head");
  head.append(el("strong", null, "Segment " + id), el("span", "tb-status tb-" + r.status, STATUS[r.status]));
  if (r.origin) head.append(el("span", "tb-origin", r.origin));
  parts.push(head);
  const actions = el("div", "tb-actions");
  if (!r.pass && r.status !== "waiting") {
    actions.append(
      button("✓ Approve", "Ctrl+Enter: approve and go to the next unapproved segment", approve, "tb-primary"),
      button("Copy source", "Ctrl+I", () => insert(r.source, true)),
      button("Re-translate", "a fresh model draft with the glossary as it is now", () => act("retranslate")),
      button("Revert to draft", "back to the machine draft", () => act("revert")),
      button("Undo", "back to the text before the last change", () => act("undo")),
    );
  }
  parts.push(actions);
  const conflict = state.conflicts.get(id);
  if (conflict) {
    const c = el("div", "tb-conflict");
    c.append(el("p", null, conflict.by + " changed this segment while you were editing it; your text was not saved over theirs (it is in the history too)."));
    const pair = el("div", "tb-pair");
    const mine = el("div", null); mine.append(el("h5", null, "Yours (in the box)"), el("pre", null, conflict.mine));
    const theirs = el("div", null); theirs.append(el("h5", null, "Theirs (saved)"), el("pre", null, conflict.theirs));
    pair.append(mine, theirs);
    c.append(pair,
      button("Save mine over theirs", "", async () => { state.conflicts.delete(id); await act("save"); }),
      button("Take theirs", "", () => { state.conflicts.delete(id); insert(conflict.theirs, true); state.edit.base = conflict.theirs; redraw(id); refreshPanel(); }));
    parts.push(c);
  }
  if (res && res.confirm) {
    const c = el("div", "tb-confirm");
    c.append(el("p", null, "This text has QA errors. Approve it anyway?"));
    for (const f of res.confirm) c.append(el("p", "tb-finding tb-error", f.check + ": " + f.message));
    c.append(button("Approve anyway", "or press Ctrl+Enter again", approve, "tb-primary"));
    parts.push(c);
  }
  const terms = details.terms.map((t) => {
    const item = el("div", "tb-term-item");
    const go = button(t.n + "  " + t.en, "click or Ctrl+" + t.n + " to insert", () => insert(t.en, false), "tb-insert");
    const src = el("span", "tb-term-ar", t.ar);
    src.dir = "rtl"; src.lang = "ar";
    item.append(go, src);
    if (t.alternatives.length) item.append(el("span", "tb-also", "also: " + t.alternatives.join(", ")));
    if (t.forbidden.length) item.append(el("span", "tb-forbidden", "not: " + t.forbidden.join(", ")));
    if (t.enforce !== "hard") item.append(el("span", "tb-also", t.enforce));
    return item;
  });
  parts.push(section("Terms", terms.length ? terms : [el("p", "tb-hint", "No glossary terms in this segment.")]));
  const tm = details.tm.map((m) => {
    const item = el("div", "tb-tm-item");
    const src = el("div", "tb-tm-src");
    src.dir = "rtl"; src.lang = "ar";
    for (const [text, differs] of m.pieces) src.append(differs ? el("del", null, text) : text);
    const use = button(m.score + "%", "put this translation in the box", () => {
      insert(m.target, true);
      state.edit.origin = "tm:" + m.score;
    }, "tb-score");
    const tgt = el("div", "tb-tm-tgt", m.target);
    tgt.dir = "ltr";
    item.append(use, src, tgt);
    return item;
  });
  parts.push(section("Translation memory", tm.length ? tm : [el("p", "tb-hint", "No matches.")]));
  const qa = r.qa.map((f) => el("p", "tb-finding tb-" + f.severity, f.severity + " · " + f.check + ": " + f.message));
  parts.push(section("QA", qa.length ? qa : [el("p", "tb-hint", "No findings.")]));
  panel.replaceChildren(...parts);
}

list.addEventListener("click", (e) => {
  if (e.target.closest("textarea")) return;
  const row = e.target.closest(".tb-seg");
  if (row) activate(Number(row.dataset.id));
});
filter.addEventListener("change", () => list.querySelectorAll(".tb-seg").forEach(applyFilter));
root.querySelector(".tb-approve-all").addEventListener("click", async () => {
  if (!state.doc) return;
  if (dirty()) await act("save");
  const res = await call("approve_all", {doc: state.doc});
  if (res.view) { rebuild(res.view); showProgress(); say(res.note); }
});
// Leaving the page with unsaved text asks first.
window.addEventListener("beforeunload", (e) => { if (dirty()) e.preventDefault(); });

watch("value", () => load(props.value));
load(props.value);
