// Programme builder front end: a clinician picks exercises, sets each dose from the values Python
// allows, orders them, adds a name, date and note, and prints the sheet. Every word, dose sentence,
// allowed value, emergency panel and message comes from the `data` trait (widgets/programme.py);
// this file only looks them up and draws. The texts come once per edition (`data.texts`): the
// screen reads the site's (`data.screen`), the sheet those of the chosen paper's edition, so a US
// Letter sheet is in US words; no word is swapped here. qrSvg() comes from qr.js, which the Python
// widget puts in front of this module. Nothing is sent anywhere: the programme lives in this page,
// the link carries it in the fragment (never sent to a server), and the printout is the browser's
// own.
let counter = 0;

// The sheet's own stylesheet: the same document is the preview on screen and the printout.
// Sizes in pt and mm; nothing under 9 pt; a block is never split across the two pages. Colours
// are the design tokens: `tokens` is their CSS (custom properties) that Python sends.
function sheetCss(paper, colours, tokens) {
  const rgb = (c) => `rgb(${c.join(",")})`;
  const [frame, bar, barText, ground] = colours;
  return `${tokens}
@page { size: ${paper.css}; margin: 10mm; }
* { box-sizing: border-box; }
html { background: var(--course-palette-paper); color: var(--course-palette-black); }
body { margin: 0; padding: 10mm; font: 10pt/1.3 "DejaVu Sans", system-ui, Arial, sans-serif;
  -webkit-print-color-adjust: exact; print-color-adjust: exact; }
@media print { body { padding: 0; } }
h1 { font-size: 17pt; margin: 0 0 1mm; border-bottom: 0.8mm solid var(--course-palette-blue-dark); padding-bottom: 1mm; }
h2 { font-size: 12pt; margin: 0 0 1mm; }
p { margin: 0.5mm 0; }
.s-head { display: flex; gap: 6mm; justify-content: space-between; align-items: flex-start; margin-bottom: 2mm; }
.s-head > div { flex: 1; }
.s-field { font-size: 11pt; }
.s-qr { margin: 0; width: 27mm; flex: none; text-align: center; font-size: 9pt; }
.s-qr svg { width: 27mm; height: 27mm; display: block; }
.s-ex { display: flex; gap: 4mm; padding: 2mm 0; border-bottom: 0.3mm solid var(--course-palette-line); break-inside: avoid; }
.s-pics { flex: 0 0 66mm; display: flex; gap: 2mm; align-items: flex-end; }
.s-pics figure { margin: 0; flex: 1; font-size: 9pt; font-weight: 700; }
.s-pics svg { width: 100%; height: auto; max-height: 26mm; display: block; }
.s-text { flex: 1; }
.s-text ol { margin: 0.5mm 0; padding-left: 5mm; font-size: 9.5pt; }
.s-dose { font-weight: 700; color: var(--course-palette-blue-dark); font-size: 10.5pt; }
.s-stop { color: var(--course-palette-stop); font-size: 9.5pt; }
section.s-block { break-inside: avoid; margin-top: 4mm; }
.s-track table { border-collapse: collapse; width: 100%; font-size: 9.5pt; }
.s-track th, .s-track td { border: 0.3mm solid var(--course-palette-black); padding: 1mm; text-align: center; }
.s-track th:first-child, .s-track td:first-child { text-align: left; }
.s-track td { height: 8mm; }
.s-box { display: inline-block; width: 3.6mm; height: 3.6mm; border: 0.25mm solid var(--course-palette-black); margin: 0 0.5mm; vertical-align: middle; }
.s-stoplist h2 { color: var(--course-palette-stop); }
.s-stoplist ul, .s-panel ul { margin: 0.5mm 0; padding-left: 5mm; columns: 2; column-gap: 6mm; }
.s-stoplist li, .s-panel li { break-inside: avoid; margin-bottom: 0.6mm; }
.s-note { border: 0.3mm solid var(--course-palette-black); padding: 2mm; white-space: pre-wrap; }
.s-panel { border: 0.9mm solid ${rgb(frame)}; background: ${rgb(ground)}; padding: 0 2mm 2mm; }
.s-panel h2 { background: ${rgb(bar)}; color: ${rgb(barText)}; margin: 0 -2mm 1.5mm; padding: 1mm 2mm; }
.s-panel .s-msg { font-weight: 700; }
.s-link { font-size: 9pt; word-break: break-all; margin-top: 3mm; }
`;
}

function el(doc, tag, attrs = {}, text) {
  const node = doc.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

// As Python's urllib.parse.quote(name, safe=""), so both write the same link.
const quoteName = (s) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

class LinkProblem extends Error {
  constructor(kind, value) { super(kind); this.kind = kind; this.value = value; }
}

function render({ model, el: host }) {
  const data = model.get("data");
  const L = data.link;
  const screen = data.texts[data.screen];
  const named = (x) => screen.exercises[x].name;
  const id = `cw-pb-${++counter}`;
  const toItem = ([exercise, ...dose]) => Object.fromEntries([["exercise", exercise], ...L.fields.map((f, i) => [f, dose[i]])]);
  let items = model.get("items").map(toItem);

  const root = el(document, "div", { class: "cw-root pb-root", role: "group", "aria-labelledby": `${id}-t` });
  root.append(el(document, "h3", { id: `${id}-t` }, "Make a programme"));
  // Keys typed here are the builder's: JupyterLab's shortcuts must not act on them.
  root.addEventListener("keydown", (event) => event.stopPropagation());
  const message = el(document, "p", { class: "pb-message", role: "alert" });
  message.hidden = true;
  const live = el(document, "p", { class: "pb-sr", role: "status", "aria-live": "polite" });

  function radios(name, legend, options, current, onChange) {
    const set = el(document, "fieldset");
    set.append(el(document, "legend", {}, legend));
    for (const [value, text] of options) {
      const input = el(document, "input", { type: "radio", name: `${id}-${name}`, value });
      input.checked = value === current;
      input.addEventListener("change", () => onChange(value));
      const label = el(document, "label");
      label.append(input, text);
      set.append(label);
    }
    return set;
  }

  // ---- choosing exercises ----
  let region = "both";
  let stage = data.stages[0].id;
  const pick = el(document, "div");
  // Lists of controls are ARIA lists of divs: printed, the page hides buttons, and a list item
  // would then lose part of its text.
  const catalogue = el(document, "div", { class: "pb-list", role: "list", "aria-label": "Exercises you can add" });
  pick.append(
    el(document, "h4", {}, "1. Pick the exercises"),
    radios("region", "Body part", data.regions, region, (v) => { region = v; drawCatalogue(); }),
    radios("stage", "Stage", data.stages.map((s) => [s.id, s.name]), stage, (v) => { stage = v; drawCatalogue(); }),
    catalogue);

  function drawCatalogue() {
    const inStage = new Set(data.stages.find((s) => s.id === stage).exercises);
    const chosen = new Set(items.map((i) => i.exercise));
    const full = items.length >= data.max_exercises;
    catalogue.replaceChildren(...data.order.filter((x) => inStage.has(x) &&
      (region === "both" || data.exercises[x].region === region)).map((x) => {
      const ex = data.exercises[x];
      const li = el(document, "div", { role: "listitem" });
      const add = el(document, "button", { type: "button", "aria-label": `Add ${named(x)}`, "data-add": x },
        chosen.has(x) ? "Added" : "Add");
      add.disabled = chosen.has(x) || full;
      add.addEventListener("click", () => {
        items.push({ exercise: x, ...ex.default });
        changed(`${named(x)} added: ${items.length} of ${data.max_exercises}.`);
        // Keyboard users go on to the next exercise they can add, or to the new one's doses.
        const buttons = [...catalogue.querySelectorAll("button")];
        const at = buttons.findIndex((b) => b.dataset.add === x);
        const next = [...buttons.slice(at + 1), ...buttons.slice(0, at)].find((b) => !b.disabled);
        (next ?? list.lastElementChild?.querySelector("select, button"))?.focus();
      });
      li.append(add, el(document, "span", {}, `${named(x)} (${data.regions.find((r) => r[0] === ex.region)[1].toLowerCase()})`));
      return li;
    }));
  }

  // ---- the programme: doses and order ----
  const list = el(document, "div", { class: "pb-items", role: "list", "aria-label": "The programme, in order" });
  const empty = el(document, "p", { class: "pb-empty" }, "No exercises yet. Add them from the list above.");

  function drawItems(focus) {
    empty.hidden = items.length > 0;
    list.replaceChildren(...items.map((it, n) => {
      const ex = data.exercises[it.exercise];
      const name = named(it.exercise);
      const li = el(document, "div", { role: "listitem" });
      li.append(el(document, "p", { class: "pb-item-name" }, `${n + 1}. ${name}`));
      const doses = el(document, "div", { class: "pb-doses" });
      for (const [field, label] of data.fields) {
        const values = ex.options[field];
        if (values.length === 1) {
          doses.append(el(document, "span", {}, `${label}: ${values[0] || "none"}`));
          continue;
        }
        const box = el(document, "label");
        const select = el(document, "select", { "data-field": field, "aria-label": `${label}, ${name}` });
        for (const v of values) {
          const option = el(document, "option", { value: String(v) }, String(v));
          option.selected = v === it[field];
          select.append(option);
        }
        select.addEventListener("change", () => { it[field] = Number(select.value); changed(); });
        box.append(label, select);
        doses.append(box);
      }
      const moves = el(document, "div", { class: "pb-moves" });
      const button = (text, label, action, disabled) => {
        const b = el(document, "button", { type: "button", "aria-label": `${label} ${name}`, "data-action": action }, text);
        b.disabled = disabled;
        b.addEventListener("click", () => act(n, action));
        return b;
      };
      moves.append(button("Up", "Move up:", "up", n === 0), button("Down", "Move down:", "down", n === items.length - 1),
        button("Remove", "Remove", "remove", false));
      li.append(doses, el(document, "p", { class: "cw-note" }, dose(it, screen)), moves);
      return li;
    }));
    if (focus) {
      const [index, action] = focus;
      const row = list.children[Math.min(index, items.length - 1)];
      const target = row?.querySelector(`[data-action="${action}"]:not(:disabled)`) ?? row?.querySelector("button:not(:disabled)");
      (target ?? catalogue.querySelector("button:not(:disabled)"))?.focus();
    }
  }

  function act(n, action) {
    const name = named(items[n].exercise);
    if (action === "remove") {
      items.splice(n, 1);
      changed(`${name} removed.`, [n, "remove"]);
      return;
    }
    const to = action === "up" ? n - 1 : n + 1;
    [items[n], items[to]] = [items[to], items[n]];
    changed(`${name} is now number ${to + 1}.`, [to, action]);
  }

  // The dose sentence in one edition's texts: its parts for the chosen values.
  const dose = (it, texts) => L.fields.map((f) => texts.exercises[it.exercise].dose_parts[f][String(it[f])]).filter(Boolean).join(" ");

  // ---- the patient ----
  const field = (label, input) => {
    const box = el(document, "label", { for: input.id }, label);
    return [box, input];
  };
  const nameInput = el(document, "input", { type: "text", id: `${id}-name`, maxlength: String(data.max_name), autocomplete: "off" });
  nameInput.value = model.get("name");
  const dateInput = el(document, "input", { type: "date", id: `${id}-date` });
  dateInput.value = model.get("date") || new Date().toISOString().slice(0, 10);
  const noteInput = el(document, "textarea", { id: `${id}-note`, maxlength: String(data.max_note), rows: "4" });
  noteInput.value = model.get("note");
  const includeName = el(document, "input", { type: "checkbox", id: `${id}-incl` });
  includeName.checked = model.get("include_name");
  const includeLabel = el(document, "label", { for: includeName.id });
  includeLabel.append(includeName, " Put the name in the link and QR code");
  let paper = model.get("paper");
  const patient = el(document, "div");
  patient.append(el(document, "h4", {}, "3. The patient"), ...field("Patient's name", nameInput), ...field("Date", dateInput),
    ...field("Your note to the patient", noteInput), includeLabel,
    radios("paper", "Paper and phone numbers", data.papers.map((p) => [p.id, p.label]), paper, (v) => { paper = v; changed(); }));
  for (const input of [nameInput, dateInput, noteInput, includeName]) input.addEventListener("input", () => changed());
  includeName.addEventListener("change", () => changed());

  // ---- link, print and preview ----
  const linkLabel = el(document, "label", { for: `${id}-link` }, "Link that opens this programme again");
  const linkBox = el(document, "input", { type: "text", id: `${id}-link`, class: "pb-link", readonly: "" });
  const copyBtn = el(document, "button", { type: "button" }, "Copy link");
  const printBtn = el(document, "button", { type: "button", class: "pb-main" }, "Print the programme");
  const actions = el(document, "div", { class: "pb-actions" });
  actions.append(copyBtn, printBtn);
  const frame = el(document, "iframe", { title: "Preview of the printed programme", tabindex: "-1", class: "pb-frame" });
  const preview = el(document, "div", { class: "pb-preview" });
  preview.append(frame);
  const finish = el(document, "div");
  finish.append(el(document, "h4", {}, "4. Check and print"), linkLabel, linkBox, actions,
    el(document, "p", { class: "cw-note" }, "The preview below is the sheet as it will print."), preview);

  const chosen = el(document, "div");
  chosen.append(el(document, "h4", {}, "2. Set the dose and the order"), empty, list);
  root.append(message, pick, chosen, patient, finish, live);
  host.append(root);

  function fragment() {
    let text = `${L.key}=${items.map((it) => [it.exercise, ...L.fields.map((f) => it[f])].join(L.field_sep)).join(L.item_sep)}`;
    const name = nameInput.value.trim();
    if (includeName.checked && name) text += `&${L.name_key}=${quoteName(name)}`;
    return text;
  }

  // The same checks, in the same order, as widgets/programme.py from_fragment, by lookup only.
  function parse(text) {
    const parts = Object.fromEntries(text.split("&").map((p) => {
      const at = p.indexOf("=");
      return at < 0 ? [p, ""] : [p.slice(0, at), p.slice(at + 1)];
    }));
    if (!text.startsWith(`${L.key}=`) || Object.keys(parts).some((k) => k !== L.key && k !== L.name_key)) {
      throw new LinkProblem("garbage", text.slice(0, 40));
    }
    const entries = parts[L.key] ? parts[L.key].split(L.item_sep) : [];
    if (entries.length > data.max_exercises) throw new LinkProblem("too_many", String(entries.length));
    const found = [];
    for (const entry of entries) {
      const bits = entry.split(L.field_sep);
      if (bits.slice(1).some((b) => !/^[0-9]{1,3}$/.test(b)) || bits.length !== 1 + L.fields.length) {
        throw new LinkProblem("garbage", entry.slice(0, 40));
      }
      const ex = data.exercises[bits[0]];
      if (!Object.hasOwn(data.exercises, bits[0])) throw new LinkProblem("unknown", bits[0].slice(0, 40));
      if (found.some((f) => f.exercise === bits[0])) throw new LinkProblem("repeated", bits[0]);
      const it = toItem([bits[0], ...bits.slice(1).map(Number)]);
      if (L.fields.some((f) => !ex.options[f].includes(it[f]))) throw new LinkProblem("dose", entry);
      found.push(it);
    }
    let name = "";
    try {
      name = decodeURIComponent(parts[L.name_key] ?? "");
    } catch {
      throw new LinkProblem("garbage", parts[L.name_key].slice(0, 40));
    }
    return { items: found, name: name.slice(0, data.max_name) };
  }

  function regionKey() {
    const found = new Set(items.map((it) => data.exercises[it.exercise].region));
    return found.size === 1 ? [...found][0] : "both";
  }

  const pageUrl = () => `${location.href.split("#")[0]}#${fragment()}`;
  const printUrl = () => `${data.print_url || location.href.split("#")[0]}#${fragment()}`;

  // The sheet in the words of the chosen paper's edition.
  function drawSheet(doc) {
    const p = data.papers.find((x) => x.id === paper);
    const T = data.texts[p.edition];
    const W = T.words;
    doc.getElementById("pb-paper").textContent = sheetCss(p, data.panel_colours, data.tokens_css);
    doc.title = W.title;
    const body = doc.body;
    body.replaceChildren();
    const head = el(doc, "header", { class: "s-head" });
    const titles = el(doc, "div");
    titles.append(el(doc, "h1", {}, W.title));
    const name = nameInput.value.trim();
    if (name) titles.append(el(doc, "p", { class: "s-field" }, `${W.name}: ${name}`));
    const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(dateInput.value);
    if (day) {  // written the paper's country's way (editions.Edition.date)
      const written = T.date.format.replace("{day}", String(Number(day[3])))
        .replace("{month}", T.date.months[Number(day[2]) - 1]).replace("{year}", day[1]);
      titles.append(el(doc, "p", { class: "s-field" }, `${W.date}: ${written}`));
    }
    head.append(titles);
    if (items.length) {
      const qr = el(doc, "figure", { class: "s-qr" });
      qr.innerHTML = qrSvg(printUrl(), W.qr_alt, data.qr_colours.dark, data.qr_colours.light);
      qr.append(el(doc, "figcaption", {}, W.link_heading));
      head.append(qr);
    }
    body.append(head);
    if (!items.length) {
      body.append(el(doc, "p", {}, empty.textContent));
      return;
    }
    items.forEach((it, n) => {
      const ex = T.exercises[it.exercise];
      const block = el(doc, "section", { class: "s-ex" });
      const pics = el(doc, "div", { class: "s-pics" });
      data.exercises[it.exercise].pictures.forEach((svg, k) => {
        const { label, alt } = ex.pictures[k];
        const fig = el(doc, "figure");
        fig.append(el(doc, "figcaption", {}, label));
        fig.insertAdjacentHTML("beforeend", svg);
        // The picture is shared by the editions; what it says is the edition's.
        const drawn = fig.lastElementChild;
        drawn.setAttribute("aria-label", alt);
        drawn.querySelector("title").textContent = alt;
        pics.append(fig);
      });
      const text = el(doc, "div", { class: "s-text" });
      const steps = el(doc, "ol");
      steps.append(...ex.steps.map((s) => el(doc, "li", {}, s)));
      text.append(el(doc, "h2", {}, `${n + 1}. ${ex.name}`), steps, el(doc, "p", { class: "s-dose" }, dose(it, T)),
        el(doc, "p", { class: "s-stop" }, ex.stop));
      block.append(pics, text);
      body.append(block);
    });
    const track = el(doc, "section", { class: "s-block s-track" });
    const table = el(doc, "table");
    const headRow = el(doc, "tr");
    headRow.append(el(doc, "th", { scope: "col" }, W.week), ...T.days.map((d) => el(doc, "th", { scope: "col" }, d)));
    table.append(headRow);
    for (const it of items) {
      const row = el(doc, "tr");
      row.append(el(doc, "th", { scope: "row" }, T.exercises[it.exercise].tracker[String(it.sets_per_day)]));
      for (const day of T.days) {
        const cell = el(doc, "td", { "aria-label": day });
        for (let k = 0; k < it.sets_per_day; k++) cell.append(el(doc, "span", { class: "s-box" }));
        row.append(cell);
      }
      table.append(row);
    }
    track.append(el(doc, "h2", {}, W.tracker_heading), el(doc, "p", {}, W.tracker_help), table);
    const stops = el(doc, "section", { class: "s-block s-stoplist" });
    const stopList = el(doc, "ul");
    stopList.append(...T.stops[regionKey()].map((s) => el(doc, "li", {}, s)));
    stops.append(el(doc, "h2", {}, W.stop_heading), stopList);
    body.append(track, stops);
    const note = noteInput.value.trim();
    if (note) {
      const box = el(doc, "section", { class: "s-block" });
      box.append(el(doc, "h2", {}, W.note_heading), el(doc, "p", { class: "s-note" }, note));
      body.append(box);
    }
    const panel = T.panels[regionKey()];
    const box = el(doc, "section", { class: "s-block s-panel" });
    const signs = el(doc, "ul");
    signs.append(...panel.items.map((s) => el(doc, "li", {}, s)));
    box.append(el(doc, "h2", {}, panel.heading), signs, ...panel.notes.map((t) => el(doc, "p", { class: "s-msg" }, t)));
    const link = el(doc, "p", { class: "s-link" });
    link.append(`${W.link_heading} `, el(doc, "span", {}, printUrl()));
    body.append(box, link);
  }

  function frameDocument() {
    const doc = frame.contentDocument;
    if (!doc) return null;
    if (!doc.getElementById("pb-paper")) {
      doc.open();
      doc.write(`<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title></title>` +
        `<style id="pb-paper"></style></head><body></body></html>`);
      doc.close();
    }
    return doc;
  }

  function fit() {
    const doc = frame.contentDocument;
    if (!doc?.documentElement) return;
    const p = data.papers.find((x) => x.id === paper);
    const width = p.width_px;
    const scale = Math.min(1, (preview.clientWidth || width) / width);
    frame.style.width = `${width}px`;
    const height = doc.documentElement.scrollHeight;
    frame.style.height = `${height}px`;
    frame.style.transform = `scale(${scale})`;
    preview.style.height = `${Math.ceil(height * scale)}px`;
  }

  function update() {
    const doc = frameDocument();
    if (!doc) {
      setTimeout(update, 50); // the view is not in the page yet
      return;
    }
    drawSheet(doc);
    fit();
    linkBox.value = items.length ? pageUrl() : "";
    printBtn.disabled = copyBtn.disabled = items.length === 0;
  }

  function changed(announce, focus) {
    message.hidden = true;
    model.set("items", items.map((it) => [it.exercise, ...L.fields.map((f) => it[f])]));
    model.set("name", nameInput.value);
    model.set("date", dateInput.value);
    model.set("note", noteInput.value);
    model.set("include_name", includeName.checked);
    model.set("paper", paper);
    model.save_changes();
    drawCatalogue();
    drawItems(focus);
    update();
    if (announce) live.textContent = announce;
  }

  copyBtn.addEventListener("click", async () => {
    linkBox.select();
    try {
      await navigator.clipboard.writeText(linkBox.value);
      live.textContent = "Link copied.";
    } catch {
      live.textContent = "Select the link and copy it.";
    }
  });
  printBtn.addEventListener("click", () => frame.contentWindow.print());
  const resized = new ResizeObserver(fit);
  resized.observe(preview);

  // A link to this page with a programme in it opens that programme; a bad one empties the builder
  // and says what was wrong. Other fragments are the page's own headings.
  const hash = location.hash.slice(1);
  if (hash.startsWith(`${L.key}=`)) {
    try {
      const found = parse(hash);
      items = found.items;
      nameInput.value = found.name;
      includeName.checked = Boolean(found.name);
    } catch (problem) {
      if (!(problem instanceof LinkProblem)) throw problem;
      items = [];
      message.textContent = data.messages[problem.kind].replace("{value}", problem.value);
    }
  }
  const showMessage = message.textContent !== "";
  changed();
  message.hidden = !showMessage;
  return () => resized.disconnect();
}

export default { render };
