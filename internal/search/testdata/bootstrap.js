// Search, for layouts/assets/site.js: the button shows only with script,
// and the first time a reader opens search (the button, "/" or
// Ctrl/Cmd-K), search.js loads; it fetches the index itself.
(function () {
  "use strict";
  var button = document.querySelector("[data-search]");
  if (!button) return;
  button.hidden = false;
  var loading = false;
  function open() {
    if (window.LatticeworkSearch) return window.LatticeworkSearch.open(button);
    if (loading) return;
    loading = true;
    var s = document.createElement("script");
    s.src = button.getAttribute("data-search-script");
    s.onload = function () { window.LatticeworkSearch.open(button); };
    s.onerror = function () { loading = false; s.remove(); };
    document.head.append(s);
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
