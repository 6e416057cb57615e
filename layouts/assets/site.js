// Progressive enhancement for every page: the theme toggle, and the menu
// button that opens the sidebar as a drawer on small screens. Without
// script, pages follow the system theme and the menu button is a link to
// the sidebar, so every page stays readable and navigable.
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("js");

  // The theme: the reader's choice (set before paint by the inline
  // script), else the system's. The toggle stores an explicit choice.
  // The build puts the page's language's words here (package i18n).
  var UI = { toDark: "Switch to dark theme", toLight: "Switch to light theme", darkOn: "Dark theme is on", lightOn: "Light theme is on" }; // i18n latticework.theme
  var toggle = document.querySelector(".theme-toggle");
  var system = window.matchMedia("(prefers-color-scheme: dark)");
  function dark() {
    var t = root.getAttribute("data-theme");
    return t ? t === "dark" : system.matches;
  }
  // The label says what a press does, the icon (sun or moon) and the
  // tooltip what is on now. The button stays hidden until this runs, so
  // it never shows a stale label.
  function sync() {
    var d = dark();
    toggle.querySelector(".theme-toggle-label").textContent = d ? UI.toLight : UI.toDark;
    toggle.querySelector(".theme-toggle-icon").textContent = d ? "☾" : "☀";
    toggle.title = d ? UI.darkOn : UI.lightOn;
  }
  if (toggle) {
    toggle.hidden = false;
    sync();
    system.addEventListener("change", sync);
    toggle.addEventListener("click", function () {
      var t = dark() ? "light" : "dark";
      root.setAttribute("data-theme", t);
      try { localStorage.setItem("latticework:theme", t); } catch (e) { /* not remembered */ }
      sync();
    });
  }

  // A worksheet's scripts load only as the worksheet nears the viewport,
  // or on the first focus in it: most readers never pay for it.
  var wsScript = document.body.getAttribute("data-worksheet-script");
  var forms = document.querySelectorAll("form.worksheet-form");
  if (wsScript && forms.length) {
    var loaded = false;
    var load = function () {
      if (loaded) return;
      loaded = true;
      // The scripts (worksheet-store.js, then worksheet.js) run in order.
      wsScript.split(" ").forEach(function (src) {
        var s = document.createElement("script");
        s.src = src;
        s.async = false;
        document.head.appendChild(s);
      });
    };
    forms.forEach(function (f) { f.addEventListener("focusin", load, { once: true }); });
    if (window.IntersectionObserver) {
      var io = new IntersectionObserver(function (es) {
        if (es.some(function (e) { return e.isIntersecting; })) { io.disconnect(); load(); }
      }, { rootMargin: "1200px 0px" });
      forms.forEach(function (f) { io.observe(f); });
    } else {
      load();
    }
  }

  var button = document.querySelector(".menu-button");
  var sidebar = document.getElementById("sidebar");
  if (!button || !sidebar) return;
  button.setAttribute("role", "button");
  button.setAttribute("aria-expanded", "false");
  function setOpen(open) {
    root.classList.toggle("nav-open", open);
    button.setAttribute("aria-expanded", String(open));
    if (open) {
      var current = sidebar.querySelector("[aria-current]") || sidebar.querySelector("a");
      if (current) current.focus();
    }
  }
  button.addEventListener("click", function (e) {
    e.preventDefault();
    setOpen(!root.classList.contains("nav-open"));
  });
  button.addEventListener("keydown", function (e) {
    if (e.key === " ") { e.preventDefault(); setOpen(!root.classList.contains("nav-open")); }
  });
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && root.classList.contains("nav-open")) { setOpen(false); button.focus(); }
  });
  sidebar.addEventListener("click", function (e) {
    var a = e.target.closest("a");
    if (a && !a.hasAttribute("data-nav-list")) setOpen(false);
  });
  // A click beside the open drawer, on the dimmed page, closes it.
  document.addEventListener("click", function (e) {
    if (root.classList.contains("nav-open") && !sidebar.contains(e.target) && !button.contains(e.target)) setOpen(false);
  });
})();

// A long list in the sidebar shows a window around the current page, its
// gaps linking to the full listing. With script, a gap shows the whole
// list in place instead: its items come from one JSON file per list
// (fingerprinted, so every page of the category shares the cached copy),
// fetched on the first click. The window's own entries stay as they are
// (the current page, its expanded category), and focus moves to the first
// entry the gap held. If the fetch fails, the link is followed.
(function () {
  "use strict";
  var sidebar = document.getElementById("sidebar");
  if (!sidebar) return;
  var lists = {};
  function load(url) {
    return lists[url] || (lists[url] = fetch(url).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      return r.json();
    }));
  }
  function expand(gap, items) {
    var first = null;
    Array.prototype.filter.call(gap.parentNode.children, function (li) {
      return li.classList.contains("nav-gap");
    }).forEach(function (li) {
      var a = li.firstElementChild, from = Number(a.getAttribute("data-nav-from"));
      var t = document.createElement("template");
      t.innerHTML = items.slice(from, from + Number(a.getAttribute("data-nav-skip"))).join("");
      if (li === gap) first = t.content.querySelector("a");
      li.replaceWith(t.content);
    });
    if (first) first.focus();
  }

  sidebar.addEventListener("click", function (e) {
    var a = e.target.closest("a[data-nav-list]");
    if (!a || e.button || e.ctrlKey || e.metaKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    var url = a.getAttribute("data-nav-list");
    load(url).then(function (items) {
      if (a.isConnected) expand(a.parentNode, items);
    }, function () {
      delete lists[url];
      location.href = a.href;
    });
  });
})();

// Search, for layouts/assets/site.js: the button shows only with script,
// and the first time a reader opens search (the button, "/" or
// Ctrl/Cmd-K), search.js and the dialog's stylesheet load; the script
// fetches the index itself. The dialog opens once both are in (a
// stylesheet that fails leaves it plain but working).
(function () {
  "use strict";
  var button = document.querySelector("[data-search]");
  if (!button) return;
  button.hidden = false;
  var loading = false, css;
  function load(tag, attrs) {
    var e = document.createElement(tag);
    Object.keys(attrs).forEach(function (k) { e[k] = attrs[k]; });
    document.head.append(e);
    return new Promise(function (resolve, reject) {
      e.onload = resolve;
      e.onerror = function () { e.remove(); reject(); };
    });
  }
  function open() {
    if (window.LatticeworkSearch) return window.LatticeworkSearch.open(button);
    if (loading) return;
    loading = true;
    var style = button.getAttribute("data-search-style");
    css = css || style && load("link", { rel: "stylesheet", href: style }).catch(function () {});
    load("script", { src: button.getAttribute("data-search-script") }).then(function () {
      return css;
    }).then(function () { window.LatticeworkSearch.open(button); }, function () { loading = false; });
  }
  button.addEventListener("click", open);
  document.addEventListener("keydown", function (e) {
    var t = e.target, typing = t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName);
    if (e.altKey) return;
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "k" || e.key === "/" && !typing && !e.ctrlKey && !e.metaKey) {
      e.preventDefault();
      open();
    }
  });
})();
