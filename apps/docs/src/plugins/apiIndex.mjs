// Writes docs/api/index.md (the API reference's landing page) and the folder's sidebar
// category. docs/api is generated and gitignored; TypeDoc fills one sub-folder per package.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const descriptions = {
  hypervector:
    'Vector Symbolic Architectures on typed arrays: models, clean-up memories, records, capacity theory.',
  interference:
    'Geometry and interference metrics of feature matrices, with random-direction and Welch baselines.',
  'toy-models':
    'The toy models of superposition on TensorFlow.js: training, sweeps, phase diagrams.',
  plots: 'The figures, as SVG, in the browser and in Node.',
};

/** Docusaurus plugin: write the API index before the docs plugin reads the folder. */
export function apiIndex(context, options) {
  const dir = join(context.siteDir, 'docs', 'api');
  mkdirSync(dir, { recursive: true });
  const rows = options.packages
    .map(
      (name) => `- [\`@hyperposition/${name}\`](./${name}/index.md): ${descriptions[name] ?? ''}`,
    )
    .join('\n');
  writeFileSync(
    join(dir, 'index.md'),
    `---\ntitle: API reference\nsidebar_label: Overview\nsidebar_position: 0\n---\n\n` +
      `# API reference\n\nGenerated at build time by TypeDoc from the TSDoc comments of each package's ` +
      `\`src/index.ts\`. The [guides](../guides/index.md) show how the pieces fit together.\n\n${rows}\n`,
  );
  writeFileSync(
    join(dir, '_category_.json'),
    JSON.stringify(
      { label: 'API reference', position: 5, link: { type: 'doc', id: 'api/index' } },
      null,
      2,
    ) + '\n',
  );
  return { name: 'hyperposition-api-index' };
}
