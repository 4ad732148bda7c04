// Strips from the theme's stylesheets in the built site every rule no page can use.
//
// pydata-sphinx-theme.css alone is 397 kB (Bootstrap, every Font Awesome icon class, components
// this course never shows) and blocks the first paint of every page. PurgeCSS (pinned in
// package.json) keeps a rule only if its classes, ids and attributes appear in the built HTML or
// in the site's scripts, so classes that the theme, Bootstrap, togglebutton, sphinx-design or
// search add at run time are kept because their names are in those scripts; the safelist keeps
// what no file spells out whole. The project's own course.css is never touched.
// Usage (the Makefile runs it after the HTML build): node _ext/purge-css.mjs _build/html
import { stat, writeFile } from "node:fs/promises";
import { PurgeCSS } from "purgecss";

const site = process.argv[2];
if (!site) throw new Error("usage: node purge-css.mjs <built html folder>");

const results = await new PurgeCSS().purge({
  // Bootstrap's bundle is left out: it names every Bootstrap component (carousel, toast,
  // offcanvas...); the course uses only its dropdowns (their classes are in the learner pages)
  // and tooltips (safelisted below).
  content: [`${site}/**/*.html`, `${site}/_static/**/!(bootstrap).js`, `${site}/searchindex.js`],
  css: [`${site}/_static/**/*.css`],
  safelist: {
    // Dark mode and the theme switcher (html[data-theme=dark], [data-mode=auto]), Bootstrap
    // states scripts toggle, search-term highlighting, the widgets' own classes.
    greedy: [/data-theme/, /data-mode/, /^show$/, /^showing$/, /^collaps/, /^highlighted$/,
      /^cw-/, /^tooltip/, /^bs-tooltip/, /^fade$/, /data-bs-popper/, /data-popper/],
  },
  variables: true,
});
let before = 0;
let after = 0;
for (const { file, css } of results) {
  if (file.endsWith("/course.css")) continue; // the project's own rules stay as written
  before += (await stat(file)).size;
  after += Buffer.byteLength(css);
  await writeFile(file, css);
}
console.log(`purge-css: ${results.length} stylesheets, ${(before / 1e3).toFixed(0)} kB -> ` +
  `${(after / 1e3).toFixed(0)} kB`);
