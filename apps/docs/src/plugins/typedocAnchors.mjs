// A TypeDoc plugin (loaded by docusaurus-plugin-typedoc next to typedoc-plugin-markdown) that
// makes the in-page links of the generated Markdown match the heading ids Docusaurus gives.
// With one page per package, TypeDoc numbers some anchors (`#toymodelconfig-1`) by its own
// count of duplicates, which need not be Docusaurus' count; such a link would be a broken
// anchor. Links whose anchor is no heading of the page are pointed at the heading with the
// same base name, or at the page itself.

/** Heading text to the id Docusaurus (github-slugger) gives it, before duplicate numbering. */
function slug(text) {
  return text
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[`*_\\]/g, '')
    .replace(/<[^>]*>/g, '')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '')
    .replace(/ /g, '-');
}

/** The ids of a Markdown page's headings, numbered for duplicates as Docusaurus does. */
export function headingIds(markdown) {
  const ids = new Set();
  const seen = new Map();
  let inFence = false;
  for (const line of markdown.split('\n')) {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    const match = !inFence && /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(line);
    if (!match) continue;
    const base = slug(match[1]);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    ids.add(count === 0 ? base : `${base}-${count}`);
  }
  return ids;
}

/** Rewrite `](#anchor)` links whose anchor is not a heading id of the page. */
export function fixAnchors(markdown) {
  const ids = headingIds(markdown);
  return markdown.replace(/\]\(#([^)\s]+)\)/g, (whole, anchor) => {
    if (ids.has(anchor)) return whole;
    const base = anchor.replace(/-\d+$/, '');
    return ids.has(base) ? `](#${base})` : '](#)';
  });
}

/** TypeDoc plugin entry point. */
export function load(app) {
  app.renderer.on('endPage', (page) => {
    if (typeof page.contents === 'string') page.contents = fixAnchors(page.contents);
  });
}
