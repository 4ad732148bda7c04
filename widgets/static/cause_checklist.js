// Cause checklist front end. assess() applies the same rules as widgets.causes.assess to the
// `catalogue` trait (sent from widgets/data/causes.json), so it works in the static book with no
// kernel; tests keep the two equal.
let counter = 0;

export function assess(cat, selectedIds) {
  const chosen = new Set(selectedIds);
  const rank = Object.fromEntries(cat.evidence_scale.map((lvl, i) => [lvl.id, i]));
  const actionRank = (a) => (a.evidence ? rank[a.evidence] : cat.evidence_scale.length);
  const signs = cat.warning_signs.filter((s) => chosen.has(s.id));
  const level = cat.sign_levels.find((lvl) => signs.some((s) => s.level === lvl.id)) ?? null;
  const alert = level ? level.id : null;
  const serious = new Set(signs.flatMap((s) => s.causes));
  const factors = cat.causes.filter((c) => chosen.has(c.id) || serious.has(c.id));
  const wanted = new Set(factors.flatMap((c) => c.actions));
  // Array.prototype.sort is stable, like Python's sorted: catalogue order within a level.
  const ranked = cat.actions.filter((a) => wanted.has(a.id)).sort((a, b) => actionRank(a) - actionRank(b));
  return {
    alert, alertMessage: level ? `${level.title}. ${level.message}` : null, signs, factors,
    actions: ranked.filter((a) => a.evidence !== "not-recommended"),
    avoid: ranked.filter((a) => a.evidence === "not-recommended"),
    // Waiting "a few weeks" is the wrong advice once an emergency or urgent sign is ticked.
    followUp: alert === "emergency" || alert === "urgent" ? null : cat.messages.follow_up,
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

const PRINT_CSS = `
@page { size: A4; margin: 12mm; }
* { box-sizing: border-box; }
html, body { margin: 0; background: #fff; color: #000; }
body { width: 186mm; font: 10pt/1.3 system-ui, "DejaVu Sans", Arial, sans-serif;
  -webkit-print-color-adjust: exact; print-color-adjust: exact; }
h1 { font-size: 15pt; margin: 0 0 1mm; } h2 { font-size: 11pt; margin: 3mm 0 1mm; }
h3, h4 { font-size: 10pt; margin: 2mm 0 0.5mm; }
p { margin: 0.5mm 0; } ul { margin: 0.5mm 0; padding-left: 5mm; } li { margin: 0; }
.cc-date { color: #333; }
.cc-alert { padding: 2mm 3mm; border-radius: 2mm; margin: 1.5mm 0; }
.cc-alert-emergency { background: #9e0000; color: #fff; border: 2px solid #000; }
.cc-alert-urgent { background: #fff1cc; color: #000; border: 2px solid #8a5300; }
.cc-alert-see-a-doctor { background: #eef4fa; color: #000; border: 2px solid #0072B2; }
.cc-alert strong { display: block; }
.cc-signs { columns: 2; column-gap: 6mm; font-size: 9pt; }
.cc-signs section { break-inside: avoid; }
.cc-evidence { font-style: italic; }
`;

function render({ model, el: host }) {
  const cat = model.get("catalogue");
  const id = `cw-cc-${++counter}`;
  const evidenceLabel = Object.fromEntries(cat.evidence_scale.map((lvl) => [lvl.id, lvl.label]));
  const causeLabel = Object.fromEntries(cat.cause_scale.map((lvl) => [lvl.id, lvl.label]));
  const levels = Object.fromEntries(cat.sign_levels.map((lvl) => [lvl.id, lvl]));
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
  function group(name, items, level = null) {
    const fs = el("fieldset", { class: level ? `cc-group cc-warning cc-warning-${level}` : "cc-group" },
      el("legend", {}, name));
    for (const item of items) {
      const box = el("input", { type: "checkbox", id: `${id}-${item.id}`, value: item.id });
      boxes.push(box);
      fs.append(el("label", { for: box.id }, box, el("span", {}, item.text)));
    }
    if (level) {
      // A copy of the alert beside the group: not a live region (the one at the top of the
      // plan is), so screen readers hear it once.
      const slot = el("div", { class: "cc-group-alert" });
      groupAlerts.set(level, slot);
      fs.append(slot);
    }
    form.append(fs);
  }
  for (const g of cat.groups) {
    const items = cat.causes.filter((c) => c.group === g.id && c.label).map((c) => ({ id: c.id, text: c.label }));
    if (items.length) group(g.name, items);
  }
  for (const lvl of cat.sign_levels) {
    const items = cat.warning_signs.filter((s) => s.level === lvl.id).map((s) => ({ id: s.id, text: s.label }));
    group(`Warning signs. ${lvl.title}`, items, lvl.id);
  }

  // Why no focus move: a reader may tick several boxes in a row; moving focus to the plan
  // would throw them out of the list, and screen readers would start reading from elsewhere.
  // Instead the top-of-plan slot is the one live region (role=alert: announced at once, focus
  // stays on the checkbox), and sighted readers see a copy right under the box they ticked,
  // scrolled into view if needed, because the plan may be a screen or more below.
  const alertBox = el("div", { role: "alert", class: "cc-alert-slot" });
  // Screen readers hear a one-line summary on each change, not the whole plan again.
  const status = el("p", { role: "status", class: "cc-status" });
  const plan = el("div", { class: "cc-plan" });
  const printBtn = el("button", { type: "button", class: "cc-print" }, "Print my plan");
  const result = el("section", { class: "cw-result cc-result", "aria-labelledby": `${id}-r` },
    el("h3", { id: `${id}-r` }, "Your plan"), alertBox, status, plan, printBtn);
  root.append(result);
  host.append(root);

  const setPrivacy = () => { privacy.textContent = PRIVACY[host.closest(NOTEBOOK_OUTPUT) ? "notebook" : "book"]; };
  setPrivacy();
  requestAnimationFrame(setPrivacy); // JupyterLab attaches the view to the page after render()

  const alertPanel = (lvl, signs) => el("div", { class: `cc-alert cc-alert-${lvl.id}` },
    el("strong", {}, lvl.title), el("p", {}, lvl.message), el("ul", {}, ...signs.map((s) => el("li", {}, s.label))));
  const tag = (text) => el("span", { class: "cc-evidence" }, ` (${text})`);
  // A name is always followed by its own label, the same words as in the book's cards.
  const actionLine = (a) => [el("strong", {}, a.name), tag(a.evidence ? evidenceLabel[a.evidence] : "ask a professional"),
    `: ${a.advice}`, ...(a.caution ? [` Take care: ${a.caution}`] : [])];

  let lastBox = null;
  function update() {
    const selected = model.get("selected");
    for (const box of boxes) box.checked = selected.includes(box.value);
    const r = assess(cat, selected);
    alertBox.replaceChildren(...(r.alert ? [alertPanel(levels[r.alert], r.signs)] : []));
    for (const [lvl, slot] of groupAlerts) {
      const ticked = boxes.filter((b) => b.checked && r.signs.some((s) => s.id === b.value && s.level === lvl));
      slot.replaceChildren();
      if (!ticked.length) { slot.remove(); continue; }
      const near = ticked.includes(lastBox) ? lastBox : ticked[ticked.length - 1];
      slot.append(el("div", { class: `cc-alert cc-alert-${lvl}` }, el("strong", {}, levels[lvl].title), el("p", {}, levels[lvl].message)));
      near.closest("label").after(slot);
      if (near === lastBox) slot.scrollIntoView({ block: "nearest" });
    }
    plan.replaceChildren();
    if (!selected.length) {
      status.textContent = "";
      plan.append(el("p", {}, cat.messages.none_selected));
      return;
    }
    const count = (n, one, many) => `${n} ${n === 1 ? one : many}`;
    status.textContent = `Plan updated: ${count(r.factors.length, "possible cause", "possible causes")}, ` +
      `${count(r.actions.length, "thing to try", "things to try")}.`;
    if (r.alert && !r.actions.length) plan.append(el("p", {}, cat.messages.no_factors));
    plan.append(
      ...list("Things that may add to your pain", r.factors, (c) => [el("strong", {}, c.name), tag(causeLabel[c.evidence]), `: ${c.factor}`]),
      ...list("What you can try", r.actions, actionLine),
      ...list("Less useful or not advised", r.avoid, actionLine),
      el("p", { class: "cw-note" }, cat.messages.caveat),
      ...(r.followUp ? [el("p", { class: "cw-note cc-follow-up" }, r.followUp)] : []),
    );
  }

  // The printout is its own small document in a hidden frame: printing the page itself would
  // bring the book (or JupyterLab) layout along, with blank or shifted pages.
  function printDocument() {
    const selected = model.get("selected");
    const ticked = [...cat.causes, ...cat.warning_signs].filter((item) => item.label && selected.includes(item.id));
    const clone = result.cloneNode(true);
    clone.querySelectorAll(".cc-status, .cc-print, h3").forEach((n) => n.remove());
    clone.querySelector("[role=alert]")?.removeAttribute("role");
    const signs = cat.sign_levels.filter((lvl) => lvl.id !== "see-a-doctor").map((lvl) =>
      `<section><h3>${esc(lvl.title)}</h3><ul>${cat.warning_signs.filter((s) => s.level === lvl.id)
        .map((s) => `<li>${esc(s.label)}</li>`).join("")}</ul></section>`).join("");
    const date = new Date().toLocaleDateString("en-GB", { day: "numeric", month: "long", year: "numeric" });
    return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>My back and neck plan</title>` +
      `<style>${PRINT_CSS}</style></head><body><h1>My back and neck plan</h1>` +
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
    // Exactly one A4 page: shrink the whole printout if a long plan would spill over.
    const page = (297 - 24) * 96 / 25.4;
    const height = doc.body.scrollHeight;
    if (height > page) doc.body.style.zoom = String(Math.floor((page / height) * 100) / 100);
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
