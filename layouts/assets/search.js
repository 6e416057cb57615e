// Latticework search: a dialog over the static index that internal/search
// builds (its package comment describes the files). site.js loads this
// script the first time a reader opens search and calls
// LatticeworkSearch.open(button); the button's data-search attribute says
// where the index is. Only the manifest, the shards holding the words
// typed and the fragments of the pages shown are fetched, and the pages
// themselves for their snippets. The query functions use no DOM (the
// page's text comes through a function the tests replace), so tests run
// them under Node.
(function () {
  "use strict";
  // The build puts the page's language's words here (package i18n).
  var UI = { label: "Search the docs", close: "Close", results: "Results", none: "No results for “{query}”", count: "{count} page matches|{count} pages match", more: "Show more results ({count} more)", unavailable: "Search is unavailable: its index could not be loaded." }; // i18n latticework.search
  var WORD = /[\p{L}\p{N}\p{M}]+/gu,
    // Scripts written without spaces: indexed by pairs of letters.
    SPACELESS = /([\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Hangul}ー]+)/u,
    SPECIAL = { ß: "ss", æ: "ae", œ: "oe", ø: "o", ł: "l", đ: "d", ı: "i", ς: "σ" },
    PAGE = 10; // results shown at a time

  // fold returns the term of a word of a spaced script, or "" if it is not
  // indexed: the rules of internal/search/tokenize.go, which must match.
  function fold(w) {
    w = w.toLowerCase().replace(/[\u0080-\u1fff]/g, function (c) { return c.normalize("NFD"); })
      .replace(/\p{M}/gu, "").replace(/[ßæœøłđıς]/g, function (c) { return SPECIAL[c]; });
    var n = [...w].length;
    return n < 2 || n > 40 ? "" : n > 3 && /[^sui]s$/.test(w) ? w.slice(0, -1) : w;
  }

  // segments calls fn(part, spaceless, at) for each part of each word of
  // text: a word of a spaced script, or a run of a spaceless one (as an
  // array of its letters), with its offset in text.
  function segments(text, fn, keepMarks) {
    for (var m of text.matchAll(WORD)) {
      var at = m.index;
      (keepMarks ? m[0] : m[0].replace(/\p{M}/gu, "")).split(SPACELESS).forEach(function (p, i) {
        if (p) fn(i % 2 ? [...p] : p, i % 2 === 1, at);
        at += p.length;
      });
    }
  }

  // tokens returns the terms the index holds for text, in order, as Go's
  // allTerms does.
  function tokens(text) {
    var out = [];
    segments(text, function (p, cjk) {
      if (!cjk) return (p = fold(p)) && out.push(p);
      for (var i = 1; i < p.length; i++) out.push(p[i - 1] + p[i]);
      out.push(p[p.length - 1]);
    });
    return out;
  }

  // parse returns a query's terms, each {t: term, pre: whether it matches
  // as a prefix}: the word still being typed (the last one, unless a space
  // follows it) does, and so does a lone letter of a spaceless script; a
  // longer run of one requires its pairs of letters.
  function parse(q) {
    var gs = [], parts = [], typing = /[\p{L}\p{N}\p{M}]$/u.test(q);
    segments(q, function (p, cjk) { parts.push([p, cjk]); });
    parts.forEach(function (p, i) {
      var add = function (t, pre) {
        if (t && !gs.some(function (g) { return g.t === t && g.pre === pre; })) gs.push({ t: t, pre: pre });
      };
      if (!p[1]) return add(fold(p[0]), typing && i === parts.length - 1);
      if (p[0].length === 1) return add(p[0][0], true);
      for (var j = 1; j < p[0].length; j++) add(p[0][j - 1] + p[0][j], false);
    });
    return gs;
  }

  // spans returns where text matches the query's terms gs, as [start,
  // end, term index] in text order, for highlighting and for choosing the
  // snippet.
  function spans(text, gs) {
    var out = [];
    var hit = function (t) {
      for (var i = 0; i < gs.length; i++) if (gs[i].pre ? t.startsWith(gs[i].t) : t === gs[i].t) return i;
      return -1;
    };
    segments(text, function (p, cjk, at) {
      var g;
      if (!cjk) {
        if ((g = hit(fold(p))) >= 0) out.push([at, at + p.length, g]);
        return;
      }
      for (var i = 0, off = at; i < p.length; off += p[i].length, i++) {
        var next = p[i + 1] || "", last = out[out.length - 1], end = off + p[i].length + next.length;
        if (next && (g = hit(p[i] + next)) >= 0) {
          // Overlapping pairs ("任是", "是一") make one span.
          if (last && last[1] > off) last[1] = end; else out.push([off, end, g]);
        } else if ((g = hit(p[i])) >= 0 && gs[g].pre) out.push([off, off + p[i].length, g]);
      }
    }, true);
    return out;
  }

  // parts splits text into [string, matched] runs for highlighting; with
  // max, it keeps a window of about max characters around the place where
  // the most different terms of the query meet (the most matches
  // breaking ties), cut at spaces and marked with "…".
  function parts(text, gs, max) {
    var ss = spans(text, gs), start = 0, end = text.length, out = [], pos;
    if (max && end > max) {
      var best = -1, from = 0;
      for (var i = 0; i < ss.length && i < 500; i++) {
        var seen = new Set();
        for (var j = i; j < ss.length && ss[j][1] <= ss[i][0] + max * 0.75; j++) seen.add(ss[j][2]);
        if (seen.size * 1e4 + j - i > best) { best = seen.size * 1e4 + j - i; from = ss[i][0]; }
      }
      start = cut(text, Math.max(0, from - max / 4), 1);
      end = Math.min(text.length, cut(text, start + max, 0));
    }
    pos = start;
    ss.forEach(function (r) {
      if (r[0] < pos || r[1] > end) return;
      if (r[0] > pos) out.push([text.slice(pos, r[0]), false]);
      out.push([text.slice(r[0], r[1]), true]);
      pos = r[1];
    });
    if (pos < end) out.push([text.slice(pos, end), false]);
    if (start > 0) out.unshift(["…", false]);
    if (end < text.length) out.push(["…", false]);
    return out;
  }

  // cut moves offset i to the nearest space within 20 characters (after it
  // for a start, before it for an end), and off a surrogate pair's middle.
  function cut(text, i, after) {
    i = Math.round(i);
    var sp = after ? text.indexOf(" ", i) : text.lastIndexOf(" ", i);
    if (sp >= 0 && Math.abs(sp - i) < 20) return sp + after;
    return /[\udc00-\udfff]/.test(text[i] || "") ? i - 1 : i;
  }

  // at returns the index of the last of the sorted strings s that is not
  // after u: which shard (or directory) holds term u. The first is "",
  // or not after u, and a list is at most dirShards long: a scan is quick.
  function at(s, u) {
    return s.findLastIndex(function (x) { return x <= u; });
  }

  // weight is a posting's score before the term's rarity: BM25's term
  // frequency part (0 to 2.2, k1 being 1.2), plus bonuses for the page's
  // title in its first section, the section's heading and the page's
  // title. A heading outweighs the text, and the title, on the page's
  // first section, outweighs a heading and the text together.
  function weight(w) {
    return (w & 31) / 31 * 2.2 + (w & 128 ? 5 : 0) + (w & 64 ? 2.5 : 0) + (w & 32 ? 0.3 : 0);
  }

  // Searcher queries the index through load(path, version), which
  // returns a promise of the parsed JSON file under search/, and takes
  // snippets from text(url, ids) (pageText by default), a promise of the
  // text of each section of the page at url, by anchor: "" for none, null
  // for one the page lacks.
  function Searcher(load, text) {
    var cache = {};
    function get(path, v, f) {
      if (!cache[path]) {
        cache[path] = f ? f() : load(path, v);
        cache[path].catch(function () { delete cache[path]; });
      }
      return cache[path];
    }

    // shard returns the number of the shard that holds term u, through
    // a directory if the index has them.
    async function shard(m, u) {
      var i = at(m.s, u);
      return m.n ? i * m.n + at((await get("d/" + i + ".json", m.v)).s, u) : i;
    }

    // group returns the postings lists of one query term (of every term it
    // starts, for a prefix), each with its factor: the query term's
    // inverse document frequency (of all the terms a prefix starts,
    // together), times less for a word a prefix completes, the more the
    // longer that word (a reader typing "hal" more likely means "halo"
    // than "halogen"). A term whose list the index cut short, or a prefix
    // spanning more shards than are read, cannot be required of every
    // result.
    async function group(m, g) {
      var a = await shard(m, g.t), b = g.pre ? await shard(m, g.t + "\uffff") : a,
        out = { lists: [], complete: b <= a + 1 }, len = [...g.t].length, df = 0;
      for (var i = a; i <= Math.min(b, a + 1); i++) {
        var sh = await get("t/" + i + ".json", m.v);
        for (var k of g.pre ? Object.keys(sh.p) : [g.t]) {
          if (!Object.hasOwn(sh.p, k) || !k.startsWith(g.t)) continue;
          var cut = Object.hasOwn(sh.x, k);
          df += cut ? sh.x[k] : sh.p[k].length / 3;
          if (cut) out.complete = false;
          out.lists.push([sh.p[k], k === g.t ? 1 : 0.3 + 0.5 * (len / [...k].length) ** 2]);
        }
      }
      df = Math.min(df, m.c);
      var idf = Math.log(1 + (m.c - df + 0.5) / (df + 0.5));
      out.lists.forEach(function (l) { l[1] *= idf; });
      return out;
    }

    // search returns {terms, total, hits} for q: hits are the pages with
    // every term whose list is complete, best first, each {p: page number,
    // secs: [[section, [terms, score]], …] best first}. A page ranks by how many
    // terms it matches, then by its best section's score plus a little of
    // its next five's, then in URL order.
    async function search(q) {
      var m = await get("manifest.json"), gs = parse(q), pages = new Map(), need = 0;
      if (!m.s.length || !gs.length) return { terms: gs, total: 0, hits: [] };
      var groups = await Promise.all(gs.map(function (g) { return group(m, g); }));
      groups.forEach(function (g, gi) {
        var best = new Map();
        g.lists.forEach(function (l) {
          for (var i = 0, d = 0, p = l[0]; i < p.length; i += 3) {
            d += p[i];
            var k = d * 65536 + p[i + 1], s = l[1] * weight(p[i + 2]);
            if (!(best.get(k) >= s)) best.set(k, s);
          }
        });
        need += g.complete;
        best.forEach(function (s, k) {
          var n = Math.floor(k / 65536), h = pages.get(n);
          if (!h) pages.set(n, h = { p: n, secs: new Map(), gs: new Set(), c: 0 });
          var x = h.secs.get(k % 65536) || [0, 0];
          h.secs.set(k % 65536, [x[0] + 1, x[1] + s]);
          if (!h.gs.has(gi)) { h.gs.add(gi); h.c += g.complete; }
        });
      });
      var hits = [...pages.values()].filter(function (h) { return h.c === need; }).map(function (h) {
        // Sections with the most terms first, then by score.
        var secs = [...h.secs].sort(function (a, b) { return b[1][0] - a[1][0] || b[1][1] - a[1][1] || a[0] - b[0]; }),
          scores = secs.map(function (x) { return x[1][1]; }).sort(function (a, b) { return b - a; });
        return { p: h.p, n: h.gs.size, secs: secs, score: scores.slice(0, 6).reduce(function (s, x, i) { return s + (i ? 0.15 : 1) * x; }, 0) };
      }).sort(function (a, b) { return b.n - a.n || b.score - a.score || a.p - b.p; });
      return { terms: gs, total: hits.length, hits: hits };
    }

    // page returns a hit's page: its URL, title and up to three of its
    // best sections, each {url, heading, text}. The text comes from the
    // page itself (the index holds none); a page that cannot be had
    // shows its headings alone.
    async function page(hit) {
      var m = await get("manifest.json"), f = (await get("p/" + (hit.p / m.g | 0) + ".json", m.v))[hit.p % m.g],
        ts = await get(f.u, 0, function () {
          return (text || pageText)(f.u, f.s.map(function (s) { return s[0]; }));
        }).catch(function () { return []; });
      return {
        url: f.u, title: f.t, secs: hit.secs.slice(0, 3).map(function (x) {
          // A section without text (a title or heading alone) shows the
          // text that follows it; one the page lacks shows none.
          var s = f.s[x[0]], t = ts[x[0]];
          for (var i = x[0] + 1; t === "" && i < f.s.length; i++) t = ts[i];
          return { url: f.u + (s[0] ? "#" + s[0] : ""), heading: s[1], text: (t || "").replace(/\s+/g, " ").trim() };
        }),
      };
    }
    return { search: search, page: page, manifest: function () { return get("manifest.json"); } };
  }

  var dialog, input, list, status, more, searcher, timer, opener, shown, seq = 0, leaving = false;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  // hl fills node with text, matched words in <mark> elements. Text is
  // only ever added as text nodes, never parsed as HTML.
  function hl(node, text, gs, max) {
    node.append.apply(node, parts(text, gs, max).map(function (p) {
      return p[1] ? el("mark", "", p[0]) : p[0];
    }));
    return node;
  }

  // Inline elements: a word may run across their edges. Any other
  // element separates the text before it from the text after it.
  var INLINE = /^(A|ABBR|B|BDI|BDO|CITE|CODE|DATA|DEL|DFN|EM|I|INS|KBD|MARK|Q|S|SAMP|SMALL|SPAN|STRONG|SUB|SUP|TIME|U|VAR)$/,
    // What the index leaves out of a page's text: the layout's own parts
    // of the article, heading links, code blocks, worksheets, controls.
    NOISE = ".meta,.lead,.cards,[role=note],h1:not([id]),.hash-link,.admonition-title,.footnote-ref,.footnote-backref,.worksheet,[aria-hidden=true],pre,button,input,select,textarea,script,style,noscript";

  // pageText is a Searcher's text source in the browser: it fetches the
  // page at url (same origin, as a reader following the result would)
  // and parses it inertly (no script runs, nothing loads). Section ids[i]
  // runs from the element with that id, its heading, to the next listed
  // section's heading; the first one (id "") from the start of the
  // article.
  function pageText(url, ids) {
    return fetch(url).then(function (r) {
      if (!r.ok) throw new Error(r.status + " " + url);
      return r.text();
    }).then(function (html) {
      var doc = new DOMParser().parseFromString(html, "text/html"), root = doc.querySelector(".article") || doc.body,
        out = ids.map(function (id, i) { return i ? null : ""; }), cur = 0;
      root.querySelectorAll(NOISE).forEach(function (e) { e.remove(); });
      (function walk(n) {
        for (var c of n.childNodes) {
          var i = c.id ? ids.indexOf(c.id) : -1, gap = c.nodeType === 1 && !INLINE.test(c.tagName) ? " " : "";
          if (i > cur) out[cur = i] = "";
          else if (c.nodeType === 3) out[cur] += c.data;
          else if (c.nodeType === 1) {
            out[cur] += gap + (c.alt || "");
            walk(c);
            out[cur] += gap;
          }
        }
      })(root);
      return out;
    });
  }

  // fetcher returns the function that loads the index's files under base
  // for a Searcher. The manifest names the current index, so it is
  // revalidated; the other files are named by its version and can be
  // cached.
  function fetcher(base) {
    return function (path, v) {
      return fetch(base + path + (v ? "?v=" + v : ""), { cache: v ? "default" : "no-cache" })
        .then(function (r) {
          if (!r.ok) throw new Error(r.status + " " + path);
          return r.json();
        });
    };
  }

  function create(base) {
    searcher = Searcher(fetcher(base));
    // Ids carry a prefix no heading slug is likely to have: the dialog
    // joins the page, whose headings have ids.
    dialog = el("dialog", "search-dialog");
    dialog.setAttribute("aria-labelledby", "lw-search-label");
    var bar = el("div", "search-bar"), label = el("label", "search-label", UI.label),
      close = el("button", "search-close", UI.close), scroll = el("div", "search-scroll");
    label.id = "lw-search-label";
    label.htmlFor = "lw-search-input";
    input = el("input", "search-input");
    input.id = "lw-search-input";
    input.type = "search";
    input.autocomplete = "off";
    input.spellcheck = false;
    input.setAttribute("aria-describedby", "lw-search-status");
    close.type = "button";
    status = el("p", "search-status");
    status.id = "lw-search-status";
    status.setAttribute("role", "status");
    list = el("ul", "search-results");
    list.setAttribute("aria-label", UI.results);
    more = el("button", "search-more");
    more.type = "button";
    more.hidden = true;
    bar.append(label, input, close);
    scroll.append(list, more);
    dialog.append(bar, status, scroll);
    document.body.append(dialog);

    close.addEventListener("click", function () { dialog.close(); });
    more.addEventListener("click", function () { show(seq); });
    dialog.addEventListener("click", function (e) {
      // A click on the backdrop reaches the dialog itself; one on a
      // result leaves the page, or moves to an anchor on it.
      if (e.target === dialog) dialog.close();
      else if (e.target.closest("a")) { leaving = true; dialog.close(); }
    });
    dialog.addEventListener("close", function () {
      // The event comes a task after close(): search may be open again.
      if (dialog.open) return;
      if (!leaving && opener && opener.isConnected) opener.focus();
      // When search opened from the page itself, opener is the body,
      // which takes no focus: let focus leave the closed dialog anyway.
      if (dialog.contains(document.activeElement)) document.activeElement.blur();
      leaving = false;
    });
    dialog.addEventListener("keydown", keys);
    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(run, 60);
    });
  }

  // keys moves between the field and the results with the arrow keys;
  // Enter in the field follows the first result, and typing on a result
  // goes back to the field.
  function keys(e) {
    var links = [...list.querySelectorAll("a")], i = links.indexOf(document.activeElement);
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      i += e.key === "ArrowDown" ? 1 : -1;
      (i < 0 ? input : links[Math.min(i, links.length - 1)] || input).focus();
    } else if (e.key === "Enter" && e.target === input && links[0]) {
      e.preventDefault();
      links[0].click();
    } else if (e.key === "Escape") {
      // Handled here, not by the dialog's cancel, so that Escape in the
      // search field closes at once instead of first clearing it.
      e.preventDefault();
      dialog.close();
    } else if (i >= 0 && e.key.length === 1 && !e.ctrlKey && !e.metaKey && !e.altKey) {
      input.focus();
    }
  }

  function run() {
    var q = input.value, n = ++seq;
    searcher.search(q).then(function (res) {
      if (n !== seq) return;
      shown = res;
      res.at = 0;
      list.replaceChildren();
      return show(n).then(function () {
        // Said once the results are there, which it counts.
        var forms = UI.count.split("|");
        if (n === seq) status.textContent = !q.trim() ? "" : !res.total ? UI.none.replace("{query}", q.trim())
          : forms[res.total > 1 ? forms.length - 1 : 0].replace("{count}", res.total);
      });
    }).catch(function () {
      if (n === seq) status.textContent = UI.unavailable;
    });
  }

  // show adds the next PAGE results of the current search to the list:
  // each page with its best section, heading and snippet, and up to two
  // more of its sections. After "Show more", focus moves to the first
  // new result.
  function show(n) {
    var res = shown, from = res.at, hits = res.hits.slice(from, from + PAGE), gs = res.terms;
    res.at += hits.length;
    more.hidden = true;
    return Promise.all(hits.map(searcher.page)).then(function (pgs) {
      if (n !== seq) return;
      list.append.apply(list, pgs.map(function (pg) {
        var li = el("li");
        pg.secs.forEach(function (s, i) {
          var a = el("a", i ? "search-sub" : "");
          a.href = s.url;
          // The page's title is marked only where it is the result's
          // heading: above a section's heading it would repeat the marks.
          if (!i && s.heading) a.append(el("span", "search-hit-page", pg.title));
          a.append(hl(el("span", "search-hit-heading"), s.heading || pg.title, gs));
          if (s.text) a.append(hl(el("span", "search-hit-snippet"), s.text, gs, i ? 110 : 180));
          li.append(a);
        });
        return li;
      }));
      var left = res.total - res.at;
      more.hidden = !left;
      more.textContent = UI.more.replace("{count}", left);
      if (from) list.children[from].querySelector("a").focus();
    });
  }

  // open shows the dialog, building it and starting to fetch the manifest
  // the first time.
  function open(button) {
    if (!dialog) {
      create(button.getAttribute("data-search"));
      searcher.manifest().catch(function () {});
    }
    if (!dialog.open) {
      opener = document.activeElement;
      dialog.showModal();
    }
    input.focus();
    input.select();
  }

  globalThis.LatticeworkSearch = { open: open, fold: fold, tokens: tokens, parse: parse, spans: spans, parts: parts, Searcher: Searcher, fetcher: fetcher, pageText: pageText };
})();
