// Worksheets: fetches each worksheet's definition, restores and autosaves
// the learner's answers, loads the Go scoring module when a worksheet comes
// near, and shows its feedback as the learner types. The form works and
// prints without this script. Answers stay in this browser, and all text
// goes into the page as text, never HTML.
(() => {
  "use strict";
  // Saving and the scoring module, shared with the progress page:
  // worksheet-store.js, loaded first.
  const S = window.latticeworkStore;
  if (!S) return;
  // Each severity's icon, and the word a screen reader says in its place.
  // The build puts the page's language's words here (package i18n);
  // fmt fills in their {placeholders}.
  const UI = { example: "Fill in the example", exportJSON: "Export JSON", exportMarkdown: "Export Markdown", importJSON: "Import JSON", print: "Print", clear: "Clear answers", noDefinition: "The feedback could not load: the worksheet's definition did not download ({error}). You can still fill in and print the worksheet.", warn: "Warning: ", info: "Note: ", ok: "Good: ", loadFailed: "The feedback could not load: {error}. You can still fill in, export and print the worksheet.", scoreFailed: "The feedback could not be worked out: {error}.", noResult: "no result", leftOut: "Some answers did not fit this worksheet and were left out: {error}", todo: "Still to do", unknown: "not known yet", fromAnswers: "From your answers", partial: " (so far: not everything is rated)", ownRating: "Your own rating", notYet: "Not yet: answer more of the worksheet to see it.", focus: "Where to focus", addressed: "Addressed in {fields}. ", notAddressed: "Not yet addressed in {fields}. ", mentioned: "Mentioned in {fields}.", rated: ", rated {choice}", feedback: "Feedback", notAnswered: "(not answered)", why: "Why", notJSON: "it is not a JSON file", noAnswers: "it holds no worksheet answers", noAnswersHere: "it holds no answers to this worksheet", otherWorksheet: "it holds answers to another worksheet", imported: "Imported your answers from {file}.", importedOld: "Imported {file}, saved from another version of this worksheet: check your answers, as only the questions that still exist were filled in.", importFailed: "Could not import {file}: {error}.", replace: "Replace your answers with the example?", filled: "Filled in the example: {name}.", confirmClear: "Clear all your answers to this worksheet? This cannot be undone.", cleared: "Your answers were cleared.", restored: "Restored the answers you saved in this browser." }; // i18n latticework.worksheetScript
  const fmt = (s, o) => s.replace(/\{(\w+)\}/g, (m, k) => (k in o ? o[k] : m));
  const SEVERITY = { warn: ["⚠", UI.warn], info: ["ℹ", UI.info], ok: ["✓", UI.ok] };
  const ORDER = { warn: 0, info: 1, ok: 2 };

  // el makes an element; strings among kids become text nodes.
  const el = (tag, cls, kids) => {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    (kids || []).forEach((k) => k != null && k !== "" && e.append(k));
    return e;
  };
  const icon = (sev) => {
    const [sym, word] = SEVERITY[sev] || SEVERITY.info;
    const i = el("span", "ws-icon", [sym]);
    i.setAttribute("aria-hidden", "true");
    return [i, " ", el("span", "ws-sr", [word])];
  };
  const num = S.num;
  const message = (e) => String((e && e.message) || e);

  const liveOf = (form) => {
    const results = document.getElementById(form.dataset.results);
    return results && results.querySelector(".ws-live");
  };

  const setup = (form, def) => {
    const id = form.dataset.exercise, hash = form.dataset.hash;
    const live = liveOf(form);
    let fields = [], api, starting, last, scoreTimer, saveTimer;
    (def.sections || []).forEach((s) => { fields = fields.concat(s.fields || []); });
    if (!live) return;
    const field = (fid) => fields.find((f) => f.id === fid) || {};
    // Only the summary and messages are live; the details after them are
    // not, so a screen reader does not read out all the feedback per key.
    const summary = el("p", "ws-summary"), note = el("p", "ws-note"), details = el("div", "ws-details");
    const show = () => {
      if (summary.isConnected) return;
      live.replaceChildren(summary, note);
      live.after(details);
    };
    const say = (text, sev) => {
      show();
      if (note.dataset.text === text) return;
      note.dataset.text = text;
      note.className = "ws-note ws-" + (sev || "info");
      note.replaceChildren(...(text ? icon(sev).concat(text) : []));
    };

    // Reading and filling the form, field by field of the definition.
    const inputs = (name) => [...form.querySelectorAll('[name="' + CSS.escape(name) + '"]')];
    const checked = (name) => (inputs(name).find((r) => r.checked) || {}).value || "";
    const text = (name) => (inputs(name)[0] || {}).value || "";
    const put = (name, v) => {
      const e = inputs(name)[0];
      if (e) e.value = typeof v === "string" || typeof v === "number" ? String(v) : "";
    };
    const check = (name, v) => inputs(name).forEach((r) => { r.checked = v != null && r.value === String(v); });
    // items names the boxes of a list's or items field's items, in order.
    const items = (f) => {
      const n = [];
      while (inputs(f.id + "." + (n.length + 1)).length) n.push(f.id + "." + (n.length + 1));
      return n;
    };
    // cells names a grid's boxes with where each goes in its answer:
    // answer[row][column], or answer[row][column][number].
    const cells = (f) => {
      const out = [];
      (f.rows || []).forEach((r) => (f.columns || []).forEach((c) => {
        const base = f.id + "." + r.id + "." + c.id;
        if (!(f.numbers || []).length) out.push({ name: base, path: [r.id, c.id] });
        else f.numbers.forEach((k) => out.push({ name: base + "." + k.id, path: [r.id, c.id, k.id] }));
      }));
      return out;
    };
    const dig = (o, path) => path.reduce((x, k) => (x && typeof x === "object" ? x[k] : undefined), o);
    const read = () => {
      const a = {};
      fields.forEach((f) => {
        if (f.kind === "scale") {
          if (checked(f.id)) a[f.id] = Number(checked(f.id));
        } else if (f.kind === "choice") {
          const choice = checked(f.id), justification = f.justify ? text(f.id + ".why") : "";
          if (justification) a[f.id] = { choice, justification };
          else if (choice) a[f.id] = choice;
        } else if (f.kind === "items") {
          // Every box is kept, blank or not, so that an item keeps its
          // number; blank items at the end are dropped.
          const l = items(f).map((n) => {
            const e = { text: text(n) };
            if ((f.choices || []).length) e.choice = checked(n + ".choice");
            if (f.justify) e.justification = text(n + ".why");
            return e;
          });
          const blank = (e) => !e.text.trim() && !e.choice && !(e.justification || "").trim();
          while (l.length && blank(l[l.length - 1])) l.pop();
          if (l.length) a[f.id] = l;
        } else if (f.kind === "grid") {
          const g = {};
          cells(f).forEach(({ name, path }) => {
            const t = text(name).trim();
            if (t === "") return;
            let o = g;
            path.slice(0, -1).forEach((k) => { o = o[k] = o[k] || {}; });
            o[path[path.length - 1]] = Number(t);
          });
          if (Object.keys(g).length) a[f.id] = g;
        } else if (f.kind === "rating") {
          const r = {};
          f.factors.forEach((fa) => {
            const n = f.id + "." + fa.id, choice = checked(n), justification = text(n + ".why");
            if (choice || justification) r[fa.id] = { choice, justification };
          });
          if (Object.keys(r).length) a[f.id] = r;
        } else if (f.kind === "list") {
          const l = items(f).map(text);
          while (l.length && !l[l.length - 1].trim()) l.pop();
          if (l.length) a[f.id] = l;
        } else if (text(f.id)) {
          a[f.id] = text(f.id);
        }
      });
      return a;
    };
    // fill sets every field from a, clearing those a does not answer, and
    // ignores answers to fields this worksheet does not have.
    const fill = (a) => {
      a = a && typeof a === "object" ? a : {};
      fields.forEach((f) => {
        const v = a[f.id];
        if (f.kind === "scale") check(f.id, v);
        else if (f.kind === "choice") {
          const r = typeof v === "string" ? { choice: v } : v && typeof v === "object" ? v : {};
          check(f.id, r.choice);
          put(f.id + ".why", r.justification);
        } else if (f.kind === "items") {
          items(f).forEach((n, i) => {
            let e = Array.isArray(v) ? v[i] : null;
            e = typeof e === "string" ? { text: e } : e && typeof e === "object" ? e : {};
            put(n, e.text);
            check(n + ".choice", e.choice);
            put(n + ".why", e.justification);
          });
        } else if (f.kind === "grid") cells(f).forEach(({ name, path }) => put(name, dig(v, path)));
        else if (f.kind === "rating") {
          f.factors.forEach((fa) => {
            let r = v && typeof v === "object" ? v[fa.id] : null;
            r = typeof r === "string" ? { choice: r } : r || {};
            check(f.id + "." + fa.id, r.choice);
            put(f.id + "." + fa.id + ".why", r.justification);
          });
        } else if (f.kind === "list") items(f).forEach((n, i) => put(n, Array.isArray(v) ? v[i] : ""));
        else put(f.id, v);
      });
    };

    const pack = () => S.record(id, hash, read());
    // Full or blocked storage: carry on without saving.
    const saveNow = () => {
      clearTimeout(saveTimer);
      saveTimer = 0;
      S.save(pack());
    };
    window.addEventListener("pagehide", () => saveTimer && saveNow());

    // Scoring.
    const start = () => (starting = starting || S.loadModule(form.dataset.support, form.dataset.module).then((lw) => {
      const r = lw.register(id, def);
      if (!r || r.error) throw new Error(r ? r.error : "the module did not register the worksheet");
      api = lw;
      score();
    }).catch((e) => {
      say(fmt(UI.loadFailed, { error: message(e) }), "warn");
    }));
    const score = () => {
      if (!api) return start();
      let r;
      try {
        r = api.score(id, read());
      } catch (e) {
        r = { error: message(e) };
      }
      if (!r || !Array.isArray(r.missing)) {
        say(fmt(UI.scoreFailed, { error: (r && r.error) || UI.noResult }), "warn");
        return;
      }
      const s = JSON.stringify(r);
      if (s !== last) render(r);
      last = s;
    };

    // target is the first unanswered control of a missing answer.
    const target = (m) => {
      const base = m.part ? m.field + "." + m.part : m.field;
      const els = [...form.elements].filter((e) => e.name === base || e.name.startsWith(base + "."));
      return els.find((e) => (e.type === "radio" ? !checked(e.name) : !e.value.trim())) || els[0];
    };
    const block = (cls, title, kids) => el("div", "ws-block " + cls, [el("h5", "", [title])].concat(kids));
    const list = (xs, fn) => el("ul", "ws-list", xs.map(fn));
    const render = (r) => {
      show();
      const figs = r.figures.filter((f) => f.label);
      const s = S.summary(r);
      if (summary.textContent !== s) summary.textContent = s;

      const out = [];
      if (r.error) out.push(el("p", "ws-note ws-warn", icon("warn").concat(fmt(UI.leftOut, r))));
      // Each missing answer links to its control.
      if (r.missing.length) {
        out.push(block("ws-todo", UI.todo, [list(r.missing, (m) => {
          const t = target(m), a = el("a", "", [m.message]);
          a.href = "#" + ((t && t.id) || form.id);
          a.addEventListener("click", (e) => {
            const t = target(m);
            if (t) { e.preventDefault(); t.focus(); }
          });
          return el("li", "", [a]);
        })]));
      }
      // Each figure beside the learner's own rating, in words and as bars.
      // A figure without a rating of the learner's to compare with is a
      // plain number: no bar, whose length would mean nothing. Those
      // without a band's text to explain them (counts, say) share one row
      // of tiles, placed where the first of them is.
      let stats;
      figs.forEach((f) => {
        const value = [el("strong", "ws-row-value", [f.known ? num(f.value) : "–"]), " ", el("span", "ws-row-band", [f.known ? f.bandLabel : UI.unknown])];
        if (!f.compare && !(f.known && f.bandText)) {
          if (!stats) out.push(el("div", "ws-block", [stats = el("dl", "ws-stats")]));
          stats.append(el("div", "ws-stat", [el("dt", "", [f.label]), el("dd", "", value)]));
          return;
        }
        if (!f.compare) {
          out.push(block("ws-figure", f.label, [el("p", "ws-figure-value", value), el("p", "ws-muted", [f.bandText])]));
          return;
        }
        const max = field(f.compare).max || 5, rows = el("div", "ws-bars");
        const row = (label, known, v, band, cls) => {
          const bar = el("span", "ws-bar " + cls), track = el("span", "ws-track", [bar]);
          bar.style.width = known ? Math.max(0, Math.min(100, (v / max) * 100)) + "%" : "0";
          track.setAttribute("aria-hidden", "true");
          rows.append(el("p", "ws-row", [el("span", "ws-row-label", [label + ": "]), track,
            el("strong", "ws-row-value", [known ? num(v) : "–"]), " ", el("span", "ws-row-band", [known ? band : UI.unknown])]));
        };
        row(UI.fromAnswers, f.known, f.value, f.bandLabel + (f.partial ? UI.partial : ""), "ws-bar-evidence");
        if (f.compare) row(UI.ownRating, f.compareKnown, f.compareValue, f.compareLabel, "ws-bar-self");
        out.push(block("ws-figure", f.label, [rows, el("p", "ws-muted", [f.known ? f.bandText : ""])]));
      });
      r.outcomes.forEach((o) => {
        out.push(block("ws-outcome", o.label, [o.option ? el("p", "ws-outcome-option", [o.optionLabel]) : el("p", "ws-muted", [UI.notYet]), el("p", "", [o.text])]));
      });
      if (r.weakest.length) {
        out.push(block("ws-weakest", UI.focus, [list(r.weakest, (w) => {
          const spec = (def.scoring.weakest || []).find((x) => x.field === w.field) || {};
          const names = (ids) => ids.map((i) => (field(i).label || i).replace(/\s*\(.*\)$/, "")).join(", ");
          const flags = el("p", "ws-flags");
          if ((spec.addressedBy || []).length) {
            const sev = w.addressed ? "ok" : "warn";
            flags.append(el("span", "ws-" + sev, icon(sev).concat(fmt(w.addressed ? UI.addressed : UI.notAddressed, { fields: names(spec.addressedBy) }))));
          }
          if (w.linked) flags.append(el("span", "ws-info", icon("info").concat(fmt(UI.mentioned, { fields: names(spec.linked || []) }))));
          return el("li", "", [el("p", "ws-weak-name", [el("strong", "", [w.label]), fmt(UI.rated, { choice: w.choiceLabel })]), flags, el("p", "ws-muted", [w.advice])]);
        })]));
      }
      if (r.feedback.length) {
        const fb = r.feedback.slice().sort((a, b) => (ORDER[a.severity] || 1) - (ORDER[b.severity] || 1));
        out.push(block("ws-feedback", UI.feedback, [list(fb, (f) => {
          const about = (f.factors || []).map((x) => x.label).join(", ");
          return el("li", "ws-" + f.severity, icon(f.severity).concat(f.text, about ? el("span", "ws-muted", [" (" + about + ")"]) : null));
        })]));
      }
      details.replaceChildren(...out);
    };

    // Exports.
    // md escapes text so that a Markdown viewer shows it as written.
    const md = (t) => String(t).trim().replace(/\\/g, "\\\\").replace(/</g, "\\<");
    const markdown = () => {
      const a = read(), o = ["# " + md(def.title), ""], none = UI.notAnswered;
      def.sections.forEach((s, i) => {
        o.push("## " + (i + 1) + ". " + md(s.title), "");
        if (s.prompt) o.push("_" + md(s.prompt) + "_", "");
        (s.fields || []).forEach((f) => {
          const v = a[f.id];
          if (f.kind === "rating") {
            o.push("**" + md(f.label) + "**", "");
            f.factors.forEach((fa) => {
              const r = (v || {})[fa.id] || {}, c = (f.choices || []).find((c) => c.id === r.choice);
              o.push("- " + md(fa.label) + ": " + (c ? md(c.label) : none) + (r.justification ? ". " + md(r.justification) : ""));
            });
          } else if (f.kind === "list") {
            o.push("**" + md(f.label) + "**", "");
            if (!v) o.push(none);
            (v || []).forEach((t, n) => o.push(n + 1 + ". " + md(t).replace(/\n/g, "\n   ")));
          } else if (f.kind === "items") {
            o.push("**" + md(f.label) + "**", "");
            if (!v) o.push(none);
            (v || []).forEach((e, n) => {
              const c = (f.choices || []).find((c) => c.id === e.choice);
              o.push(n + 1 + ". " + (md(e.text) || none).replace(/\n/g, "\n   ") + (c ? " (" + md(c.label) + ")" : ""));
              if (e.justification) o.push("   " + md(f.justifyLabel || UI.why) + ": " + md(e.justification).replace(/\n/g, "\n   "));
            });
          } else if (f.kind === "grid") {
            // A Markdown table: one row per row, each cell's numbers named.
            const cell = (t) => md(t).replace(/\|/g, "\\|").replace(/\n/g, " ");
            const nums = f.numbers || [];
            o.push("**" + md(f.label) + "**", "");
            o.push("| | " + f.columns.map((c) => cell(c.label)).join(" | ") + " |", "|" + " --- |".repeat(f.columns.length + 1));
            f.rows.forEach((r) => o.push("| " + cell(r.label) + " | " + f.columns.map((c) => {
              const x = dig(v, [r.id, c.id]);
              if (!nums.length) return typeof x === "number" ? String(x) : "–";
              return nums.map((k) => cell(k.label) + " " + (typeof dig(x, [k.id]) === "number" ? dig(x, [k.id]) : "–")).join(", ");
            }).join(" | ") + " |"));
          } else if (f.kind === "choice") {
            const r = typeof v === "string" ? { choice: v } : v || {}, c = (f.choices || []).find((c) => c.id === r.choice);
            o.push("**" + md(f.label) + ":** " + (c ? md(c.label) : none) + (r.justification ? ". " + md(f.justifyLabel || UI.why) + ": " + md(r.justification) : ""));
          } else {
            const lab = f.kind === "scale" && f.labels && f.labels[v];
            o.push("**" + md(f.label) + ":** " + (v == null ? none : md(v) + (lab ? " (" + md(lab) + ")" : "")));
          }
          o.push("");
        });
      });
      // The feedback as the page shows it, headings and lists kept.
      if (summary.textContent) o.push("## " + UI.feedback, "", md(summary.textContent), "");
      const words = (n) => md((n.innerText || n.textContent).replace(/\s+/g, " "));
      details.querySelectorAll("h5, p, li, .ws-stat").forEach((n) => {
        if (n.tagName !== "LI" && n.closest("li")) return;
        if (n.classList.contains("ws-stat")) return o.push("- " + words(n.firstChild) + ": " + words(n.lastChild), "");
        const t = words(n);
        if (t) o.push((n.tagName === "H5" ? "### " : n.tagName === "LI" ? "- " : "") + t, "");
      });
      return o.join("\n");
    };

    const importFile = (file) => file.text().then((t) => {
      let d;
      try {
        d = JSON.parse(t);
      } catch (e) {
        throw new Error(UI.notJSON);
      }
      // A file of all worksheets' answers (the progress page's export)
      // gives this worksheet's.
      if (d && Array.isArray(d.worksheets)) {
        d = d.worksheets.find((w) => w && w.exercise === id);
        if (!d) throw new Error(UI.noAnswersHere);
      }
      if (!d || !d.answers || typeof d.answers !== "object") throw new Error(UI.noAnswers);
      if (d.exercise !== id) throw new Error(UI.otherWorksheet + (typeof d.exercise === "string" ? ", “" + d.exercise + "”" : ""));
      fill(d.answers);
      saveNow();
      score();
      if (d.hash === hash) say(fmt(UI.imported, { file: file.name }), "ok");
      else say(fmt(UI.importedOld, { file: file.name }), "warn");
    }).catch((e) => say(fmt(UI.importFailed, { file: file.name, error: message(e) }), "warn"));

    const run = {
      example() {
        const ex = (def.examples || [])[0];
        if (!ex || (Object.keys(read()).length && !window.confirm(UI.replace))) return;
        fill(ex.answers);
        saveNow();
        score();
        say(fmt(UI.filled, ex), "info");
      },
      "export-json": () => S.download(id + "-answers.json", "application/json", JSON.stringify(pack(), null, 2) + "\n"),
      "export-md": () => S.download(id + "-answers.md", "text/markdown", markdown()),
      print: () => window.print(),
      clear() {
        if (!window.confirm(UI.confirmClear)) return;
        form.reset();
        saveNow();
        score();
        say(UI.cleared, "info");
      },
    };
    form.addEventListener("click", (e) => {
      const b = e.target.closest("button[data-action]");
      if (b && run[b.dataset.action]) run[b.dataset.action]();
    });
    const changed = (e) => {
      if (e.target.type === "file") {
        // Emptied once read, so that the same file can be imported again.
        if (e.type === "change" && e.target.files.length) {
          importFile(e.target.files[0]);
          e.target.value = "";
        }
        return;
      }
      clearTimeout(saveTimer);
      saveTimer = setTimeout(saveNow, 300);
      clearTimeout(scoreTimer);
      scoreTimer = setTimeout(score, 50);
    };
    form.addEventListener("input", changed);
    form.addEventListener("change", changed);
    // The buttons need this script, so it adds them.
    const button = (action, label) => {
      const b = el("button", "", [label]);
      b.type = "button";
      b.dataset.action = action;
      return b;
    };
    const file = el("input");
    file.type = "file";
    file.accept = "application/json,.json";
    file.dataset.action = "import";
    form.append(el("div", "ws-actions", [
      (def.examples || []).length ? button("example", UI.example) : null,
      button("export-json", UI.exportJSON), button("export-md", UI.exportMarkdown),
      el("label", "ws-import", [UI.importJSON + " ", file]),
      button("print", UI.print), button("clear", UI.clear),
    ]));

    // Restoring needs no module: saved answers go straight into the form.
    const saved = S.load(id, hash);
    if (saved) {
      fill(saved.answers);
      say(UI.restored, "info");
    }

    // Load the module when the worksheet nears the viewport, or on the
    // first focus in the form, whichever comes first.
    form.addEventListener("focusin", start, { once: true });
    if (!window.IntersectionObserver) return start();
    const io = new IntersectionObserver((es) => {
      if (es.some((e) => e.isIntersecting)) { io.disconnect(); start(); }
    }, { rootMargin: "800px 0px" });
    io.observe(form);
  };

  // Where CSS cannot grow textareas to their text, grow them for printing.
  if (!(window.CSS && CSS.supports("field-sizing", "content"))) {
    window.addEventListener("beforeprint", () => {
      document.querySelectorAll(".worksheet textarea").forEach((t) => { t.style.height = t.scrollHeight + 4 + "px"; });
    });
  }

  // Each definition is a file of its own, and so are the styles of what
  // this script adds (worksheet.css), fetched only now: most readers of a
  // page never come near its worksheet. A stylesheet that fails leaves
  // the buttons and feedback plain but working.
  const fetched = {};
  const once = (url, get) => (fetched[url] = fetched[url] || get());
  document.querySelectorAll("form.worksheet-form[data-exercise]").forEach((form) => {
    const style = form.dataset.stylesheet && once(form.dataset.stylesheet, () => new Promise((resolve) => {
      const l = el("link");
      l.rel = "stylesheet";
      l.href = form.dataset.stylesheet;
      l.onload = l.onerror = resolve;
      document.head.append(l);
    }));
    const definition = once(form.dataset.definition, () => fetch(form.dataset.definition).then((r) => {
      if (!r.ok) throw new Error("HTTP " + r.status);
      return r.json();
    }));
    Promise.all([definition, style]).then(([def]) => setup(form, def), (e) => {
      const live = liveOf(form);
      if (live) live.replaceChildren(el("p", "ws-note ws-warn", icon("warn").concat(fmt(UI.noDefinition, { error: message(e) }))));
    });
  });
})();
