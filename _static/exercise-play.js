// "Play the movement" for the exercise pictures (widgets/exercises.py Figure, rows marked
// data-play): the frames fade one into the next in one place, like the guided routine, three
// times round, then the still sequence comes back. No button when the reader asks for less
// motion (and playing stops if they ask while it plays); printing shows the still sequence.
// Its look is in course.css.
(() => {
  const FRAME_MS = 1400;
  const ROUNDS = 3;
  const calm = window.matchMedia?.("(prefers-reduced-motion: reduce)");

  function setup(row) {
    const cells = [...row.querySelectorAll(":scope > .cw-pose-cell")];
    const button = document.createElement("button");
    button.type = "button";
    button.className = "cw-play";
    button.textContent = "Play the movement";
    button.setAttribute("aria-pressed", "false");
    row.after(button);
    let timer = null;

    function show(k) {
      cells.forEach((cell, i) => {
        cell.classList.toggle("cw-on", i === k);
        cell.setAttribute("aria-hidden", i === k ? "false" : "true");
      });
    }

    function stop() {
      clearInterval(timer);
      timer = null;
      row.classList.remove("cw-playing");
      cells.forEach((cell) => {
        cell.classList.remove("cw-on");
        cell.removeAttribute("aria-hidden");
      });
      button.textContent = "Play the movement";
      button.setAttribute("aria-pressed", "false");
    }

    function play() {
      let shown = 0;
      row.classList.add("cw-playing");
      show(0);
      button.textContent = "Stop";
      button.setAttribute("aria-pressed", "true");
      timer = setInterval(() => {
        shown += 1;
        if (shown >= cells.length * ROUNDS) stop();
        else show(shown % cells.length);
      }, FRAME_MS);
    }

    button.addEventListener("click", () => (timer === null ? play() : stop()));
    calm?.addEventListener?.("change", () => calm.matches && stop());
    window.addEventListener("beforeprint", stop);
  }

  function start() {
    const rows = document.querySelectorAll(".cw-pose-row[data-play]");
    if (!rows.length) return;
    rows.forEach(setup);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
