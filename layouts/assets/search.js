// Latticework search: a dialog over the static index that internal/search
// builds (its package comment describes the files). site.js loads this
// script the first time a reader opens search and calls
// LatticeworkSearch.open(button); the button's data-search attribute says
// where the index is. Only the manifest, the shards holding the words
// typed and the excerpts of the pages shown are fetched. The query functions use no DOM,
// so tests run them under Node.
(function () {
  "use strict";
  var WORD = /[\p{L}\p{N}\p{M}]+/gu;

  // norm returns the term for a word, or "" if words like it are not
  // indexed: the rules of internal/search/tokenize.go, which must match.
  function norm(w) {
    w = w.toLowerCase().replace(/\p{M}/gu, "").replace(/ς/g, "σ");
    var n = [...w].length;
    return n < 2 ? "" : n > 3 && /[^sui]s$/.test(w) ? w.slice(0, -1) : w;
  }

  // parse splits a query into whole words and the word still being typed
  // (the last one, unless a space follows it), which matches as a prefix.
  function parse(q) {
    var ws = (q.match(WORD) || []).map(norm),
      pre = /[\p{L}\p{N}\p{M}]$/u.test(q) ? ws.pop() : "";
    return { ws: ws.filter(function (w, i) { return w && ws.indexOf(w) === i; }), pre: pre };
  }

  // matcher returns whether a word of a result matches the query.
  function matcher(q) {
    var p = parse(q);
    return function (w) {
      w = norm(w);
      return !!w && (p.ws.includes(w) || !!p.pre && w.startsWith(p.pre));
    };
  }

  // at returns the index of the last of the sorted strings s that is not
  // after u: which shard (or directory) holds term u.
  function at(s, u) {
    var lo = 0, hi = s.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (s[mid] <= u) lo = mid; else hi = mid - 1;
    }
    return lo;
  }

  // Searcher queries the index through load(path, version), which
  // returns a promise of the parsed JSON file under search/.
  function Searcher(load) {
    var cache = {};
    function get(path, v) {
      if (!cache[path]) {
        cache[path] = load(path, v);
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

    // group returns the postings lists of one word (of every term it
    // starts, for a prefix) and whether they are complete: a word whose
    // list the index cut short cannot be required of every result.
    async function group(m, t, prefix) {
      // A short prefix can span many shards; read two at most.
      var a = await shard(m, t), b = prefix ? await shard(m, t + "\uffff") : a,
        g = { lists: [], complete: b <= a + 1 };
      for (var i = a; i <= Math.min(b, a + 1); i++) {
        var sh = await get("t/" + i + ".json", m.v);
        for (var k of prefix ? Object.keys(sh.p) : [t]) {
          if (Object.hasOwn(sh.p, k) && k.startsWith(t)) {
            g.lists.push(sh.p[k]);
            if (sh.x.includes(k)) g.complete = false;
          }
        }
      }
      return g;
    }

    // search returns up to limit results for q, best first: sections
    // with every word whose list is complete, ranked by how many words
    // they match, then by summed weights (heading and title matches
    // outweigh any count in the text), then in page and section order.
    async function search(q, limit) {
      var m = await get("manifest.json"), p = parse(q), hits = new Map(), need = 0;
      if (!m.s.length || !p.ws.length && !p.pre) return [];
      var groups = await Promise.all(p.ws.map(function (w) { return group(m, w, false); })
        .concat(p.pre ? [group(m, p.pre, true)] : []));
      groups.forEach(function (g) {
        var best = new Map();
        g.lists.forEach(function (l) {
          for (var i = 0, d = 0; i < l.length; i += 3) {
            d += l[i];
            var k = d * 65536 + l[i + 1];
            if (!(best.get(k) >= l[i + 2])) best.set(k, l[i + 2]);
          }
        });
        need += g.complete;
        best.forEach(function (w, k) {
          var h = hits.get(k) || { k: k, n: 0, c: 0, w: 0 };
          hits.set(k, h);
          h.n++;
          h.w += w;
          h.c += g.complete;
        });
      });
      var top = [...hits.values()].filter(function (h) { return h.c === need; })
        .sort(function (a, b) { return b.n - a.n || b.w - a.w || a.k - b.k; }).slice(0, limit);
      return Promise.all(top.map(async function (h) {
        var n = Math.floor(h.k / 65536), pg = (await get("p/" + Math.floor(n / m.g) + ".json", m.v))[n % m.g],
          s = pg.s[h.k % 65536];
        return { url: pg.u + (s[0] ? "#" + s[0] : ""), title: pg.t, heading: s[1], excerpt: s[2] };
      }));
    }
    return { search: search, manifest: function () { return get("manifest.json"); } };
  }

  // parts splits text into [string, matched] runs for highlighting; with
  // max, it keeps a window of about max characters from a little before
  // the first match, cut at spaces and marked with "…".
  function parts(text, match, max) {
    var rs = [], out = [], start = 0, end = text.length;
    for (var m of text.matchAll(WORD)) if (match(m[0])) rs.push([m.index, m.index + m[0].length]);
    if (max && end > max) {
      if (rs.length) start = text.lastIndexOf(" ", rs[0][0] - 30) + 1;
      end = start + max < end ? text.lastIndexOf(" ", start + max) : end;
      if (end <= start) end = start + max;
    }
    var pos = start;
    rs.forEach(function (r) {
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

  var dialog, input, list, status, searcher, timer, opener, seq = 0, leaving = false;

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  // hl fills node with text, matched words in <mark> elements. Text is
  // only ever added as text nodes, never parsed as HTML.
  function hl(node, text, match, max) {
    node.append.apply(node, parts(text, match, max).map(function (p) {
      return p[1] ? el("mark", "", p[0]) : p[0];
    }));
    return node;
  }

  function create(base) {
    searcher = Searcher(function (path, v) {
      // The manifest names the current index, so it is revalidated; the
      // other files are named by its version and can be cached.
      return fetch(base + path + (v ? "?v=" + v : ""), { cache: v ? "default" : "no-cache" })
        .then(function (r) {
          if (!r.ok) throw new Error(r.status + " " + path);
          return r.json();
        });
    });
    // Ids carry a prefix no heading slug is likely to have: the dialog
    // joins the page, whose headings have ids.
    dialog = el("dialog", "search-dialog");
    dialog.setAttribute("aria-labelledby", "lw-search-label");
    var bar = el("div", "search-bar"), label = el("label", "search-label", "Search the docs"),
      close = el("button", "search-close", "Close");
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
    list.setAttribute("aria-label", "Results");
    bar.append(label, input, close);
    dialog.append(bar, status, list);
    document.body.append(dialog);

    close.addEventListener("click", function () { dialog.close(); });
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
    searcher.search(q, 10).then(function (rs) {
      if (n !== seq) return;
      var match = matcher(q);
      list.replaceChildren.apply(list, rs.map(function (r) {
        var li = el("li"), a = el("a");
        a.href = r.url;
        // The page's title is marked only where it is the result's
        // heading: above a section's heading it would repeat the marks.
        a.append(r.heading ? el("span", "search-hit-page", r.title) : hl(el("span", "search-hit-heading"), r.title, match));
        if (r.heading) a.append(" ", hl(el("span", "search-hit-heading"), r.heading, match));
        if (r.excerpt) a.append(" ", hl(el("span", "search-hit-snippet"), r.excerpt, match, 160));
        li.append(a);
        return li;
      }));
      status.textContent = !q.trim() ? "" : !rs.length ? "No results for “" + q.trim() + "”"
        : rs.length === 10 ? "Top 10 results" : rs.length + (rs.length > 1 ? " results" : " result");
    }, function () {
      if (n === seq) status.textContent = "Search is unavailable: its index could not be loaded.";
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

  globalThis.LatticeworkSearch = { open: open, norm: norm, parse: parse, matcher: matcher, parts: parts, Searcher: Searcher };
})();
