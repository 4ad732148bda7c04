// Slims the stylesheets of the built site (the Makefile runs it after the HTML build):
//   node _ext/site-css.mjs _build/html
//
// 1. Purge. pydata-sphinx-theme.css alone is 397 kB (Bootstrap, every Font Awesome icon class,
//    components this course never shows) and blocks the first paint of every page. PurgeCSS
//    (pinned in package.json) keeps a rule only if its classes, ids and attributes appear in the
//    built HTML or in the site's scripts, so classes that the theme, togglebutton, sphinx-design
//    or search add at run time are kept because their names are in those scripts; the safelist
//    keeps what no file spells out whole. The project's own course.css is never purged.
// 2. Bundle. Each page then linked ten stylesheets (one behind an @import), each a request the
//    browser must finish before it draws anything: on a slow mobile link that cost more than
//    their bytes. Each page's stylesheets are joined, in the page's order, into one file
//    _static/styles/course-bundle-<hash of the list>.css (local @imports inlined, url()s
//    rewritten for its folder) and the page links that one file instead.
import { createHash } from "node:crypto";
import { readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import fg from "fast-glob";
import { PurgeCSS } from "purgecss";

const site = process.argv[2];
if (!site) throw new Error("usage: node site-css.mjs <built html folder>");
const COURSE_CSS = path.join(site, "_static", "course.css");
// The design tokens (custom properties): PurgeCSS's variable pass cannot see their use inside
// the widgets' stylesheets, which live in each page's embedded widget state.
const TOKENS_CSS = path.join(site, "_static", "course-tokens.css");
const BUNDLE_DIR = path.join(site, "_static", "styles");

async function purge() {
  const results = await new PurgeCSS().purge({
    // Bootstrap's bundle is left out: it names every Bootstrap component (carousel, toast,
    // offcanvas...); the course uses only its dropdowns (their classes are in the learner pages)
    // and tooltips (safelisted below).
    content: [`${site}/**/*.html`, `${site}/_static/**/!(bootstrap).js`, `${site}/searchindex.js`],
    css: [`${site}/_static/**/!(course-bundle-*).css`],
    safelist: {
      // Dark mode and the theme switcher (html[data-theme=dark], [data-mode=auto]), states
      // scripts toggle, search-term highlighting, the widgets' own classes, Bootstrap tooltips.
      greedy: [/data-theme/, /data-mode/, /^show$/, /^showing$/, /^collaps/, /^highlighted$/,
        /^cw-/, /^tooltip/, /^bs-tooltip/, /^fade$/, /data-bs-popper/, /data-popper/],
    },
    variables: true,
  });
  let before = 0;
  let after = 0;
  for (const { file, css } of results) {
    if ([COURSE_CSS, TOKENS_CSS].some((own) => path.resolve(file) === path.resolve(own))) {
      continue; // the project's own rules
    }
    before += (await stat(file)).size;
    after += Buffer.byteLength(css);
    await writeFile(file, css);
  }
  console.log(`site-css: purged ${results.length - 2} theme stylesheets, ` +
    `${(before / 1e3).toFixed(0)} kB -> ${(after / 1e3).toFixed(0)} kB`);
}

const LINK = /<link\b[^>]*\brel="stylesheet"[^>]*>\s*/g;
const HREF = /\bhref="([^"?#]+)[^"]*"/;
const URL_REF = /url\(\s*(['"]?)([^'")]+)\1\s*\)/g;
const IMPORT = /@import\s+(?:url\()?\s*['"]([^'"]+)['"]\s*\)?\s*;/g;

// A stylesheet's text for the bundle: local @imports inlined, relative url()s made relative to
// the bundle's folder.
async function forBundle(file) {
  const dir = path.dirname(file);
  let css = await readFile(file, "utf8");
  css = css.replace(URL_REF, (whole, quote, ref) =>
    /^(data:|[a-z]+:|\/|#)/i.test(ref) ? whole
      : `url(${quote}${path.relative(BUNDLE_DIR, path.resolve(dir, ref)).split(path.sep).join("/")}${quote})`);
  const imports = [...css.matchAll(IMPORT)];
  for (const [statement, ref] of imports) {
    css = css.replace(statement, await forBundle(path.resolve(dir, ref)));
  }
  return css;
}

// Bundle name -> its stylesheets (relative to the site), kept across builds: Sphinx rewrites
// only changed pages, and the unchanged ones still link bundles that must get today's CSS.
const MANIFEST = path.join(BUNDLE_DIR, "course-bundles.json");

async function bundle() {
  let manifest = {};
  try {
    manifest = JSON.parse(await readFile(MANIFEST, "utf8"));
  } catch {
    // first build: no bundles yet
  }
  const rel = (file) => path.relative(site, file).split(path.sep).join("/");
  const pages = await fg(`${site}/**/*.html`, { ignore: [`${site}/_static/**`] });
  const relinks = [];
  for (const page of pages) {
    const html = await readFile(page, "utf8");
    const head = html.slice(0, html.indexOf("</head>"));
    const links = [...head.matchAll(LINK)].map(([tag]) => tag)
      .filter((tag) => HREF.test(tag) && !/^[a-z]+:/i.test(tag.match(HREF)[1]));
    if (links.length < 2) continue; // already bundled (unchanged since the last build)
    const files = links.map((tag) => rel(path.resolve(path.dirname(page), tag.match(HREF)[1])));
    const name = `course-bundle-${createHash("sha256").update(files.join("\n")).digest("hex")
      .slice(0, 10)}.css`;
    manifest[name] = files;
    relinks.push({ page, html, head, links, name });
  }
  const versions = {};
  for (const [name, files] of Object.entries(manifest)) {
    const css = (await Promise.all(files.map((f) => forBundle(path.join(site, f))))).join("\n");
    versions[name] = createHash("sha256").update(css).digest("hex").slice(0, 8);
    await writeFile(path.join(BUNDLE_DIR, name), css);
  }
  await writeFile(MANIFEST, JSON.stringify(manifest, null, 1));
  for (const { page, html, head, links, name } of relinks) {
    const href = path.relative(path.dirname(page), path.join(BUNDLE_DIR, name))
      .split(path.sep).join("/");
    let first = true;
    const rewritten = head.replace(LINK, (tag) => {
      if (!links.includes(tag)) return tag;
      if (!first) return "";
      first = false;
      return `<link rel="stylesheet" href="${href}?v=${versions[name]}" />\n`;
    });
    await writeFile(page, rewritten + html.slice(head.length));
  }
  console.log(`site-css: ${relinks.length} pages relinked; ` +
    `${Object.keys(manifest).length} bundled stylesheet(s)`);
}

await purge();
await bundle();
