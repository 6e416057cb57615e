// Inlined at the top of every page (its hash is in the page's CSP), so a
// reader's chosen theme applies before the first paint: no flash of the
// other theme, and no request that blocks rendering.
(function () {
  try {
    var t = localStorage.getItem("latticework:theme");
    if (t === "light" || t === "dark") document.documentElement.setAttribute("data-theme", t);
  } catch (e) { /* storage blocked: follow the system */ }
})();
