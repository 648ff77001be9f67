// A remark plugin that fills a fenced code block from a file at build time:
//
//   ```ts file=examples/bindAndBundle.ts
//   ```
//
// The path is relative to the site directory. The page therefore shows exactly the file
// that the examples' vitest tests import and run, so shown code is code that runs.
import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const siteDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function walk(node, visit) {
  visit(node);
  if (Array.isArray(node.children)) for (const child of node.children) walk(child, visit);
}

/** Remark plugin: replace the body of ```lang file=PATH blocks with the file's text. */
export function codeFile() {
  return (tree, vfile) => {
    walk(tree, (node) => {
      if (node.type !== 'code' || typeof node.meta !== 'string') return;
      const match = /(?:^|\s)file=(\S+)/.exec(node.meta);
      if (!match) return;
      const path = join(siteDir, match[1]);
      if (relative(siteDir, path).startsWith('..')) {
        throw new Error(`codeFile: ${match[1]} in ${vfile.path} points outside the site directory`);
      }
      let text;
      try {
        text = readFileSync(path, 'utf8');
      } catch (error) {
        throw new Error(`codeFile: cannot read ${match[1]} for ${vfile.path}: ${error.message}`, {
          cause: error,
        });
      }
      node.value = text.replace(/\n+$/, '');
      const rest = node.meta.replace(match[0], '').trim();
      node.meta = /title=/.test(rest) ? rest : `${rest} title="${match[1]}"`.trim();
    });
  };
}
