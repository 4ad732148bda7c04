// Cause checklist front end. Every rule (a sign's level, which causes and actions a tick brings,
// their order, when the "after a few weeks" line shows) is worked out in Python
// (front_end_catalogue in widgets/causes.py) and sent in the `catalogue` trait. This file only
// looks up the ticked ids there and draws, so the static book (no kernel) and Jupyter always show
// the model's plan.
let counter = 0;

// The plan for the ticked ids: unions of what each tick brings, kept in the orders Python sent.
// Ticked warning signs stay in their own level's group, most serious group first.
export function plan(data, selectedIds) {
  const chosen = new Set(selectedIds);
  const ticks = [...chosen].map((id) => data.ticks[id]);
  const brought = (key) => {
    const ids = new Set(ticks.flatMap((t) => t[key]));
    return (item) => ids.has(item.id);
  };
  const actions = data.actions.filter(brought("actions"));
  return {
    signGroups: data.groups.filter((g) => g.level)
      .map((g) => ({ ...g, signs: g.items.filter((item) => chosen.has(item.id)) }))
      .filter((g) => g.signs.length),
    factors: data.factors.filter(brought("factors")),
    actions: actions.filter((a) => !a.avoid),
    avoid: actions.filter((a) => a.avoid),
    followUp: ticks.every((t) => t.follow_up) ? data.messages.follow_up : null,
  };
}

const esc = (text) => String(text).replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  node.append(...children);
  return node;
}

function list(title, items, line) {
  if (!items.length) return [];
  return [el("h4", {}, title), el("ul", {}, ...items.map((item) => el("li", {}, ...line(item))))];
}

// In a notebook (JupyterLab, Notebook 7, classic) the output sits in an output area and the
// Python kernel receives every tick; in the static book nothing leaves the page.
const NOTEBOOK_OUTPUT = ".jp-OutputArea, .jp-OutputArea-output, .output_area";
const PRIVACY = {
  book: "Your ticks stay on this device. Nothing is sent anywhere.",
  notebook: "In this notebook, your ticks are sent to the Python kernel that runs it (on Binder, " +
    "a server you share for the session). Nothing is saved after you close it.",
};

// Paper sizes: nothing below 10 pt, and a long plan runs onto the next page instead of shrinking.
// Headings stay with what follows them, and an alert panel or a list item is never split.
const PRINT_CSS = `
@page { size: A4; margin: 14mm 14mm 16mm; }
* { box-sizing: border-box; }
html, body { margin: 0; background: var(--course-palette-paper); color: var(--course-palette-black); }
body { font: 11pt/1.35 system-ui, "DejaVu Sans", Arial, sans-serif;
  -webkit-print-color-adjust: exact; print-color-adjust: exact; }
h1 { font-size: 17pt; margin: 0 0 1mm; } h2 { font-size: 13pt; margin: 5mm 0 1.5mm; }
h3, h4 { font-size: 11pt; margin: 3mm 0 1mm; }
h1, h2, h3, h4 { break-after: avoid; }
p { margin: 1mm 0; } ul { margin: 1mm 0; padding-left: 6mm; } li { margin: 0.5mm 0; break-inside: avoid; }
.cc-date { color: var(--course-palette-muted); }
.cc-alert { padding: 2.5mm 3.5mm; border-radius: 2mm; margin: 2mm 0; break-inside: avoid; }
.cc-alert-title { display: block; margin: 0; font-size: 12pt; }
.cc-signs { columns: 2; column-gap: 8mm; }
.cc-evidence { font-style: italic; }
`;

function render({ model, el: host }) {
  const data = model.get("catalogue");
  const id = `cw-cc-${++counter}`;
  const root = el("div", { class: "cw-root cc-root" });
  const form = el("form", { "aria-labelledby": `${id}-t` });
  form.addEventListener("submit", (e) => e.preventDefault());
  // JupyterLab's notebook shortcuts listen on the document; without this, Space, arrows and
  // letters pressed on a checkbox would also run notebook commands.
  form.addEventListener("keydown", (e) => e.stopPropagation());
  const privacy = el("p", { class: "cw-note cc-privacy" });
  root.append(el("h3", { id: `${id}-t` }, "What applies to you?"), privacy, form);

  const boxes = [];
  const groupAlerts = new Map(); // sign level id -> the alert shown beside that group
  for (const g of data.groups) {
    const fs = el("fieldset", { class: g.level ? `cc-group cc-warning cc-warning-${g.level}` : "cc-group" },
      el("legend", {}, g.name));
    for (const item of g.items) {
      const box = el("input", { type: "checkbox", id: `${id}-${item.id}`, value: item.id });
      boxes.push(box);
      fs.append(el("label", { for: box.id }, box, el("span", {}, item.label)));
    }
    if (g.level) {
      // A copy of the alert beside the group: not a live region (the one at the top of the
      // plan is), so screen readers hear it once.
      const slot = el("div", { class: "cc-group-alert" });
      groupAlerts.set(g.level, slot);
      fs.append(slot);
    }
    form.append(fs);
  }

  // Why no focus move: a reader may tick several boxes in a row; moving focus to the plan
  // would throw them out of the list, and screen readers would start reading from elsewhere.
  // Instead the top-of-plan slot is the one live region (role=alert: announced at once, focus
  // stays on the checkbox), and sighted readers see a copy right under the box they ticked,
  // scrolled into view if needed, because the plan may be a screen or more below.
  const alertBox = el("div", { role: "alert", class: "cc-alert-slot" });
  // Screen readers hear a one-line summary on each change, not the whole plan again.
  const status = el("p", { role: "status", class: "cc-status" });
  const planBox = el("div", { class: "cc-plan" });
  const printBtn = el("button", { type: "button", class: "cc-print" }, "Print my plan");
  const result = el("section", { class: "cw-result cc-result", "aria-labelledby": `${id}-r` },
    el("h3", { id: `${id}-r` }, "Your plan"), alertBox, status, planBox, printBtn);
  root.append(result);
  host.append(root);

  const setPrivacy = () => { privacy.textContent = PRIVACY[host.closest(NOTEBOOK_OUTPUT) ? "notebook" : "book"]; };
  setPrivacy();
  requestAnimationFrame(setPrivacy); // JupyterLab attaches the view to the page after render()

  // One panel per level ticked, each with its own title, message and ticked signs.
  const alertPanel = (g) => el("div", { class: `cc-alert cc-alert-${g.level}` },
    el("h4", { class: "cc-alert-title" }, g.title), el("p", {}, g.message),
    el("ul", {}, ...g.signs.map((s) => el("li", {}, s.label))));
  const tag = (text) => el("span", { class: "cc-evidence" }, ` (${text})`);
  // A name is always followed by its own label, the same words as in the book's cards.
  const actionLine = (a) => [el("strong", {}, a.name), tag(a.label), `: ${a.advice}`,
    ...(a.caution ? [` Take care: ${a.caution}`] : [])];

  let lastBox = null;
  function update() {
    const selected = model.get("selected");
    for (const box of boxes) box.checked = selected.includes(box.value);
    const r = plan(data, selected);
    alertBox.replaceChildren(...r.signGroups.map(alertPanel));
    for (const [level, slot] of groupAlerts) {
      const g = r.signGroups.find((sg) => sg.level === level);
      slot.replaceChildren();
      if (!g) { slot.remove(); continue; }
      const ticked = boxes.filter((b) => g.signs.some((s) => s.id === b.value));
      const near = ticked.includes(lastBox) ? lastBox : ticked[ticked.length - 1];
      slot.append(el("div", { class: `cc-alert cc-alert-${level}` },
        el("strong", { class: "cc-alert-title" }, g.title), el("p", {}, g.message)));
      near.closest("label").after(slot);
      if (near === lastBox) slot.scrollIntoView({ block: "nearest" });
    }
    planBox.replaceChildren();
    if (!selected.length) {
      status.textContent = "";
      planBox.append(el("p", {}, data.messages.none_selected));
      return;
    }
    const count = (n, one, many) => `${n} ${n === 1 ? one : many}`;
    status.textContent = `Plan updated: ${count(r.factors.length, "possible cause", "possible causes")}, ` +
      `${count(r.actions.length, "thing to try", "things to try")}.`;
    if (r.signGroups.length && !r.actions.length) planBox.append(el("p", {}, data.messages.no_factors));
    planBox.append(
      ...list("Things that may add to your pain", r.factors, (c) => [el("strong", {}, c.name), tag(c.label), `: ${c.text}`]),
      ...list("What you can try", r.actions, actionLine),
      ...list("Less useful or not advised", r.avoid, actionLine),
      el("p", { class: "cw-note" }, data.messages.caveat),
      ...(r.followUp ? [el("p", { class: "cw-note cc-follow-up" }, r.followUp)] : []),
    );
  }

  // The printout is its own small document in a hidden frame: printing the page itself would
  // bring the book (or JupyterLab) layout along, with blank or shifted pages.
  function printDocument() {
    const selected = new Set(model.get("selected"));
    const ticked = data.groups.flatMap((g) => g.items).filter((item) => selected.has(item.id));
    const clone = result.cloneNode(true);
    clone.querySelectorAll(".cc-status, .cc-print, h3").forEach((n) => n.remove());
    clone.querySelector("[role=alert]")?.removeAttribute("role");
    // Each panel keeps its on-screen colours (from widgets.css), so no colour is typed here.
    const shown = result.querySelectorAll(".cc-alert");
    clone.querySelectorAll(".cc-alert").forEach((panel, i) => {
      const style = getComputedStyle(shown[i]);
      for (const prop of ["background-color", "color", "border"]) panel.style.setProperty(prop, style.getPropertyValue(prop));
    });
    const signs = data.groups.filter((g) => data.printed_sign_levels.includes(g.level)).map((g) =>
      `<section><h3>${esc(g.title)}</h3><ul>${g.items.map((s) => `<li>${esc(s.label)}</li>`).join("")}</ul></section>`).join("");
    const date = new Date().toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
    return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>My back and neck plan</title>` +
      `<style>${model.get("_css")}${PRINT_CSS}</style></head><body><h1>My back and neck plan</h1>` +
      `<p class="cc-date">Made on ${date}. This is a guide, not a diagnosis.</p>` +
      `<h2>What I ticked</h2><ul>${ticked.map((t) => `<li>${esc(t.label)}</li>`).join("") || "<li>Nothing yet</li>"}</ul>` +
      `<h2>My plan</h2>${clone.innerHTML}<h2>Warning signs: get help</h2><div class="cc-signs">${signs}</div></body></html>`;
  }
  printBtn.addEventListener("click", () => {
    document.querySelectorAll("iframe.cc-print-frame").forEach((f) => f.remove());
    const frame = el("iframe", { class: "cc-print-frame", title: "Printable plan", "aria-hidden": "true", tabindex: "-1",
      style: "position:fixed;left:-10000px;top:0;width:794px;height:1123px;border:0" });
    document.body.append(frame);
    const doc = frame.contentDocument;
    doc.open();
    doc.write(printDocument());
    doc.close();
    frame.contentWindow.print();
  });

  for (const box of boxes) {
    box.addEventListener("change", () => {
      lastBox = box;
      const ids = boxes.filter((b) => b.checked).map((b) => b.value);
      model.set("selected", ids);  // fires change:selected, which runs update()
      model.save_changes();
    });
  }
  model.on("change:selected", update);
  update();
  return () => model.off("change:selected", update);
}

export default { render };
