// Runs layouts/assets/search.js's query functions under Node, for the Go
// tests: node search_test.mjs SEARCH_JS REQUEST_JSON
//
// The request names an index folder (what Index.Files wrote), queries to
// run, the text of each page's sections by URL and anchor (what search.js
// takes from the page's HTML in a browser; a page not listed fails to
// load, an anchor listed as null is missing from its page) and texts to
// tokenize. The script prints, as JSON, each text's
// terms and each query's results, every page of them with its sections
// and snippets (matches in [brackets]), the files the first screen of
// results fetched, and how long that took, cold (nothing loaded) and warm
// (files already parsed).
import { readFile } from "node:fs/promises";
import path from "node:path";
import vm from "node:vm";

const [script, requestFile] = process.argv.slice(2);
const req = JSON.parse(await readFile(requestFile, "utf8"));
// search.js is a classic script, as browsers load it: run it as one.
vm.runInThisContext(await readFile(script, "utf8"), { filename: script });
const S = globalThis.LatticeworkSearch;

function searcher(fetched) {
  return S.Searcher(async (p, v) => {
    fetched.add(p);
    if (p !== "manifest.json" && !v) throw new Error(`${p} fetched without the index version`);
    return JSON.parse(await readFile(path.join(req.index, p), "utf8"));
  }, async (url, ids) => {
    const page = (req.pages || {})[url];
    if (!page) throw new Error(`404 ${url}`);
    return ids.map((id) => (Object.hasOwn(page, id) ? page[id] : ""));
  });
}

// firstScreen is what the dialog fetches to show a query's first results.
async function firstScreen(s, q) {
  const res = await s.search(q);
  return Promise.all(res.hits.slice(0, 10).map(s.page));
}

const mark = (parts) => parts.map(([s, m]) => (m ? `[${s}]` : s)).join("");
// Maps keyed by query have no prototype, so "__proto__" is a query too.
const byQuery = () => Object.create(null);
const out = {
  results: byQuery(), fetched: byQuery(), coldMs: byQuery(), warmMs: byQuery(),
  tokens: (req.texts || []).map(S.tokens),
};
for (const q of req.queries || []) {
  const fetched = new Set();
  let t = performance.now();
  await firstScreen(searcher(fetched), q);
  out.coldMs[q] = performance.now() - t;
  out.fetched[q] = [...fetched].sort();
  const warm = searcher(new Set());
  await firstScreen(warm, q);
  const n = req.repeat || 1;
  t = performance.now();
  for (let i = 0; i < n; i++) await firstScreen(warm, q);
  out.warmMs[q] = (performance.now() - t) / n;

  const res = await warm.search(q);
  const pages = await Promise.all(res.hits.map(warm.page));
  out.results[q] = {
    total: res.total,
    pages: pages.map((pg) => ({
      url: pg.url, title: pg.title,
      secs: pg.secs.map((s, i) => ({
        url: s.url,
        heading: mark(S.parts(s.heading || pg.title, res.terms)),
        snippet: mark(S.parts(s.text, res.terms, i ? 110 : 180)),
      })),
    })),
  };
}
console.log(JSON.stringify(out));
