// Posture slider front end. Shows the Hansraj (2014) model load and the habit message for each
// slider value from the `model` trait (widgets/posture.py works them out), so it works with no
// kernel.
let counter = 0;

// What a slider value shows, looked up in what Python worked out (widgets/posture.py
// front_end_model): the browser holds no part of the model.
const atAngle = (m, angle) => m.by_angle[angle - m.angle_range[0]];
const message = (m, angle, hours) => {
  const at = atAngle(m, angle);
  return at.with_hours ? `${at.message} ${m.hours_text[String(hours)]}` : at.message;
};

function el(tag, attrs = {}, text) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

function slider(id, labelText, min, max, step) {
  const label = el("label", { for: id }, labelText);
  const input = el("input", { type: "range", id, min, max, step });
  return [label, input];
}

const SVGNS = "http://www.w3.org/2000/svg";
function svg(tag, attrs) {
  const node = document.createElementNS(SVGNS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  return node;
}

function render({ model, el: host }) {
  const m = model.get("model");
  const id = `cw-ps-${++counter}`;
  const root = el("div", { class: "cw-root ps-root", role: "group", "aria-labelledby": `${id}-t` });
  root.append(el("h3", { id: `${id}-t` }, "Head bend and neck load"));
  const [angleLabel, angleInput] = slider(`${id}-angle`, "", ...m.angle_range, 1);
  const [hoursLabel, hoursInput] = slider(`${id}-hours`, "", ...m.hours_range, m.hours_step);

  // Side view: a shoulder line, the neck pivot and a head that tips forward; a bar for the load.
  const fig = svg("svg", { viewBox: "0 0 320 190", class: "ps-figure", role: "img" });
  fig.append(
    svg("line", { x1: 90, y1: 180, x2: 90, y2: 110, stroke: m.palette.ink, "stroke-width": 8, "stroke-linecap": "round" }),
    svg("line", { x1: 90, y1: 110, x2: 150, y2: 150, stroke: m.palette.ink, "stroke-width": 6, "stroke-linecap": "round" }),
  );
  const neck = svg("line", { x1: 90, y1: 110, stroke: m.palette.vermillion, "stroke-width": 6, "stroke-linecap": "round" });
  const head = svg("circle", { r: 22, fill: m.palette.paper, stroke: m.palette.ink, "stroke-width": 4 });
  const barBack = svg("rect", { x: 230, y: 20, width: 40, height: 150, fill: m.palette.paper, stroke: m.palette.ink, "stroke-width": 2 });
  const bar = svg("rect", { x: 232, width: 36, fill: m.palette.blue });
  const barText = svg("text", { x: 250, y: 186, "text-anchor": "middle", "font-size": 13, fill: m.palette.ink });
  fig.append(neck, head, barBack, bar, barText);

  const result = el("div", { class: "cw-result", role: "status", "aria-live": "polite" });
  const loadLine = el("p");
  const said = el("p", { class: "ps-message" });
  result.append(loadLine, said);
  root.append(angleLabel, angleInput, hoursLabel, hoursInput, fig, result,
              el("p", { class: "cw-note" }, m.caveat), el("p", { class: "cw-note" }, `Sources: ${m.sources}`));
  host.append(root);

  function update() {
    const angle = model.get("angle"), hours = model.get("hours");
    angleInput.value = angle;
    hoursInput.value = hours;
    // The value is shown but hidden from the accessible name: aria-valuetext already says it.
    angleLabel.replaceChildren("How far your head bends forward",
      el("span", { "aria-hidden": "true" }, `: ${angle} degrees`));
    angleInput.setAttribute("aria-valuetext", `${angle} degrees`);
    hoursLabel.replaceChildren("Hours a day you spend like this without a break",
      el("span", { "aria-hidden": "true" }, `: ${hours}`));
    hoursInput.setAttribute("aria-valuetext", `${hours} hours`);
    const at = atAngle(m, angle);
    const load = at.load;
    const rad = (angle * Math.PI) / 180, len = 30;  // neck length in drawing units
    const nx = 90 + len * Math.sin(rad), ny = 110 - len * Math.cos(rad);
    neck.setAttribute("x2", nx); neck.setAttribute("y2", ny);
    head.setAttribute("cx", nx + 20 * Math.sin(rad)); head.setAttribute("cy", ny - 20 * Math.cos(rad));
    const h = 146 * at.share;
    bar.setAttribute("y", 168 - h); bar.setAttribute("height", h);
    barText.textContent = at.kg;
    fig.setAttribute("aria-label", `Drawing: head bent ${angle} degrees; load bar shows ${load}.`);
    loadLine.innerHTML = "";
    loadLine.append("Load on your neck in the model: ", el("strong", { class: "ps-load" }, load));
    said.textContent = message(m, angle, hours);
  }
  // model.set fires change:<name>, which runs update() below.
  const send = (name, input) => () => { model.set(name, Number(input.value)); model.save_changes(); };
  angleInput.addEventListener("input", send("angle", angleInput));
  hoursInput.addEventListener("input", send("hours", hoursInput));
  // In JupyterLab the notebook's shortcuts (arrows, Home, End, Page keys) would take these keys
  // from a focused slider: keep them for the slider.
  for (const input of [angleInput, hoursInput]) {
    input.addEventListener("keydown", (event) => event.stopPropagation());
  }
  model.on("change:angle", update);
  model.on("change:hours", update);
  update();
  return () => { model.off("change:angle", update); model.off("change:hours", update); };
}

export default { render };
