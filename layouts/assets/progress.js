// The learner's progress page: each worksheet's state from the answers
// saved in this browser (worksheet-store.js, loaded first), its result
// worked out by the scoring module, loaded only when there are answers to
// score; and export, import and clearing of all answers at once. Nothing
// is sent anywhere, and text from storage or a file goes into the page as
// text, never HTML.
(() => {
  "use strict";
  const S = window.latticeworkStore;
  const root = document.querySelector(".progress[data-site]");
  if (!S || !root) return;
  // The file of all answers: each worksheet's as its own Export JSON
  // writes it ({exercise, hash, savedAt, answers}).
  const FORMAT = "latticework-answers", VERSION = 1;
  const items = [...root.querySelectorAll(".progress-item[data-exercise]")];
  const byId = new Map(items.map((li) => [li.dataset.exercise, li]));
  const status = root.querySelector(".progress-status");
  const when = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
  const message = (e) => String((e && e.message) || e);
  // The build puts the page's language's words here (package i18n); fmt
  // fills in their {placeholders}, nodes does so with elements, and a
  // message with forms for one and more ("…|…") is told its count.
  const UI = { unavailable: "This browser does not let the site save answers (in a private window, say), so there are none to show, export or clear.", summary: "{started} of {total} worksheets started.", summaryDone: "{started} of {total} worksheets started, {done} of them complete.", noDownload: "its definition did not download (HTTP {status})", working: "Working it out…", notTaken: "the module did not take the worksheet", noResult: "no result", complete: "Complete", inProgress: "In progress: {answered} of {total} answers given", noneYet: "None yet: answer more of the worksheet to see it.", scoreFailed: "Could not be worked out: {error}.", replaceOlder: "Replace your answers to {title} with those from another version?", saveFailed: "Your answers could not be saved: this browser's storage is full or blocked.", used: "Your answers to {title} from another version are now this version's: open the worksheet to check them, as only the questions it still asks are filled in.", started: "Started", notStarted: "Not started", older: "You also have answers to another version of this worksheet, last edited {time}, which its page no longer shows. ", useThem: "Use them", nothingToExport: "There are no answers in this browser to export yet.", exported: "Exported your answers to {count} worksheet.|Exported your answers to {count} worksheets.", notJSON: "it is not a JSON file", notAnswers: "it is not a file of worksheet answers", version: "it is in a format this site does not read (version {version})", noAnswers: "it holds no worksheet answers", list: ", ", replaceImport: "Replace your answers in this browser to {titles} with those in {file}?", cancelled: "Import cancelled: nothing was changed.", imported: "Imported your answers to {count} worksheet from {file}: {titles}.|Imported your answers to {count} worksheets from {file}: {titles}.", nothingImported: "Nothing was imported from {file}.", useAnyway: "Use them anyway", notLoadedOther: "Not loaded: your answers to {title}, last edited {time}, were saved from another version of this worksheet, whose questions differ. ", otherSite: "The file was exported from another site, {site}.", unknown: "Not loaded: answers to worksheets this site does not have ({ids}).", skipped: "Skipped {count} entry that is not a worksheet's answers.|Skipped {count} entries that are not a worksheet's answers.", importFailed: "Could not import {file}: {error}. Nothing was changed.", nothingToClear: "There are no answers in this browser to clear.", confirmClear: "Clear your answers to every worksheet in this browser? This cannot be undone: export them first to keep a copy.", cleared: "Cleared all your answers in this browser." }; // i18n latticework.progressScript
  const fmt = (s, o) => s.replace(/\{(\w+)\}/g, (m, k) => (k in o ? o[k] : m));
  const nodes = (s, o) => s.split(/(\{\w+\})/).map((p) => (/^\{\w+\}$/.test(p) && p.slice(1, -1) in o ? o[p.slice(1, -1)] : p));
  const counted = (s, o) => { const f = s.split("|"); return fmt(f[o.count === 1 || f.length === 1 ? 0 : 1], o); };

  // el makes an element; strings among kids become text nodes.
  const el = (tag, cls, kids) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    (kids || []).forEach((k) => k != null && k !== "" && e.append(k));
    return e;
  };
  const button = (label, fn) => {
    const b = el("button", "", [label]);
    b.type = "button";
    b.addEventListener("click", fn);
    return b;
  };
  const time = (iso) => {
    const d = new Date(iso);
    if (isNaN(d)) return "–";
    const t = el("time", "", [when.format(d)]);
    t.dateTime = d.toISOString();
    return t;
  };
  const title = (li) => li.querySelector(".progress-title").textContent;
  const set = (li, name, ...kids) => li.querySelector(".progress-" + name).replaceChildren(...kids);
  // say replaces the status line, announced to screen readers.
  const say = (...kids) => status.replaceChildren(...kids);

  if (!S.available) {
    say(el("p", "progress-note", [UI.unavailable]));
    return;
  }
  root.querySelector(".progress-actions").hidden = false;
  // A line above the list counts the worksheets started and complete.
  const summary = el("p", "progress-summary");
  root.querySelector(".progress-list").before(summary);
  const count = () => {
    const n = (...states) => items.filter((li) => states.includes(li.dataset.state)).length;
    const done = n("complete");
    summary.textContent = fmt(done ? UI.summaryDone : UI.summary, { started: n("started", "progress", "complete"), total: items.length, done });
  };

  // Scoring: each definition is fetched once, and only for a worksheet
  // with answers; run counts renders, so that a slow result of an earlier
  // one is dropped.
  const defs = new Map();
  const definition = (li) => {
    const url = li.dataset.definition;
    if (!defs.has(url)) {
      defs.set(url, fetch(url).then((r) => {
        if (!r.ok) throw new Error(fmt(UI.noDownload, { status: r.status }));
        return r.json();
      }));
    }
    return defs.get(url);
  };
  let run = 0;
  const score = (started) => {
    const mine = ++run;
    if (!started.length || !root.dataset.module) return;
    started.forEach(([li]) => set(li, "result", UI.working));
    const lw = S.loadModule(root.dataset.support, root.dataset.module);
    started.forEach(([li, saved]) => {
      Promise.all([lw, definition(li)]).then(([api, def]) => {
        const reg = api.register(li.dataset.exercise, def);
        if (!reg || reg.error) throw new Error(reg ? reg.error : UI.notTaken);
        const r = api.score(li.dataset.exercise, saved.answers);
        if (!r || !Array.isArray(r.figures)) throw new Error((r && r.error) || UI.noResult);
        if (mine !== run) return;
        li.dataset.state = r.complete ? "complete" : "progress";
        set(li, "state", r.complete ? UI.complete : fmt(UI.inProgress, r));
        set(li, "result", S.headline(r) || UI.noneYet);
        count();
      }).catch((e) => {
        if (mine === run) set(li, "result", fmt(UI.scoreFailed, { error: message(e) }));
      });
    });
  };

  // use saves answers from another version of a worksheet as this
  // version's, as importing them on its page does: only the questions
  // that still exist are filled in.
  const use = (li, r, after) => {
    if (S.load(li.dataset.exercise, li.dataset.hash) && !window.confirm(fmt(UI.replaceOlder, { title: title(li) }))) return;
    if (!S.save(S.record(li.dataset.exercise, li.dataset.hash, r.answers, r.savedAt))) {
      say(el("p", "progress-note", [UI.saveFailed]));
      return;
    }
    if (after) after();
    render();
    say(el("p", "", [fmt(UI.used, { title: title(li) })]));
  };

  // render shows each worksheet's state from storage, then scores those
  // with answers.
  const render = () => {
    const all = S.all(), started = [];
    items.forEach((li) => {
      const id = li.dataset.exercise, hash = li.dataset.hash, saved = S.load(id, hash);
      li.querySelectorAll(".progress-older").forEach((e) => e.remove());
      li.querySelector(".progress-facts").hidden = false;
      li.dataset.state = saved ? "started" : "none";
      set(li, "state", saved ? UI.started : UI.notStarted);
      set(li, "edited", saved ? time(saved.savedAt) : "–");
      set(li, "result", "–");
      if (saved) started.push([li, saved]);
      // Answers saved under an earlier definition are not restored by the
      // worksheet's page, whose questions changed: say so, and offer them.
      const older = all.filter((r) => r.exercise === id && r.hash !== hash).sort((a, b) => (a.savedAt < b.savedAt ? 1 : -1))[0];
      if (older && !saved) {
        li.append(el("p", "progress-older", [
          ...nodes(UI.older, { time: time(older.savedAt) }),
          button(UI.useThem, () => use(li, older, () => S.remove(id, older.hash))),
        ]));
      }
    });
    count();
    score(started);
  };

  const exportAll = () => {
    const worksheets = S.all().map((r) => ({ exercise: r.exercise, hash: r.hash, savedAt: r.savedAt, answers: r.answers }));
    if (!worksheets.length) {
      say(el("p", "", [UI.nothingToExport]));
      return;
    }
    const now = new Date();
    const file = { format: FORMAT, version: VERSION, site: root.dataset.site, exportedAt: now.toISOString(), worksheets };
    S.download("worksheet-answers-" + now.toISOString().slice(0, 10) + ".json", "application/json", JSON.stringify(file, null, 2) + "\n");
    say(el("p", "", [counted(UI.exported, { count: worksheets.length })]));
  };

  // entries returns a file's answer sets, and the file: the progress
  // page's file, or one worksheet's Export JSON.
  const entries = (text) => {
    let d;
    try {
      d = JSON.parse(text);
    } catch (e) {
      throw new Error(UI.notJSON);
    }
    if (S.valid(d)) return [[d], {}];
    if (!d || d.format !== FORMAT) throw new Error(UI.notAnswers);
    if (d.version !== VERSION) throw new Error(fmt(UI.version, { version: String(d.version) }));
    if (!Array.isArray(d.worksheets)) throw new Error(UI.noAnswers);
    return [d.worksheets, d];
  };

  const importFile = (file) => file.text().then((text) => {
    const [list, d] = entries(text);
    const load = [], other = [], unknown = [];
    let invalid = 0;
    list.forEach((w) => {
      const li = S.valid(w) && byId.get(w.exercise);
      if (!S.valid(w)) invalid++;
      else if (!li) unknown.push(w.exercise);
      else if (w.hash !== li.dataset.hash) other.push([li, w]);
      else load.push(w);
    });
    // Replacing answers the learner has here asks first.
    const replaced = load.filter((w) => {
      const cur = S.load(w.exercise, w.hash);
      return cur && JSON.stringify(cur.answers) !== JSON.stringify(w.answers);
    });
    if (replaced.length && !window.confirm(fmt(UI.replaceImport,
      { titles: replaced.map((w) => title(byId.get(w.exercise))).join(UI.list), file: file.name }))) {
      say(el("p", "", [UI.cancelled]));
      return;
    }
    const failed = load.filter((w) => !S.save(S.record(w.exercise, w.hash, w.answers, isNaN(Date.parse(w.savedAt)) ? "" : w.savedAt)));
    render();
    const names = [...new Set(load.map((w) => title(byId.get(w.exercise))))];
    const out = [el("p", "", [names.length
      ? counted(UI.imported, { count: names.length, file: file.name, titles: names.join(UI.list) })
      : fmt(UI.nothingImported, { file: file.name })])];
    const notes = [];
    if (failed.length) notes.push(el("li", "", [UI.saveFailed]));
    other.forEach(([li, w]) => {
      const b = button(UI.useAnyway, () => use(li, w));
      notes.push(el("li", "", [...nodes(UI.notLoadedOther, { title: title(li), time: time(w.savedAt) }), b]));
    });
    if (typeof d.site === "string" && d.site !== root.dataset.site) notes.push(el("li", "", [fmt(UI.otherSite, { site: d.site })]));
    if (unknown.length) notes.push(el("li", "", [fmt(UI.unknown, { ids: [...new Set(unknown)].join(UI.list) })]));
    if (invalid) notes.push(el("li", "", [counted(UI.skipped, { count: invalid })]));
    if (notes.length) out.push(el("ul", "", notes));
    say(...out);
  }).catch((e) => say(el("p", "progress-note", [fmt(UI.importFailed, { file: file.name, error: message(e) })])));

  const clearAll = () => {
    if (!S.all().length) {
      say(el("p", "", [UI.nothingToClear]));
      return;
    }
    if (!window.confirm(UI.confirmClear)) return;
    S.clear();
    render();
    say(el("p", "", [UI.cleared]));
  };

  root.addEventListener("click", (e) => {
    const b = e.target.closest("button[data-action]");
    if (b && b.dataset.action === "export") exportAll();
    if (b && b.dataset.action === "clear") clearAll();
  });
  root.addEventListener("change", (e) => {
    // Emptied once read, so that the same file can be imported again.
    if (e.target.dataset.action === "import" && e.target.files.length) {
      importFile(e.target.files[0]);
      e.target.value = "";
    }
  });
  // Answers saved in another tab show up here.
  window.addEventListener("storage", (e) => { if (!e.key || S.owns(e.key)) render(); });
  render();
})();
