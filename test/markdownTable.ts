/**
 * Rows of the Markdown table whose header starts with `| first |` (header first, separator
 * dropped), each cell trimmed and its inner whitespace collapsed, so that a table compares
 * equal whatever padding Prettier gave it.
 */
export function tableRows(markdown: string, first: string): string[][] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((l) => l.replace(/\s+/g, ' ').startsWith(`| ${first} |`));
  if (start < 0) return [];
  const rows: string[][] = [];
  for (let i = start; i < lines.length && lines[i].startsWith('|'); i++) {
    const cells = lines[i]
      .slice(1, -1)
      .split('|')
      .map((c) => c.trim().replace(/\s+/g, ' '));
    if (cells.every((c) => /^:?-+:?$/.test(c))) continue;
    rows.push(cells);
  }
  return rows;
}
