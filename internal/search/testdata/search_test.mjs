// Runs layouts/assets/search.js's query functions under Node, for
// search_js_test.go: node search_test.mjs SEARCH_JS REQUEST_JSON
//
// The request names an index folder (what Index.Files wrote), queries to
// run, words to normalise and whether to check the Trust Dynamics
// article's results. The script prints, as JSON, each query's results,
// the files it fetched and how long it took, cold (nothing loaded) and
// warm (files already parsed), so the Go test can compare them with its
// own reading of the index.
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
  });
}

// Maps keyed by query have no prototype, so "__proto__" is a query too.
const byQuery = () => Object.create(null);
const out = {
  results: byQuery(), fetched: byQuery(), coldMs: byQuery(), warmMs: byQuery(), parts: byQuery(),
  norms: (req.words || []).map(S.norm),
};
for (const q of req.queries) {
  const fetched = new Set();
  let t = performance.now();
  const results = await searcher(fetched).search(q, 10);
  out.coldMs[q] = performance.now() - t;
  const warm = searcher(new Set());
  await warm.search(q, 10);
  const n = req.repeat || 1;
  t = performance.now();
  for (let i = 0; i < n; i++) await warm.search(q, 10);
  out.warmMs[q] = (performance.now() - t) / n;
  out.results[q] = results;
  out.fetched[q] = [...fetched].sort();
  const match = S.matcher(q);
  out.parts[q] = results.map((r) => [r.title, r.heading, r.excerpt].map((s) => S.parts(s, match, 160)));
}

if (req.check) {
  const fail = (msg) => { console.error(msg); process.exitCode = 1; };
  const page = "/docs/thinking-toolkit/classic-mental-models/trust-dynamics/";
  const critical = "#6-critical-thinking-navigating-the-limitations-and-potential-pitfalls-of-trust-dynamics";
  const halo = out.results["halo effect"];
  if (!halo?.length || halo[0].url !== page + critical) {
    fail(`"halo effect": first result ${halo?.[0]?.url}, want ${page + critical}`);
  }
  // "hal" is still being typed: it must find "halo" and highlight it.
  const hal = out.results["hal"];
  if (!hal?.some((r) => r.url === page + critical)) fail(`"hal": no result at ${critical}`);
  const marked = out.parts["hal"].flat(2).filter((p) => p[1]).map((p) => p[0].toLowerCase());
  if (!marked.length || !marked.every((w) => w.startsWith("hal"))) fail(`"hal": highlighted ${JSON.stringify(marked)}`);
  if (S.parts("a Halo b", S.matcher("hal"), 0).map((p) => p.join(":")).join("|") !== "a :false|Halo:true| b:false") {
    fail("parts does not mark the prefix match");
  }
}
console.log(JSON.stringify(out));
