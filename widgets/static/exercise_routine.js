// Guided exercise routine front end. Plays a plan made in Python (widgets/exercises.py routine)
// from the `data` trait: pictures, words and timed steps. No rules live here, so the static book
// (no kernel) and Jupyter show the same routine as the catalogue.
let counter = 0;

const PHASE_WORDS = { move: "Get into position", hold: "Hold", rest: "Rest" };

function el(tag, attrs = {}, text) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, v);
  if (text !== undefined) node.textContent = text;
  return node;
}

function radios(name, legend, options, current) {
  const set = el("fieldset");
  set.append(el("legend", {}, legend));
  const inputs = options.map(([value, text]) => {
    const input = el("input", { type: "radio", name, value });
    input.checked = String(value) === String(current);
    const label = el("label");
    label.append(input, text);
    set.append(label);
    return input;
  });
  return [set, inputs];
}

function render({ model, el: host }) {
  const data = model.get("data");
  const fields = data.step_fields;
  const id = `cw-er-${++counter}`;
  const root = el("div", { class: "cw-root er-root", role: "group", "aria-labelledby": `${id}-t` });
  root.append(el("h3", { id: `${id}-t` }, "Guided exercise routine"));
  // Keys typed in the routine are the routine's: JupyterLab's shortcuts must not act on them.
  root.addEventListener("keydown", (event) => event.stopPropagation());

  const regionNames = { back: "Back", neck: "Neck and shoulders", both: "Both" };
  const [regionSet, regionInputs] = radios(`${id}-region`, "What do you want to work on?",
    data.regions.map((r) => [r, regionNames[r]]), model.get("region"));
  const [minuteSet, minuteInputs] = radios(`${id}-minutes`, "How much time do you have?",
    data.minutes.map((m) => [m, `${m} minutes`]), model.get("minutes"));
  const calmLabel = el("label");
  const calm = el("input", { type: "checkbox" });
  calm.checked = window.matchMedia?.("(prefers-reduced-motion: reduce)").matches ?? false;
  calmLabel.append(calm, "No moving pictures");
  const summary = el("p", { class: "er-summary" });

  const buttons = el("div", { class: "er-buttons" });
  const backBtn = el("button", { type: "button" }, "Back");
  const playBtn = el("button", { type: "button", class: "er-main" }, "Start");
  const skipBtn = el("button", { type: "button" }, "Skip");
  buttons.append(backBtn, playBtn, skipBtn);

  const stage = el("div", { class: "er-stage" });
  const position = el("p", { class: "er-position" });
  const name = el("p", { class: "er-name" });
  // One layer per frame of the movement (start, middle if any, end), faded in turn.
  const pictures = el("div", { class: "er-pictures" });
  let frames = [];
  let frameTimers = [];
  const clock = el("div", { class: "er-clock" });
  const count = el("span", { class: "er-count", "aria-hidden": "true" });
  const phase = el("span", { class: "er-phase" });
  const repeat = el("span", { class: "er-repeat" });
  clock.append(count, phase, repeat);
  const dose = el("p", { class: "er-dose" });
  const care = el("div", { class: "er-care" });
  const steps = el("ol", { class: "er-steps" });
  stage.append(position, name, pictures, clock, dose, care, steps);
  // Read out each change of step, once: not every second.
  const live = el("p", { class: "er-live", role: "status", "aria-live": "polite" });
  live.style.cssText = "position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);";
  root.append(regionSet, minuteSet, calmLabel, summary, buttons, stage, live);
  host.append(root);

  function showFrame(k) {
    frames.forEach((f, i) => {
      f.classList.toggle("er-on", i === k);
      f.setAttribute("aria-hidden", i === k ? "false" : "true");
    });
  }

  // A move plays the frames in order, one a second; with motion off it shows the last at once.
  function playFrames(animate) {
    frameTimers.forEach(clearTimeout);
    frameTimers = [];
    if (!animate) {
      showFrame(frames.length - 1);
      return;
    }
    showFrame(0);
    void pictures.offsetWidth; // apply the first frame before fading to the next
    for (let k = 1; k < frames.length; k++) {
      frameTimers.push(setTimeout(() => showFrame(k), 100 + (k - 1) * 1100));
    }
  }

  let timer = null;
  let remaining = 0; // seconds left in the current step
  let shownExercise = null;
  let started = false; // the clock shows nothing until the reader presses Start

  const plan = () => data.plans[`${model.get("region")}-${model.get("minutes")}`];
  const stepAt = (i) => Object.fromEntries(fields.map((f, k) => [f, plan()[i][k]]));
  const exerciseStarts = () => plan().map((s, i) => [s, i])
    .filter(([s, i]) => i === 0 || plan()[i - 1][0] !== s[0]).map(([, i]) => i);

  function describe(step) {
    const ex = data.exercises[step.exercise];
    const side = step.side ? `, ${step.side} side` : "";
    return `${ex.name}. Repeat ${step.repeat} of ${step.repeats}${side}. ` +
      `${PHASE_WORDS[step.phase]}${step.phase === "move" ? "" : ` for ${step.seconds} seconds`}.`;
  }

  function showSummary() {
    const starts = exerciseStarts();
    const total = plan().reduce((sum, s) => sum + s[2], 0);
    summary.textContent = `This routine has ${starts.length} exercises and takes about ` +
      `${Math.ceil(total / 60)} minutes.`;
  }

  function show(announce) {
    const i = Math.min(model.get("step"), plan().length - 1);
    const step = stepAt(i);
    const ex = data.exercises[step.exercise];
    const starts = exerciseStarts();
    const number = starts.filter((s) => s <= i).length;
    position.textContent = `Exercise ${number} of ${starts.length}`;
    if (shownExercise !== step.exercise) {
      shownExercise = step.exercise;
      name.textContent = ex.name;
      frames = ex.frames_svg.map((svg, i, all) => {
        const role = i === 0 ? "er-start" : i === all.length - 1 ? "er-end" : "er-middle";
        const frame = el("div", { class: `er-frame ${role}` });
        frame.innerHTML = svg;
        return frame;
      });
      pictures.replaceChildren(...frames);
      dose.textContent = ex.dose;
      care.replaceChildren(...ex.cautions.map((text) => el("p", {}, `Take care: ${text}`)));
      steps.replaceChildren(...ex.steps.map((s) => el("li", {}, s)));
    }
    pictures.classList.toggle("er-motion", !calm.checked);
    // Start picture while resting; end picture while holding; "move" plays the frames in turn.
    if (step.phase === "move" && timer !== null) playFrames(!calm.checked);
    else showFrame(step.phase === "hold" ? frames.length - 1 : 0);
    clock.hidden = !started;
    count.textContent = String(Math.ceil(remaining));
    phase.textContent = PHASE_WORDS[step.phase];
    repeat.textContent = `Repeat ${step.repeat} of ${step.repeats}${step.side ? ` (${step.side} side)` : ""}`;
    backBtn.disabled = number === 1 && i === 0;
    skipBtn.disabled = number === starts.length;
    if (announce) live.textContent = describe(step);
  }

  function goTo(i, announce = true) {
    model.set("step", i);
    model.save_changes();
    remaining = stepAt(i).seconds;
    show(announce);
  }

  function stop(text) {
    frameTimers.forEach(clearTimeout);
    clearInterval(timer);
    timer = null;
    playBtn.textContent = text;
  }

  function tick() {
    remaining -= 0.25;
    if (remaining > 0) {
      count.textContent = String(Math.ceil(remaining));
      return;
    }
    const next = model.get("step") + 1;
    if (next >= plan().length) {
      stop("Start again");
      remaining = 0;
      show(false);
      live.textContent = "Routine finished. Well done.";
      return;
    }
    goTo(next);
  }

  function play() {
    if (timer !== null) {
      stop("Carry on");
      live.textContent = "Paused.";
      return;
    }
    if (playBtn.textContent === "Start again") goTo(0, false);
    timer = setInterval(tick, 250);
    playBtn.textContent = "Pause";
    started = true;
    show(true);
    // On a phone the picture and the countdown sit below the buttons: bring buttons, picture and
    // clock into view together (they fit a 390 x 844 screen), so the reader sees what to do.
    const still = calm.checked || window.matchMedia?.("(prefers-reduced-motion: reduce)").matches;
    buttons.scrollIntoView({ block: "start", behavior: still ? "auto" : "smooth" });
  }

  function jump(direction) {
    const starts = exerciseStarts();
    const i = model.get("step");
    const current = starts.filter((s) => s <= i).length - 1;
    const target = direction > 0 ? starts[current + 1] : starts[Math.max(0, current - (i === starts[current] ? 1 : 0))];
    if (target !== undefined) goTo(target);
  }

  // Skip on the last exercise (or Back on the first) disables the pressed button; focus then
  // moves to the main button instead of falling to the page.
  function pressed(direction) {
    return (event) => {
      jump(direction);
      if (event.currentTarget.disabled) playBtn.focus();
    };
  }

  function choose() {
    stop("Start");
    started = false;
    model.set("region", regionInputs.find((r) => r.checked).value);
    model.set("minutes", Number(minuteInputs.find((m) => m.checked).value));
    model.save_changes();
    shownExercise = null;
    showSummary();
    goTo(0, false);
  }

  playBtn.addEventListener("click", play);
  skipBtn.addEventListener("click", pressed(1));
  backBtn.addEventListener("click", pressed(-1));
  for (const input of [...regionInputs, ...minuteInputs]) input.addEventListener("change", choose);
  calm.addEventListener("change", () => show(false));

  showSummary();
  remaining = stepAt(Math.min(model.get("step"), plan().length - 1)).seconds;
  show(false);
  return () => {
    clearInterval(timer);
    frameTimers.forEach(clearTimeout);
  };
}

export default { render };
