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
    say(el("p", "progress-note", ["This browser does not let the site save answers (in a private window, say), so there are none to show, export or clear."]));
    return;
  }
  root.querySelector(".progress-actions").hidden = false;
  // A line above the list counts the worksheets started and complete.
  const summary = el("p", "progress-summary");
  root.querySelector(".progress-list").before(summary);
  const count = () => {
    const n = (...states) => items.filter((li) => states.includes(li.dataset.state)).length;
    const done = n("complete");
    summary.textContent = n("started", "progress", "complete") + " of " + items.length + " worksheets started" + (done ? ", " + done + " of them complete." : ".");
  };

  // Scoring: each definition is fetched once, and only for a worksheet
  // with answers; run counts renders, so that a slow result of an earlier
  // one is dropped.
  const defs = new Map();
  const definition = (li) => {
    const url = li.dataset.definition;
    if (!defs.has(url)) {
      defs.set(url, fetch(url).then((r) => {
        if (!r.ok) throw new Error("its definition did not download (HTTP " + r.status + ")");
        return r.json();
      }));
    }
    return defs.get(url);
  };
  let run = 0;
  const score = (started) => {
    const mine = ++run;
    if (!started.length || !root.dataset.module) return;
    started.forEach(([li]) => set(li, "result", "Working it out…"));
    const lw = S.loadModule(root.dataset.support, root.dataset.module);
    started.forEach(([li, saved]) => {
      Promise.all([lw, definition(li)]).then(([api, def]) => {
        const reg = api.register(li.dataset.exercise, def);
        if (!reg || reg.error) throw new Error(reg ? reg.error : "the module did not take the worksheet");
        const r = api.score(li.dataset.exercise, saved.answers);
        if (!r || !Array.isArray(r.figures)) throw new Error((r && r.error) || "no result");
        if (mine !== run) return;
        li.dataset.state = r.complete ? "complete" : "progress";
        set(li, "state", r.complete ? "Complete" : "In progress: " + r.answered + " of " + r.total + " answers given");
        set(li, "result", S.headline(r) || "None yet: answer more of the worksheet to see it.");
        count();
      }).catch((e) => {
        if (mine === run) set(li, "result", "Could not be worked out: " + message(e) + ".");
      });
    });
  };

  // use saves answers from another version of a worksheet as this
  // version's, as importing them on its page does: only the questions
  // that still exist are filled in.
  const use = (li, r, after) => {
    if (S.load(li.dataset.exercise, li.dataset.hash) && !window.confirm("Replace your answers to " + title(li) + " with those from another version?")) return;
    if (!S.save(S.record(li.dataset.exercise, li.dataset.hash, r.answers, r.savedAt))) {
      say(el("p", "progress-note", ["Your answers could not be saved: this browser's storage is full or blocked."]));
      return;
    }
    if (after) after();
    render();
    say(el("p", "", ["Your answers to " + title(li) + " from another version are now this version's: open the worksheet to check them, as only the questions it still asks are filled in."]));
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
      set(li, "state", saved ? "Started" : "Not started");
      set(li, "edited", saved ? time(saved.savedAt) : "–");
      set(li, "result", "–");
      if (saved) started.push([li, saved]);
      // Answers saved under an earlier definition are not restored by the
      // worksheet's page, whose questions changed: say so, and offer them.
      const older = all.filter((r) => r.exercise === id && r.hash !== hash).sort((a, b) => (a.savedAt < b.savedAt ? 1 : -1))[0];
      if (older && !saved) {
        li.append(el("p", "progress-older", [
          "You also have answers to another version of this worksheet, last edited ", time(older.savedAt),
          ", which its page no longer shows. ",
          button("Use them", () => use(li, older, () => S.remove(id, older.hash))),
        ]));
      }
    });
    count();
    score(started);
  };

  const exportAll = () => {
    const worksheets = S.all().map((r) => ({ exercise: r.exercise, hash: r.hash, savedAt: r.savedAt, answers: r.answers }));
    if (!worksheets.length) {
      say(el("p", "", ["There are no answers in this browser to export yet."]));
      return;
    }
    const now = new Date();
    const file = { format: FORMAT, version: VERSION, site: root.dataset.site, exportedAt: now.toISOString(), worksheets };
    S.download("worksheet-answers-" + now.toISOString().slice(0, 10) + ".json", "application/json", JSON.stringify(file, null, 2) + "\n");
    say(el("p", "", ["Exported your answers to " + worksheets.length + (worksheets.length === 1 ? " worksheet." : " worksheets.")]));
  };

  // entries returns a file's answer sets, and the file: the progress
  // page's file, or one worksheet's Export JSON.
  const entries = (text) => {
    let d;
    try {
      d = JSON.parse(text);
    } catch (e) {
      throw new Error("it is not a JSON file");
    }
    if (S.valid(d)) return [[d], {}];
    if (!d || d.format !== FORMAT) throw new Error("it is not a file of worksheet answers");
    if (d.version !== VERSION) throw new Error("it is in a format this site does not read (version " + String(d.version) + ")");
    if (!Array.isArray(d.worksheets)) throw new Error("it holds no worksheet answers");
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
    if (replaced.length && !window.confirm("Replace your answers in this browser to " +
      replaced.map((w) => title(byId.get(w.exercise))).join(", ") + " with those in " + file.name + "?")) {
      say(el("p", "", ["Import cancelled: nothing was changed."]));
      return;
    }
    const failed = load.filter((w) => !S.save(S.record(w.exercise, w.hash, w.answers, isNaN(Date.parse(w.savedAt)) ? "" : w.savedAt)));
    render();
    const names = [...new Set(load.map((w) => title(byId.get(w.exercise))))];
    const out = [el("p", "", [names.length
      ? "Imported your answers to " + names.length + (names.length === 1 ? " worksheet" : " worksheets") + " from " + file.name + ": " + names.join(", ") + "."
      : "Nothing was imported from " + file.name + "."])];
    const notes = [];
    if (failed.length) notes.push(el("li", "", ["Some answers could not be saved: this browser's storage is full or blocked."]));
    other.forEach(([li, w]) => {
      const b = button("Use them anyway", () => use(li, w));
      notes.push(el("li", "", ["Not loaded: your answers to " + title(li) + ", last edited ", time(w.savedAt),
        ", were saved from another version of this worksheet, whose questions differ. ", b]));
    });
    if (typeof d.site === "string" && d.site !== root.dataset.site) notes.push(el("li", "", ["The file was exported from another site, " + d.site + "."]));
    if (unknown.length) notes.push(el("li", "", ["Not loaded: answers to worksheets this site does not have (" + [...new Set(unknown)].join(", ") + ")."]));
    if (invalid) notes.push(el("li", "", ["Skipped " + invalid + (invalid === 1 ? " entry that is" : " entries that are") + " not a worksheet's answers."]));
    if (notes.length) out.push(el("ul", "", notes));
    say(...out);
  }).catch((e) => say(el("p", "progress-note", ["Could not import " + file.name + ": " + message(e) + ". Nothing was changed."])));

  const clearAll = () => {
    if (!S.all().length) {
      say(el("p", "", ["There are no answers in this browser to clear."]));
      return;
    }
    if (!window.confirm("Clear your answers to every worksheet in this browser? This cannot be undone: export them first to keep a copy.")) return;
    S.clear();
    render();
    say(el("p", "", ["Cleared all your answers in this browser."]));
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
