// Live reload for the Latticework development server.
//
// Listens to the server's event stream: "reload" reloads the page and keeps
// its scroll position; "errors" shows the build's problems in an overlay
// (an empty list removes it); "hello" carries the token of the current build,
// and a page served before that build reloads. The overlay is built with DOM
// methods and textContent only, styled through element.style (which a
// Content-Security-Policy without 'unsafe-inline' still allows, unlike style
// attributes and <style> elements), and kept in a shadow root so the site's
// CSS cannot restyle it.
(() => {
  "use strict";

  const eventsURL = "/_latticework/events";
  const scrollKey = "latticework:scroll";
  const script = document.currentScript;
  const pageToken = script ? new URL(script.src).searchParams.get("v") : null;

  let source = null;
  let retryDelay = 1000;
  let overlay = null;
  let onKey = null;

  restoreScroll();
  connect();

  function connect() {
    // The page's path tells the server which pages to rebuild first.
    source = new EventSource(eventsURL + "?page=" + encodeURIComponent(location.pathname));
    source.addEventListener("open", () => {
      retryDelay = 1000;
    });
    source.addEventListener("hello", (e) => {
      if (pageToken && e.data !== pageToken) reload();
    });
    source.addEventListener("reload", reload);
    source.addEventListener("errors", (e) => {
      let list;
      try {
        list = JSON.parse(e.data);
      } catch {
        return;
      }
      showErrors(Array.isArray(list) ? list : []);
    });
    source.addEventListener("error", () => {
      // After a network error the browser retries by itself, but after an
      // HTTP error status (a server shutting down, a proxy in between) it
      // gives up for good; start a new stream then.
      if (source.readyState === EventSource.CLOSED) {
        source.close();
        setTimeout(connect, retryDelay);
        retryDelay = Math.min(retryDelay * 2, 10000);
      }
    });
  }

  function reload() {
    try {
      sessionStorage.setItem(
        scrollKey,
        JSON.stringify({ page: pageKey(), x: window.scrollX, y: window.scrollY }),
      );
    } catch {
      // Storage may be disabled; reloading matters more than scrolling.
    }
    if (source) source.close();
    location.reload();
  }

  function restoreScroll() {
    let saved = null;
    try {
      saved = JSON.parse(sessionStorage.getItem(scrollKey));
      sessionStorage.removeItem(scrollKey);
    } catch {
      return;
    }
    if (!saved || saved.page !== pageKey()) return;
    // Images and fonts change the page's height until "load".
    const restore = () => window.scrollTo(saved.x, saved.y);
    if (document.readyState === "complete") restore();
    else window.addEventListener("load", restore, { once: true });
  }

  function pageKey() {
    return location.pathname + location.search;
  }

  function el(tag, style, text) {
    const node = document.createElement(tag);
    Object.assign(node.style, style);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function hideErrors() {
    if (overlay) overlay.remove();
    overlay = null;
    if (onKey) document.removeEventListener("keydown", onKey);
    onKey = null;
  }

  function showErrors(list) {
    hideErrors();
    if (list.length === 0) return;
    const failed = list.some((e) => !e.warning);
    const accent = failed ? "#c62828" : "#a15c00";

    const host = el("div", {
      position: "fixed",
      inset: "0",
      zIndex: "2147483647",
    });
    host.id = "latticework-overlay";
    const root = host.attachShadow({ mode: "open" });

    const backdrop = el("div", {
      position: "absolute",
      inset: "0",
      background: "rgba(0, 0, 0, 0.55)",
      display: "flex",
      alignItems: "flex-start",
      justifyContent: "center",
      padding: "2rem 1rem",
      boxSizing: "border-box",
      overflow: "auto",
    });
    backdrop.addEventListener("click", (e) => {
      if (e.target === backdrop) hideErrors();
    });

    const panel = el("div", {
      background: "#ffffff",
      color: "#1a1a1a",
      font: "15px/1.5 system-ui, -apple-system, 'Segoe UI', sans-serif",
      textAlign: "left",
      borderTop: "6px solid " + accent,
      borderRadius: "6px",
      boxShadow: "0 10px 40px rgba(0, 0, 0, 0.4)",
      width: "100%",
      maxWidth: "60rem",
      padding: "1.25rem 1.5rem",
      boxSizing: "border-box",
    });
    panel.setAttribute("role", "alertdialog");
    panel.setAttribute("aria-labelledby", "latticework-title");

    const header = el("div", {
      display: "flex",
      alignItems: "baseline",
      justifyContent: "space-between",
      gap: "1rem",
    });
    const title = el(
      "h2",
      { margin: "0", fontSize: "1.25rem", color: accent },
      failed
        ? "Build failed: showing the last good version of the site"
        : "Build warnings",
    );
    title.id = "latticework-title";
    const close = el(
      "button",
      {
        font: "inherit",
        fontSize: "1.5rem",
        lineHeight: "1",
        background: "none",
        border: "none",
        color: "#444",
        cursor: "pointer",
        padding: "0 0.25rem",
      },
      "\u00d7",
    );
    close.type = "button";
    close.setAttribute("aria-label", "Dismiss");
    close.addEventListener("click", hideErrors);
    header.append(title, close);
    panel.append(header);

    const items = el("ol", { listStyle: "none", margin: "1rem 0 0", padding: "0" });
    for (const e of list) {
      const item = el("li", { margin: "0 0 1rem" });
      const line =
        String(e.pos || "") + ": " + (e.warning ? "warning: " : "") + String(e.msg || "");
      item.append(
        el(
          "div",
          {
            fontFamily: "ui-monospace, SFMono-Regular, Menlo, Consolas, monospace",
            fontSize: "14px",
            color: e.warning ? "#7a4500" : "#8e0000",
            whiteSpace: "pre-wrap",
            overflowWrap: "anywhere",
          },
          line,
        ),
      );
      if (e.source) {
        item.append(
          el(
            "pre",
            {
              margin: "0.35rem 0 0",
              padding: "0.5rem 0.75rem",
              background: "#f4f4f4",
              color: "#1a1a1a",
              borderRadius: "4px",
              font: "14px/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace",
              overflowX: "auto",
              tabSize: "4",
            },
            e.source + caret(e.source, e.col),
          ),
        );
      }
      items.append(item);
    }
    panel.append(items);
    panel.append(
      el(
        "p",
        { margin: "0", fontSize: "13px", color: "#555" },
        "Fix the problem and save: the page updates by itself. Press Escape to dismiss.",
      ),
    );

    backdrop.append(panel);
    root.append(backdrop);
    (document.body || document.documentElement).append(host);
    overlay = host;
    onKey = (e) => {
      if (e.key === "Escape") hideErrors();
    };
    document.addEventListener("keydown", onKey);
    close.focus({ preventScroll: true });
  }

  // caret returns a line marking column col (1-based, in characters) of
  // source, keeping tabs so that the mark lines up, or "" without a column.
  function caret(source, col) {
    if (!(col > 0)) return "";
    const chars = Array.from(source).slice(0, col - 1);
    return "\n" + chars.map((c) => (c === "\t" ? "\t" : " ")).join("") + "^";
  }
})();
