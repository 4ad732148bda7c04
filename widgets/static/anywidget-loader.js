// Renders the course's anywidgets in the static HTML book, with no kernel and no widget manager.
//
// myst-nb writes the notebook's widget state into one <script type="...widget-state+json"> and
// each displayed widget as a <script type="...widget-view+json"> where the output was. For each
// view this script builds a small model (the part of anywidget's front-end API our widgets use),
// imports the model's `_esm` from a Blob URL, applies its `_css` and calls render() on a <div>
// placed after the view script. Works for any anywidget whose ES module myst-nb embeds.
//
// It is a classic deferred script, not a module: Chromium and Firefox refuse module scripts and
// import() of files on a page opened from the file system (origin 'null'), but they run classic
// scripts and import() Blob URLs there, so the same file works over http and from a folder or
// USB stick. Loaded only on pages with widget state, through nb_ipywidgets_js in _config.yml;
// widgets.sphinx_assets publishes it in _static/. A widget that cannot start gets a plain
// message in its place; if this script never runs, the .cw-fallback note that _ext/course_site.py
// puts after each view shows instead (course.css reveals it after a short delay).
// In Jupyter the anywidget lab extension renders the same modules; this file is never used there.
(() => {
  const STATE = "application/vnd.jupyter.widget-state+json";
  const VIEW = "application/vnd.jupyter.widget-view+json";

  // Synced values are JSON, so JSON text equality is value equality (as Backbone's isEqual).
  const same = (a, b) => a === b || JSON.stringify(a) === JSON.stringify(b);

  class Model {
    constructor(state) {
      this.state = { ...state };
      this.handlers = new Map(); // event name -> Set of callbacks
    }

    get(name) {
      return this.state[name];
    }

    // As in anywidget (Backbone): "change:<name>" then "change" fire at once on a new value.
    set(name, value) {
      if (same(this.state[name], value)) return;
      this.state[name] = value;
      this.emit(`change:${name}`, value);
      this.emit("change");
    }

    // No kernel to send to: set() has already told every view.
    save_changes() {}

    send() {}

    on(event, callback) {
      if (!this.handlers.has(event)) this.handlers.set(event, new Set());
      this.handlers.get(event).add(callback);
    }

    off(event, callback) {
      if (event === undefined) this.handlers.clear();
      else if (callback === undefined) this.handlers.delete(event);
      else this.handlers.get(event)?.delete(callback);
    }

    emit(event, ...args) {
      for (const callback of [...(this.handlers.get(event) ?? [])]) callback(...args);
    }
  }

  // One module per distinct `_esm` text, so instances of one widget share module state (such as
  // the id counters that keep element ids unique on a page) and each module is imported once.
  const modules = new Map();
  function importEsm(source) {
    if (!modules.has(source)) {
      const url = URL.createObjectURL(new Blob([source], { type: "text/javascript" }));
      modules.set(source, import(url).finally(() => URL.revokeObjectURL(url)));
    }
    return modules.get(source);
  }

  const styles = new Set();
  function applyCss(css) {
    if (!css || styles.has(css)) return;
    styles.add(css);
    const style = document.createElement("style");
    style.textContent = css;
    document.head.append(style);
  }

  function readState() {
    const state = {};
    for (const script of document.querySelectorAll(`script[type="${STATE}"]`)) {
      Object.assign(state, JSON.parse(script.textContent).state);
    }
    return state;
  }

  // model id -> Promise of {model, widget}: the model is made and initialize() run once, however
  // many views it has.
  function loadModel(entry) {
    return (async () => {
      const model = new Model(entry.state);
      applyCss(model.get("_css"));
      const mod = await importEsm(model.get("_esm"));
      const widget = mod.default ?? mod; // `export default {render}` or `export function render`
      await widget.initialize?.({ model });
      return { model, widget };
    })();
  }

  function notice(host, text) {
    const p = document.createElement("p");
    p.className = "cw-unsupported";
    p.textContent = text;
    host.append(p);
  }

  async function renderAll() {
    const state = readState();
    const loaded = new Map();
    const views = [...document.querySelectorAll(`script[type="${VIEW}"]`)].map(async (script) => {
      const host = document.createElement("div");
      host.className = "cw-widget";  // a stable hook for tests and print CSS
      if (script.nextElementSibling?.matches(".cw-fallback")) script.nextElementSibling.remove();
      script.after(host);
      const id = JSON.parse(script.textContent).model_id;
      const entry = state[id];
      if (entry?.model_module !== "anywidget") {
        const name = entry?.model_name ?? "unknown widget";
        notice(host, `This interactive part (${name}) only works ` +
          "when the page is opened in Jupyter.");
        return;
      }
      try {
        if (!loaded.has(id)) loaded.set(id, loadModel(entry));
        const { model, widget } = await loaded.get(id);
        await widget.render({ model, el: host });
      } catch (err) {
        notice(host, "This interactive part could not start. Try reloading the page.");
        console.error(err);
      }
    });
    await Promise.all(views);
  }

  renderAll();
})();
