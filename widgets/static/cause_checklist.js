// Cause checklist front end. Applies the same rules as widgets.causes.assess to the `catalogue`
// trait (sent from widgets/data/causes.json), so it works in the static book with no kernel.
let counter = 0;

export function assess(cat, selectedIds) {
  const chosen = new Set(selectedIds);
  const rank = Object.fromEntries(cat.evidence_scale.map((lvl, i) => [lvl.id, i]));
  const signs = cat.warning_signs.filter((s) => chosen.has(s.id));
  const alert = cat.alert_levels.find((lvl) => signs.some((s) => s.level === lvl)) ?? null;
  const serious = new Set(signs.flatMap((s) => s.causes));
  const factors = cat.causes.filter((c) => chosen.has(c.id) || serious.has(c.id));
  const wanted = new Set(factors.flatMap((c) => c.actions));
  // Array.prototype.sort is stable, like Python's sorted: catalogue order within a level.
  const ranked = cat.actions.filter((a) => wanted.has(a.id)).sort((a, b) => rank[a.evidence] - rank[b.evidence]);
  return {
    alert, alertMessage: alert ? cat.messages[alert] : null, signs, factors,
    actions: ranked.filter((a) => a.evidence !== "not-recommended"),
    avoid: ranked.filter((a) => a.evidence === "not-recommended"),
  };
}

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

function render({ model, el: host }) {
  const cat = model.get("catalogue");
  const id = `cw-cc-${++counter}`;
  const label = Object.fromEntries(cat.evidence_scale.map((lvl) => [lvl.id, lvl.label]));
  const root = el("div", { class: "cw-root cc-root" });
  const form = el("form", { "aria-labelledby": `${id}-t` });
  form.addEventListener("submit", (e) => e.preventDefault());
  root.append(el("h3", { id: `${id}-t` }, "What applies to you?"), form);

  const boxes = [];
  function group(name, items, extraClass = "") {
    const fs = el("fieldset", { class: `cc-group ${extraClass}` }, el("legend", {}, name));
    for (const item of items) {
      const box = el("input", { type: "checkbox", id: `${id}-${item.id}`, value: item.id });
      boxes.push(box);
      fs.append(el("label", { for: box.id }, box, el("span", {}, item.text)));
    }
    form.append(fs);
  }
  for (const g of cat.groups) {
    const items = cat.causes.filter((c) => c.group === g.id && c.label).map((c) => ({ id: c.id, text: c.label }));
    if (items.length) group(g.name, items);
  }
  for (const level of cat.alert_levels) {
    const items = cat.warning_signs.filter((s) => s.level === level).map((s) => ({ id: s.id, text: s.label }));
    group(level === "emergency" ? "Warning signs: emergency" : "Warning signs: urgent", items, "cc-warning");
  }

  const alertBox = el("div", { role: "alert", class: "cc-alert-slot" });
  // Screen readers hear a one-line summary on each change, not the whole plan again.
  const status = el("p", { role: "status", class: "cc-status" });
  const plan = el("div", { class: "cc-plan" });
  const printBtn = el("button", { type: "button", class: "cc-print" }, "Print my plan");
  const result = el("section", { class: "cw-result cc-result", "aria-labelledby": `${id}-r` },
    el("h3", { id: `${id}-r` }, "Your plan"), alertBox, status, plan, printBtn);
  root.append(result);
  host.append(root);

  printBtn.addEventListener("click", () => {
    document.body.classList.add("cc-printing");
    result.classList.add("cc-print-target");
    window.addEventListener("afterprint", () => {
      document.body.classList.remove("cc-printing");
      result.classList.remove("cc-print-target");
    }, { once: true });
    window.print();
  });

  const evidence = (item, prefix) => el("span", { class: "cc-evidence" }, ` (${prefix}${label[item.evidence]})`);
  function update() {
    const selected = model.get("selected");
    for (const box of boxes) box.checked = selected.includes(box.value);
    const r = assess(cat, selected);
    alertBox.replaceChildren();
    if (r.alert) {
      const title = r.alert === "emergency" ? "Emergency" : "Urgent";
      alertBox.append(el("div", { class: `cc-alert cc-alert-${r.alert}` }, el("strong", {}, title),
        r.alertMessage, el("ul", {}, ...r.signs.map((s) => el("li", {}, s.label)))));
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
      ...list("Things that may add to your pain", r.factors, (c) => [el("strong", {}, c.name), `: ${c.factor}`, evidence(c, "evidence it is a cause: ")]),
      ...list("What you can try", r.actions, (a) => [el("strong", {}, a.name), `: ${a.advice}`, evidence(a, "")]),
      ...list("Less useful or not advised", r.avoid, (a) => [el("strong", {}, a.name), `: ${a.advice}`, evidence(a, "")]),
      el("p", { class: "cw-note" }, cat.messages.caveat), el("p", { class: "cw-note" }, cat.messages.soon),
    );
  }
  for (const box of boxes) {
    box.addEventListener("change", () => {
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
