// The segment list of the Translate screen: a CAT editor inside one gr.HTML component.
// Gradio runs this once per page with `element`, `props`, `server` and `watch` defined.
// Everything from the server is put on screen as text nodes, never as HTML.
const root = element.querySelector(".tb-editor");
const list = root.querySelector(".tb-list");
const panel = root.querySelector(".tb-panel");
const meter = root.querySelector(".tb-progress");
const message = root.querySelector(".tb-message");
const filter = root.querySelector(".tb-filter");
const STATUS = {waiting: "waiting for draft", draft: "draft", edited: "edited", confirmed: "confirmed", approved: "approved"};
const STAGES = ["approved", "confirmed", "edited", "draft", "waiting"];
const EMPTY = "Paste an article above and press Translate, or open one from the Documents tab.";
const state = {
  doc: null, name: "", rows: new Map(), order: [],
  // The segment being edited: its text as typed, the text and version last saved.
  active: null, edit: null, details: null,
  confirm: null, approving: false, conflicts: new Map(), queue: Promise.resolve(),
  polling: null,
  // What this person's role may do (the server checks every request anyway): a translator
  // confirms with Ctrl+Enter and cannot change approved segments; a reviser approves.
  can: {edit: true, approve: true},
  // The last concordance search, kept while moving from segment to segment.
  concordance: {query: "", hits: null},
  // The form a terminologist is adding to a term of the active segment ({doc, id, entry,
  // value}), kept while the panel is redrawn.
  adding: null,
};

// Who is working, in what role, and the way out (on a shared editor with accounts).
function showWho() {
  const who = root.querySelector(".tb-who");
  if (!state.can.accounts) { who.replaceChildren(); return; }
  // A POST from this page: the server refuses a logout any other site could send (a GET).
  const out = el("form", "tb-logout");
  out.method = "post";
  out.action = "logout";
  out.append(el("button", "tb-link", "Log out"));
  who.replaceChildren(el("span", null, state.can.user + " (" + state.can.role + ") · "), out);
}

function locked(r) {
  return r.status === "approved" && !state.can.approve;
}

// Where Ctrl+Enter takes you: the next segment still to do for this role.
function done(r) {
  return r.pass || r.status === "approved" || (!state.can.approve && r.status === "confirmed");
}

// Conflicts are kept per document and segment, so opening another document loses none.
function key(id, doc) {
  return (doc || state.doc) + ":" + id;
}

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

// Server work runs one piece after another, and each piece reads the state when its turn
// comes: a save never overtakes the one before it, nor carries a version that one changed.
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
    mark.title = "glossary term " + n + (n <= 9 ? " (Ctrl+" + n + " inserts it)" : "");
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
  if (state.conflicts.has(key(r.id))) node.append(el("span", "tb-qa tb-qa-error", "not saved"));
  if (r.comments) {
    const c = el("span", "tb-comments", "✉ " + r.comments);
    c.title = r.comments + " open comment(s): see the panel";
    node.append(c);
  }
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
  // Read-only rather than disabled, so the keys (Ctrl+↓ …) still work there.
  box.readOnly = r.status === "waiting" || r.pass || locked(r) || !state.can.edit;
  box.placeholder = r.status === "waiting" ? "waiting for the draft…" : "";
  box.addEventListener("input", () => { state.edit.text = box.value; fit(box); });
  box.addEventListener("keydown", onKey);
  // Focus leaving the list (another tab, the panel's buttons) saves too.
  box.addEventListener("blur", (ev) => {
    if (!ev.relatedTarget || !list.contains(ev.relatedTarget)) leave();
  });
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
  const editable = r.status !== "waiting" && !r.pass && !locked(r) && state.can.edit;
  if (typing && typing.readOnly === !editable) {
    old.dataset.status = r.status;
    old.replaceChild(sourceNode(r), old.children[1]);
    old.replaceChild(metaNode(r), old.children[3]);
    if (typing.value !== state.edit.text) { typing.value = state.edit.text; fit(typing); }
  } else {
    const focused = typing && document.activeElement === typing;
    const fresh = rowNode(r);
    old.replaceWith(fresh);
    const b = fresh.querySelector("textarea");
    if (b) { fit(b); if (focused || document.activeElement === document.body) b.focus(); }
  }
  applyFilter(nodeOf(id));
}

function showProgress() {
  const totals = Object.fromEntries(STAGES.map((k) => [k, [0, 0]]));
  for (const r of state.rows.values()) {
    if (r.pass) continue;
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
    Math.round(100 * totals.approved[1] / words) + "%) · " +
    STAGES.filter((k) => totals[k][0])
      .map((k) => totals[k][0] + " " + k).join(", "));
  const bar = el("div", "tb-bar");
  for (const k of STAGES) {
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

// The component's value names the document to show (or one that was deleted).
function load(value) {
  if (!value) return;
  if (value.deleted) {
    if (state.doc === null || value.deleted === state.doc) {
      clear(value.note || "Document " + value.deleted + " was deleted.");
    }
    return;
  }
  if (!value.doc) return;
  if (value.note) say(value.note);
  leave();  // typing in the document on screen is saved before another replaces it
  queued(async () => {
    const view = await server.view({doc: value.doc});
    if (view.rows) { rebuild(view); showProgress(); watchDrafting(view); }
    return view;
  });
}

function clear(note) {
  state.doc = state.active = state.edit = state.details = null;
  state.rows = new Map();
  state.order = [];
  list.replaceChildren(el("p", "tb-hint", EMPTY));
  panel.replaceChildren(el("p", "tb-hint", "Click a segment to edit it."));
  meter.replaceChildren();
  history.replaceState(null, "", location.pathname);
  say(note);
}

// The whole document: the row being edited keeps its node, so typing and the cursor
// survive a refresh (the end of drafting, a glossary edit).
function rebuild(view) {
  if (view.doc !== state.doc) {
    state.active = state.edit = state.details = null;
    panel.replaceChildren(el("p", "tb-hint", "Click a segment to edit it."));
  }
  state.doc = view.doc;
  state.name = view.name;
  if (view.can) {
    state.can = view.can;
    showWho();
  }
  root.querySelector(".tb-approve-all").hidden = !state.can.approve;
  // A reload comes back to the same document.
  history.replaceState(null, "", location.pathname + "?doc=" + view.doc);
  state.rows = new Map(view.rows.map((r) => [r.id, r]));
  state.order = view.rows.map((r) => r.id);
  if (state.active !== null && !state.rows.has(state.active)) state.active = state.edit = null;
  const keep = state.active !== null ? nodeOf(state.active) : null;
  const nodes = view.rows.map((r) => (keep && r.id === state.active ? keep : rowNode(r)));
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

// While the server drafts the document, ask every second for the rows still waiting.
function watchDrafting(view) {
  clearTimeout(state.polling);
  const waiting = () => state.order.filter((id) => state.rows.get(id).status === "waiting");
  if (view.failed) say(view.failed, "error");
  if (!view.drafting || !waiting().length) {
    if (!view.failed && !waiting().length && message.textContent.includes("drafting")) {
      say("document " + view.doc + ": every segment drafted");
    }
    return;
  }
  const doc = view.doc;
  state.polling = setTimeout(() => queued(async () => {
    if (doc !== state.doc) return {};
    const ids = waiting();
    const res = await server.rows({doc: doc, ids: ids});
    if (doc !== state.doc || !res.rows) return res;
    for (const r of res.rows) {
      state.rows.set(r.id, r);
      if (r.id === state.active) syncEdit(r);
      redraw(r.id);
      if (r.id === state.active) refreshPanel();
    }
    showProgress();
    const left = waiting().length;
    if (left && res.drafting) say("drafting: " + left + " segment(s) still waiting");
    else if (!left) say("document " + doc + ": every segment drafted");
    watchDrafting({doc: doc, drafting: res.drafting && left > 0, failed: res.failed});
    return res;
  }), 1000);
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

function dirty(e) {
  e = e || state.edit;
  return !!e && e.text !== e.base;
}

// One action on a segment, with the text of `edit` (by default the segment being edited)
// as it is when the action's turn comes.
function act(action, extra, edit) {
  const e = edit || state.edit;
  return queued(async () => {
    if (action === "save" && !dirty(e)) return {};
    const sent = e.text;
    const res = await server.act(Object.assign({
      doc: e.doc, seg: e.id, version: e.version, action: action, text: sent, origin: e.origin,
    }, extra || {}));
    if (!res.row) return res;
    if (res.conflict) {
      state.conflicts.set(key(e.id, e.doc), res.conflict);
      say("Segment " + res.row.id + (e.doc === state.doc ? "" : " of document " + e.doc) +
          " was NOT saved: " + res.conflict.by + " changed it first. Both texts are " +
          "beside the segment; choose one.", "error");
    }
    if (e.doc !== state.doc) return res;  // saved in a document no longer on screen
    state.rows.set(res.row.id, res.row);
    e.version = res.row.version;
    e.base = res.row.target;
    if (res.conflict) {
      e.base = e.text;  // what is in the box is the person's, not to be saved unasked
    } else {
      state.conflicts.delete(key(res.row.id));
      if (!res.confirm && e.text === sent) e.text = res.row.target;
      e.origin = null;
      if (!res.confirm) say(res.note);
    }
    redraw(res.row.id);
    showProgress();
    if (state.active === res.row.id) refreshPanel(res);
    return res;
  });
}

// Leaving a segment saves what was typed: nothing typed is ever lost. The save runs in
// the background (in order with the others), so the next segment opens at once. After a
// conflict the typing is kept beside the two texts until the person chooses.
function leave() {
  const e = state.edit;
  const r = e && state.rows.get(e.id);
  if (!r || r.status === "waiting" || r.pass) return;
  const conflict = state.conflicts.get(key(e.id, e.doc));
  if (conflict) conflict.mine = e.text;
  else if (dirty(e)) act("save", null, e);
}

function refuseOnConflict() {
  if (!state.conflicts.has(key(state.active))) return false;
  say("Segment " + state.active + " was changed by someone else: choose 'Save mine over " +
      "theirs' or 'Take theirs' in the panel first.", "error");
  return true;
}

function activate(id, focus) {
  if (!state.rows.has(id)) return;
  if (id === state.active) { const b = box(); if (b && focus !== false) b.focus(); return; }
  leave();
  const before = state.active;
  const r = state.rows.get(id);
  state.active = id;
  state.confirm = null;
  state.details = null;
  state.edit = {doc: state.doc, id: id, text: r.target, base: r.target, version: r.version, origin: null};
  const conflict = state.conflicts.get(key(id));
  if (conflict) state.edit.text = conflict.mine;
  if (before !== null) redraw(before);
  redraw(id);
  nodeOf(id).scrollIntoView({block: "nearest"});
  const b = box();
  if (b) { fit(b); if (focus !== false) { b.focus(); b.setSelectionRange(b.value.length, b.value.length); } }
  refreshPanel();
}

function step(delta, unconfirmedOnly) {
  const at = state.order.indexOf(state.active);
  for (let i = at + delta; i >= 0 && i < state.order.length; i += delta) {
    const r = state.rows.get(state.order[i]);
    const node = nodeOf(r.id);
    if (node && node.hidden) continue;
    if (unconfirmedOnly && done(r)) continue;
    return r.id;
  }
  return null;
}

function move(delta, unconfirmedOnly) {
  const next = step(delta, unconfirmedOnly);
  if (next === null) {
    leave();
    const all = state.can.approve ? "Every segment is approved." : "Every segment is confirmed or approved.";
    say(unconfirmedOnly ? all : "No more segments that way.");
    return;
  }
  activate(next);
}

// Put text into the box at the cursor the way typing would (the box's own undo works).
function insert(text, replaceAll) {
  const b = box();
  if (!b || b.readOnly) return;
  b.focus();
  if (replaceAll) b.select();
  if (!document.execCommand("insertText", false, text)) {
    b.setRangeText(text, b.selectionStart, b.selectionEnd, "end");
  }
  state.edit.text = b.value;
  fit(b);
}

// Approve (a reviser) or confirm (a translator) the text in the box; text with QA errors
// needs a second Ctrl+Enter on that same text. A second Ctrl+Enter while the first is on
// its way does nothing.
async function approve() {
  if (state.approving || refuseOnConflict()) return;
  const id = state.active;
  const r = state.rows.get(id);
  if (!r || r.pass || r.status === "waiting" || locked(r) || !state.can.edit) return;
  const action = state.can.approve ? "approve" : "confirm";
  state.approving = true;
  try {
    const c = state.confirm;
    const confirmed = !!c && c.id === id && c.text === state.edit.text;
    const res = await act(action, {confirmed: confirmed});
    if (res.confirm) {
      state.confirm = {id: id, text: state.edit.text};
      say("Segment " + id + " has QA errors: press Ctrl+Enter again (or " + action + " anyway) to " + action + " it.", "error");
      return;
    }
    if (res.row && done(res.row) && state.active === id) move(1, true);
  } finally {
    state.approving = false;
  }
}

function onKey(e) {
  const ctrl = e.ctrlKey || e.metaKey;
  let handled = true;
  if (e.key === "Enter" && ctrl) approve();
  else if (e.key === "Enter" && !e.shiftKey && !e.altKey) move(1, false);
  else if (ctrl && e.key === "ArrowDown") move(1, false);
  else if (ctrl && e.key === "ArrowUp") move(-1, false);
  else if (ctrl && (e.key === "i" || e.key === "I") && !e.shiftKey) insert(state.rows.get(state.active).source, true);
  else if (ctrl && (e.key === "k" || e.key === "K")) {
    // Concordance for what is selected in the English (or, with nothing selected, ask).
    const b = e.target;
    const picked = b.value.slice(b.selectionStart, b.selectionEnd).trim();
    const input = panel.querySelector(".tb-concordance input");
    if (input) {
      // The box takes the keys at once: what is typed next refines the search, and never
      // lands in the translation.
      input.value = picked || input.value;
      input.focus();
      input.setSelectionRange(input.value.length, input.value.length);
    }
    lookUp(picked || state.concordance.query);
  }
  else if (ctrl && /^[1-9]$/.test(e.key)) {
    // From the row itself, so the terms are this segment's even before its panel loads.
    const term = state.rows.get(state.active).terms[Number(e.key) - 1];
    if (term) insert(term, false);
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

function pairNode(title, text) {
  const side = el("div", null);
  side.append(el("h5", null, title), el("pre", null, text));
  return side;
}

async function refreshPanel(res) {
  const id = state.active;
  if (id === null) return;
  const details = await call("details", {doc: state.doc, seg: id});
  if (!details.row || state.active !== id) return;
  renderPanel(details, res);
}

function when(at) {
  return new Date(at * 1000).toLocaleString();
}

// Revision marks: what was taken out struck through, what was put in underlined.
function marked(pieces) {
  const node = el("div", "tb-diff");
  node.dir = "ltr";
  for (const [kind, text] of pieces) {
    node.append(kind === "=" ? text : el(kind === "-" ? "del" : "ins", null, text));
  }
  return node;
}

async function comment(data) {
  const id = state.active;
  const details = await call("comment", Object.assign({doc: state.doc, seg: id}, data));
  if (!details.row || state.active !== id) return;
  const input = panel.querySelector(".tb-comment-input");
  if (input && data.text !== undefined) input.value = "";
  const r = state.rows.get(id);
  r.comments = details.row.comments;
  redraw(id);
  renderPanel(details);
}

function commentsSection(details) {
  const items = details.comments.map((c) => {
    const item = el("div", "tb-comment" + (c.resolved_by ? " tb-resolved" : ""));
    item.append(el("div", "tb-comment-head", c.author + " · " + when(c.at) +
      (c.resolved_by ? " · resolved by " + c.resolved_by : "")));
    const text = el("p", null, c.text);
    text.dir = "auto";
    item.append(text);
    if (!c.resolved_by) item.append(button("Resolve", "mark this query answered", () => comment({resolve: c.id})));
    return item;
  });
  const box = el("textarea", "tb-comment-input");
  box.rows = 2;
  box.placeholder = "A query or an answer for this segment…";
  box.setAttribute("aria-label", "New comment");
  box.dir = "auto";
  const add = button("Add comment", "shown to everyone working on this document", () => {
    if (box.value.trim()) comment({text: box.value});
  });
  return section("Comments", [...items, box, add]);
}

function historySection(details) {
  const all = el("details", "tb-history");
  all.append(el("summary", null, "History (" + details.history.length + ")"));
  for (const h of details.history) {
    const item = el("div", "tb-history-item");
    item.append(el("div", "tb-comment-head", when(h.at) + " · " + h.editor + " · " + h.action +
      (h.status !== h.action ? " (" + h.status + ")" : "")));
    const text = el("p", null, h.target);
    text.dir = "ltr";
    item.append(text);
    all.append(item);
  }
  return all;
}

// Only the results are redrawn, never the search box (what is typed there stays).
async function lookUp(query) {
  state.concordance.query = query;
  if (query.trim().length < 2) {
    state.concordance.hits = null;
  } else {
    const res = await call("concordance", {query: query});
    if (res.hits) state.concordance.hits = res.hits;
  }
  const results = panel.querySelector(".tb-concordance-results");
  if (results) results.replaceWith(concordanceResults());
}

function highlighted(text, marks, dir) {
  const node = el("div", null);
  node.dir = dir;
  let pos = 0;
  for (const [start, end] of marks) {
    node.append(text.slice(pos, start), el("mark", null, text.slice(start, end)));
    pos = end;
  }
  node.append(text.slice(pos));
  return node;
}

function concordanceSection() {
  const s = section("Concordance", []);
  s.classList.add("tb-concordance");
  const input = el("input");
  input.type = "search";
  input.dir = "auto";
  input.placeholder = "Arabic or English (Ctrl+K on a selection)";
  input.setAttribute("aria-label", "Concordance search");
  input.value = state.concordance.query;
  input.addEventListener("keydown", (e) => { if (e.key === "Enter") lookUp(input.value); });
  s.append(input, concordanceResults());
  return s;
}

function concordanceResults() {
  const box = el("div", "tb-concordance-results");
  const hits = state.concordance.hits;
  if (state.concordance.query && state.concordance.query.trim().length < 2) {
    box.append(el("p", "tb-hint", "Type at least two letters."));
  } else if (hits && !hits.length) {
    box.append(el("p", "tb-hint", "Not found in the memory or in confirmed segments."));
  }
  for (const h of hits || []) {
    const item = el("div", "tb-tm-item");
    const where = el("div", "tb-comment-head");
    where.append(el("bdi", null, h.where));  // an Arabic document name keeps its number after it
    item.append(where, highlighted(h.source, h.source_marks, "rtl"), highlighted(h.target, h.target_marks, "ltr"));
    box.append(item);
  }
  return box;
}

// QA finds a term missing, but the English has it in a form the glossary does not know
// yet: one with the glossary permission adds that form (selected in the English, or typed)
// to the term's entry as an accepted alternative, without leaving the segment.
function addFormNode(t) {
  const a = state.adding;
  if (!a || a.doc !== state.doc || a.id !== state.active || a.entry !== t.entry) {
    return button("+ Add a form", "QA finds this term missing: add the English selected in " +
      "the box (or type it) to the glossary as an accepted form of it", () => {
      const b = box();
      const picked = b ? b.value.slice(b.selectionStart, b.selectionEnd).trim() : "";
      state.adding = {doc: state.doc, id: state.active, entry: t.entry, value: picked};
      renderPanel(state.details);
      const input = panel.querySelector(".tb-add-form input");
      if (input) { input.focus(); input.select(); }
    }, "tb-add-form-open");
  }
  const form = el("div", "tb-add-form");
  const input = el("input");
  input.type = "text";
  input.dir = "ltr";
  input.lang = "en";
  input.value = a.value;
  input.placeholder = "the English used here for it";
  input.setAttribute("aria-label", "Form of " + t.en + " to add to the glossary");
  input.addEventListener("input", () => { a.value = input.value; });
  const cancel = () => { state.adding = null; renderPanel(state.details); };
  input.addEventListener("keydown", (e) => {
    if (e.key === "Enter") { e.preventDefault(); addForm(a); }
    else if (e.key === "Escape") { e.preventDefault(); cancel(); }
  });
  form.append(input,
    button("Add to glossary", "an accepted form of " + t.en + " from now on" +
      (t.glossary ? ", in " + t.glossary + ".csv" : ""), () => addForm(a), "tb-primary"),
    button("Cancel", "", cancel));
  return form;
}

async function addForm(a) {
  if (!a.value.trim()) { say("Select the form in the English, or type it.", "error"); return; }
  const res = await call("add_form", {doc: a.doc, seg: a.id, ar: a.entry, form: a.value});
  if (!res.view) return;
  if (state.adding === a) state.adding = null;
  say(res.note);
  // The document's terms and QA as they are now: the finding is gone.
  if (a.doc === state.doc) { rebuild(res.view); showProgress(); }
}

function renderPanel(details, res) {
  const id = state.active;
  state.details = details;
  const r = state.rows.get(id);
  const parts = [];
  const head = el("div", "tb-panel-head");
  head.append(el("strong", null, "Segment " + id), el("span", "tb-status tb-" + r.status, STATUS[r.status]));
  if (r.origin) head.append(el("span", "tb-origin", r.origin));
  parts.push(head);
  const actions = el("div", "tb-actions");
  if (!r.pass && r.status !== "waiting" && !locked(r) && state.can.edit) {
    actions.append(
      state.can.approve
        ? button("✓ Approve", "Ctrl+Enter: approve and go to the next unapproved segment", approve, "tb-primary")
        : button("✓ Confirm", "Ctrl+Enter: confirm and go to the next unconfirmed segment", approve, "tb-primary"),
      button("Copy source", "Ctrl+I", () => insert(r.source, true)),
      button("Re-translate", "a fresh model draft with the glossary as it is now", () => {
        say("re-translating segment " + id + "…");
        act("retranslate");
      }),
      button("Revert to draft", "back to the machine draft (what you typed stays in the history)", () => act("revert")),
      button("Undo", "back one change; again for the one before", () => act("undo")),
    );
  }
  if (locked(r)) actions.append(el("p", "tb-hint", "Approved: a reviser reopens it if it needs a change."));
  parts.push(actions);
  const conflict = state.conflicts.get(key(id));
  if (conflict) {
    const c = el("div", "tb-conflict");
    c.append(el("p", null, conflict.by + " changed this segment while you were editing it; your text was not saved over theirs (it is in the history too)."));
    const pair = el("div", "tb-pair");
    pair.append(pairNode("Yours (in the box)", state.edit.text), pairNode("Theirs (saved)", conflict.theirs));
    c.append(pair,
      button("Save mine over theirs", "", () => {
        state.conflicts.delete(key(id));
        state.edit.base = conflict.theirs;
        act("save");
      }),
      button("Take theirs", "", () => {
        state.conflicts.delete(key(id));
        insert(conflict.theirs, true);
        state.edit.base = conflict.theirs;
        redraw(id);
        refreshPanel();
      }));
    parts.push(c);
  }
  if (res && res.confirm) {
    const c = el("div", "tb-confirm");
    const verb = state.can.approve ? "Approve" : "Confirm";
    c.append(el("p", null, "This text has QA errors. " + verb + " it anyway?"));
    for (const f of res.confirm) c.append(el("p", "tb-finding tb-error", f.check + ": " + f.message));
    c.append(button(verb + " anyway", "or press Ctrl+Enter again", approve, "tb-primary"));
    parts.push(c);
  }
  const terms = details.terms.map((t) => {
    const item = el("div", "tb-term-item");
    const go = button(t.n + "  " + t.en, t.n <= 9 ? "click or Ctrl+" + t.n + " to insert" : "click to insert", () => insert(t.en, false), "tb-insert");
    const src = el("span", "tb-term-ar", t.ar);
    src.dir = "rtl"; src.lang = "ar";
    item.append(go, src);
    if (t.number) item.append(el("span", "tb-number", t.number));
    if (t.alternatives.length) item.append(el("span", "tb-also", "also: " + t.alternatives.join(", ")));
    if (t.forbidden.length) item.append(el("span", "tb-forbidden", "not: " + t.forbidden.join(", ")));
    if (t.enforce !== "hard") item.append(el("span", "tb-also", t.enforce));
    if (t.missing && state.can.glossary) item.append(addFormNode(t));
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
  if (details.changes.length) {
    parts.push(section("Changes", details.changes.flatMap((c) => [el("h5", null, "since " + c.since), marked(c.pieces)])));
  }
  parts.push(commentsSection(details), concordanceSection(), historySection(details));
  // A redraw (after the segment was saved on leaving it for the comment box, say) keeps
  // what is typed in the panel's own boxes, and the cursor there.
  const kept = {};
  for (const sel of [".tb-comment-input", ".tb-concordance input"]) {
    const old = panel.querySelector(sel);
    if (old) kept[sel] = {value: old.value, focused: document.activeElement === old, at: [old.selectionStart, old.selectionEnd]};
  }
  // The form being added keeps its text in `state.adding`; the box keeps the keys.
  const adding = panel.querySelector(".tb-add-form input");
  const typingForm = !!adding && document.activeElement === adding && [adding.selectionStart, adding.selectionEnd];
  const openHistory = panel.querySelector(".tb-history");
  const wasOpen = !!openHistory && openHistory.open && state.details && state.details.row.id === id;
  panel.replaceChildren(...parts);
  for (const [sel, k] of Object.entries(kept)) {
    const now = panel.querySelector(sel);
    if (!now) continue;
    if (sel === ".tb-comment-input" && !k.value) continue;
    now.value = k.value;
    if (k.focused) { now.focus(); now.setSelectionRange(k.at[0], k.at[1]); }
  }
  if (wasOpen) panel.querySelector(".tb-history").open = true;
  const formBox = panel.querySelector(".tb-add-form input");
  if (typingForm && formBox) { formBox.focus(); formBox.setSelectionRange(...typingForm); }
}

list.addEventListener("click", (e) => {
  if (e.target.closest("textarea")) return;
  const row = e.target.closest(".tb-seg");
  if (row) activate(Number(row.dataset.id));
});
filter.addEventListener("change", () => list.querySelectorAll(".tb-seg").forEach(applyFilter));
root.querySelector(".tb-approve-all").addEventListener("click", async () => {
  if (!state.doc) return;
  leave();
  const doc = state.doc;
  const open = Array.from(state.conflicts.keys())
    .filter((k) => k.startsWith(doc + ":")).map((k) => Number(k.split(":")[1]));
  const res = await call("approve_all", {doc: doc, skip: open});
  if (res.view && doc === state.doc) { rebuild(res.view); showProgress(); say(res.note); }
});
// Find and replace: a preview first (what each segment becomes), then Replace all; Undo
// replace takes back what that replace changed, unless someone changed it since.
const replacer = {
  find: root.querySelector(".tb-find"), with: root.querySelector(".tb-with"),
  matchCase: root.querySelector(".tb-case"), words: root.querySelector(".tb-words"),
  preview: root.querySelector(".tb-replace-preview"), apply: root.querySelector(".tb-apply"),
  undo: root.querySelector(".tb-undo-replace"), made: null,
};

async function replaceCall(extra) {
  if (!state.doc) { say("Open a document first.", "error"); return {}; }
  leave();
  const doc = state.doc;
  const res = await call("replace", Object.assign({
    doc: doc, find: replacer.find.value, replace: replacer.with.value,
    match_case: replacer.matchCase.checked, whole_words: replacer.words.checked,
  }, extra));
  if (res.view && doc === state.doc) { rebuild(res.view); showProgress(); }
  return res;
}

function showPreview(res, done) {
  const items = (res.changes || []).map((c) => {
    const item = el("div", "tb-tm-item");
    item.append(el("div", "tb-comment-head", "segment " + c.id), marked(c.pieces));
    return item;
  });
  const reviewed = (res.changes || []).filter((c) => c.status === "confirmed" || c.status === "approved").length;
  const head = (done ? "Replaced in " : "Would change ") + (res.changes || []).length + " segment(s)" +
    (reviewed ? "; " + reviewed + " of them confirmed or approved " + (done ? "went" : "go") + " back to edited" : "") +
    (res.skipped && res.skipped.length ? "; approved, left for a reviser: " + res.skipped.join(", ") : "");
  replacer.preview.replaceChildren(el("p", "tb-hint", head), ...items);
}

root.querySelector(".tb-preview").addEventListener("click", async () => {
  const res = await replaceCall({apply: false});
  if (!res.changes) return;
  showPreview(res, false);
  replacer.apply.disabled = !res.changes.length;
});
replacer.apply.addEventListener("click", async () => {
  replacer.apply.disabled = true;
  const res = await replaceCall({apply: true});
  if (!res.changes) return;
  showPreview(res, true);
  replacer.made = {doc: state.doc, undo: res.undo};
  replacer.undo.hidden = !res.made.length;
  say(res.made.length + " segment(s) changed; each change is in its history.");
});
replacer.undo.addEventListener("click", async () => {
  if (!replacer.made || replacer.made.doc !== state.doc) return;
  const res = await replaceCall({undo: replacer.made.undo});
  if (!res.undone) return;
  replacer.made = null;
  replacer.undo.hidden = true;
  replacer.preview.replaceChildren();
  say("Replace taken back in " + res.undone.length + " segment(s)" +
    (res.changed_since.length ? "; changed since, left as they are: " + res.changed_since.join(", ") : "") + ".");
});
for (const input of [replacer.find, replacer.with, replacer.matchCase, replacer.words]) {
  input.addEventListener("input", () => { replacer.apply.disabled = true; });
}

// Leaving the page with unsaved typing asks first.
window.addEventListener("beforeunload", (e) => {
  if (dirty() || state.conflicts.size) e.preventDefault();
});

call("whoami", {}).then((can) => { if (can.role) { state.can = can; showWho(); } });
watch("value", () => load(props.value));
if (props.value) load(props.value);
