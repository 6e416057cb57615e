// Exercises reload.js in Node against a minimal fake DOM, EventSource and
// sessionStorage. Run by TestClientScriptBehaviour; prints "ok" or exits 1.
"use strict";

const fs = require("fs");
const vm = require("vm");
const assert = require("assert");

const code = fs.readFileSync(process.argv[2], "utf8");

class FakeElement {
  constructor(tag) {
    this.tagName = tag.toUpperCase();
    this.style = {};
    this.attributes = {};
    this.children = [];
    this.parent = null;
    this.listeners = {};
    this._text = "";
  }
  set textContent(v) {
    this._text = String(v);
    this.children = [];
  }
  get textContent() {
    return this._text + this.children.map((c) => c.textContent).join("");
  }
  set innerHTML(v) {
    throw new Error("innerHTML used");
  }
  setAttribute(k, v) {
    if (k === "style") throw new Error("style attribute set; CSP would block it");
    this.attributes[k] = String(v);
  }
  append(...nodes) {
    for (const n of nodes) {
      n.parent = this;
      this.children.push(n);
    }
  }
  remove() {
    if (!this.parent) return;
    this.parent.children = this.parent.children.filter((c) => c !== this);
    this.parent = null;
  }
  attachShadow() {
    this.shadow = new FakeElement("#shadow");
    return this.shadow;
  }
  addEventListener(type, fn) {
    (this.listeners[type] ||= []).push(fn);
  }
  focus() {}
  find(pred) {
    const all = [this, ...(this.shadow ? [this.shadow] : []), ...this.children];
    for (const n of all) {
      if (pred(n)) return n;
      if (n !== this) {
        const found = n.find(pred);
        if (found) return found;
      }
    }
    return null;
  }
}

function setup({ path = "/guide/", storage = {}, token = "I.0" } = {}) {
  const body = new FakeElement("body");
  const docListeners = {};
  const winListeners = {};
  const sources = [];
  const timers = [];
  const state = { reloads: 0, scrolledTo: null };
  class EventSource {
    constructor(url) {
      this.url = url;
      this.readyState = 0;
      this.listeners = {};
      sources.push(this);
    }
    addEventListener(type, fn) {
      (this.listeners[type] ||= []).push(fn);
    }
    emit(type, data) {
      for (const fn of this.listeners[type] || []) fn({ data, type });
    }
    close() {
      this.readyState = EventSource.CLOSED;
      this.closed = true;
    }
  }
  EventSource.CLOSED = 2;
  const store = new Map(Object.entries(storage));
  const context = {
    URL,
    JSON,
    Array,
    Object,
    String,
    Math,
    EventSource,
    setTimeout: (fn, ms) => timers.push({ fn, ms }),
    sessionStorage: {
      getItem: (k) => (store.has(k) ? store.get(k) : null),
      setItem: (k, v) => store.set(k, String(v)),
      removeItem: (k) => store.delete(k),
    },
    location: {
      pathname: path,
      search: "",
      reload: () => state.reloads++,
    },
    document: {
      currentScript: { src: "http://127.0.0.1:1313/_latticework/reload.js?v=" + token },
      readyState: "interactive",
      body,
      documentElement: body,
      createElement: (tag) => new FakeElement(tag),
      addEventListener: (t, fn) => (docListeners[t] ||= []).push(fn),
      removeEventListener: (t, fn) => {
        docListeners[t] = (docListeners[t] || []).filter((f) => f !== fn);
      },
    },
  };
  context.window = {
    scrollX: 10,
    scrollY: 420,
    scrollTo: (x, y) => (state.scrolledTo = [x, y]),
    addEventListener: (t, fn) => (winListeners[t] ||= []).push(fn),
  };
  vm.createContext(context);
  vm.runInContext(code, context);
  return { body, docListeners, winListeners, sources, timers, state, store };
}

const overlayOf = (env) => env.body.children.find((c) => c.attributes && c.shadow);

// Connects, naming its page, and a hello with the page's own token
// changes nothing.
{
  const env = setup();
  assert.strictEqual(env.sources.length, 1);
  assert.strictEqual(env.sources[0].url, "/_latticework/events?page=%2Fguide%2F");
  env.sources[0].emit("hello", "I.0");
  assert.strictEqual(env.state.reloads, 0);
}

// A hello announcing another build reloads, saving the scroll position.
{
  const env = setup();
  env.sources[0].emit("hello", "I.1");
  assert.strictEqual(env.state.reloads, 1);
  const saved = JSON.parse(env.store.get("latticework:scroll"));
  assert.deepStrictEqual(saved, { page: "/guide/", x: 10, y: 420 });
}

// "reload" reloads; the next page restores the scroll position after load.
{
  const env = setup();
  env.sources[0].emit("reload", "I.1");
  assert.strictEqual(env.state.reloads, 1);
  const next = setup({ storage: Object.fromEntries(env.store) });
  assert.strictEqual(next.state.scrolledTo, null);
  for (const fn of next.winListeners.load) fn();
  assert.deepStrictEqual(next.state.scrolledTo, [10, 420]);
  assert.ok(!next.store.has("latticework:scroll"));
  // A different page does not take the position.
  const other = setup({ path: "/other/", storage: Object.fromEntries(env.store) });
  assert.ok(!other.winListeners.load);
}

// "errors" shows an overlay built from text; an empty list removes it.
{
  const env = setup();
  const list = [
    { pos: "content/trust.md:4:7", col: 7, msg: "bad <b>key</b>", source: "\tsidbar: true" },
    { pos: "content/a.md", msg: "no title", warning: true },
  ];
  env.sources[0].emit("errors", JSON.stringify(list));
  const host = overlayOf(env);
  assert.ok(host, "overlay shown");
  assert.strictEqual(host.style.position, "fixed");
  assert.ok(Number(host.style.zIndex) > 1000000);
  const dialog = host.find((n) => n.attributes.role === "alertdialog" || n.attributes.role === "alert");
  assert.ok(dialog, "overlay has an alert role");
  const text = host.shadow.textContent;
  assert.ok(text.includes("content/trust.md:4:7: bad <b>key</b>"), text);
  assert.ok(text.includes("content/a.md: warning: no title"), text);
  const pre = host.find((n) => n.tagName === "PRE");
  assert.strictEqual(pre.textContent, "\tsidbar: true\n\t     ^");

  // Escape dismisses it.
  for (const fn of env.docListeners.keydown) fn({ key: "Escape" });
  assert.ok(!overlayOf(env));

  // New errors show again; clearing removes them.
  env.sources[0].emit("errors", JSON.stringify(list));
  assert.ok(overlayOf(env));
  env.sources[0].emit("errors", "[]");
  assert.ok(!overlayOf(env));
  assert.strictEqual((env.docListeners.keydown || []).length, 0);

  // The dismiss button works too.
  env.sources[0].emit("errors", JSON.stringify(list));
  const button = overlayOf(env).find((n) => n.tagName === "BUTTON");
  for (const fn of button.listeners.click) fn({});
  assert.ok(!overlayOf(env));
}

// A stream the browser gave up on is reopened.
{
  const env = setup();
  env.sources[0].readyState = 2;
  env.sources[0].emit("error");
  assert.ok(env.sources[0].closed);
  assert.strictEqual(env.timers.length, 1);
  env.timers[0].fn();
  assert.strictEqual(env.sources.length, 2);
  // A transient error the browser retries by itself is left to it.
  env.sources[1].readyState = 0;
  env.sources[1].emit("error");
  assert.strictEqual(env.timers.length, 1);
}

console.log("ok");
