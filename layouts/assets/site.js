// Progressive enhancement for every page: the menu button opens the
// sidebar as a drawer on small screens. Without script, the button is a
// link to the sidebar, so every page stays navigable.
(function () {
  "use strict";
  var root = document.documentElement;
  root.classList.add("js");
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
    if (e.target.closest("a")) setOpen(false);
  });
})();
