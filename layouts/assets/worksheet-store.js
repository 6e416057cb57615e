// What the worksheets (worksheet.js) and the learner's progress page
// (progress.js) share, loaded before either: where a worksheet's answers
// are saved in this browser, the scoring module, and the line that sums up
// a result. Answers never leave the browser.
(() => {
  "use strict";
  // The build puts the page's language's words here (package i18n).
  const UI = { answered: "{answered} of {total} answers given", complete: ": complete. ", incomplete: ". " }; // i18n latticework.worksheetStore
  const PREFIX = "latticework:worksheet:";

  // localStorage throws in some private modes; then nothing is saved.
  const store = (() => {
    try {
      const s = window.localStorage, k = PREFIX + "probe";
      s.setItem(k, k);
      s.removeItem(k);
      return s;
    } catch (e) {
      return null;
    }
  })();

  // Answers are saved under the worksheet's id and the hash of its
  // definition's shape, so that they are never restored into fields they
  // were not written for. A saved set, as stored and exported, is
  // {exercise, hash, savedAt, answers}.
  const key = (id, hash) => PREFIX + id + ":" + hash;
  const record = (id, hash, answers, savedAt) => ({ exercise: id, hash, savedAt: savedAt || new Date().toISOString(), answers });
  const valid = (r) => !!r && typeof r === "object" && typeof r.exercise === "string" && r.exercise !== "" &&
    typeof r.hash === "string" && !!r.answers && typeof r.answers === "object" && !Array.isArray(r.answers);
  const parse = (k) => {
    try {
      const r = JSON.parse(store.getItem(k));
      return valid(r) && k === key(r.exercise, r.hash) ? r : null;
    } catch (e) {
      return null;
    }
  };
  const keys = () => {
    const out = [];
    for (let i = 0; store && i < store.length; i++) {
      const k = store.key(i);
      if (k && k.startsWith(PREFIX) && k !== PREFIX + "probe") out.push(k);
    }
    return out;
  };

  // Scoring: the Go runtime's support script, then the module, whose main
  // defines globalThis.latticework. Loaded once per page.
  let module;
  const loadModule = (support, url) => (module = module || new Promise((resolve, reject) => {
    if (window.Go) return resolve();
    const s = document.createElement("script");
    s.src = support;
    s.onload = resolve;
    s.onerror = () => reject(new Error("its support script did not load"));
    document.head.append(s);
  }).then(() => {
    const go = new window.Go();
    return fetch(url).then((r) => {
      if (!r.ok) throw new Error("the module did not download (HTTP " + r.status + ")");
      // Streaming compiles while downloading, but needs the right content
      // type, which some static hosts do not send.
      if (WebAssembly.instantiateStreaming && /^application\/wasm/.test(r.headers.get("Content-Type"))) {
        return WebAssembly.instantiateStreaming(r, go.importObject);
      }
      return r.arrayBuffer().then((b) => WebAssembly.instantiate(b, go.importObject));
    }).then((res) => {
      // run settles only when the program exits, so it is not awaited; it
      // returns once main has defined latticework and blocked.
      go.run(res.instance).catch(() => {});
      if (!window.latticework) throw new Error("the module did not start");
      return window.latticework;
    });
  }));

  const num = (v) => String(Math.round(v * 10) / 10);
  // headline is what a result's figures say: each labelled one that is
  // known, with its band.
  const headline = (r) => r.figures.filter((f) => f.label && f.known)
    .map((f) => f.label + " " + num(f.value) + (f.bandLabel ? ", " + f.bandLabel : "") + ".").join(" ");

  window.latticeworkStore = {
    available: !!store,
    key,
    record,
    valid,
    num,
    loadModule,
    // load returns the answers saved for a worksheet, or null.
    load: (id, hash) => (store ? parse(key(id, hash)) : null),
    // save stores r, or forgets it when it holds no answer; it returns
    // false when the browser refused (storage full or blocked).
    save(r) {
      if (!store) return false;
      try {
        if (Object.keys(r.answers).length) store.setItem(key(r.exercise, r.hash), JSON.stringify(r));
        else store.removeItem(key(r.exercise, r.hash));
        return true;
      } catch (e) {
        return false;
      }
    },
    // owns reports whether a storage key is one of saved answers.
    owns: (k) => k.startsWith(PREFIX),
    // remove forgets the answers saved for a worksheet.
    remove: (id, hash) => store && store.removeItem(key(id, hash)),
    // all returns every answer set this site saved in this browser, any
    // worksheet, any version.
    all: () => keys().map(parse).filter(Boolean),
    // clear forgets every answer set this site saved in this browser.
    clear: () => keys().forEach((k) => store.removeItem(k)),
    // download saves body as a file of the reader's, made here: nothing
    // is sent anywhere.
    download(name, type, body) {
      const url = URL.createObjectURL(new Blob([body], { type }));
      const a = document.createElement("a");
      a.href = url;
      a.download = name;
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
    },
    // summary is the line a worksheet's feedback starts with: how many
    // answers are given, then the headline.
    summary: (r) => (UI.answered.replace("{answered}", r.answered).replace("{total}", r.total) + (r.complete ? UI.complete : UI.incomplete) + headline(r)).trim(),
    headline,
  };
})();
