import { join } from 'node:path';
import type { Config } from '@docusaurus/types';
import type * as Preset from '@docusaurus/preset-classic';
import { themes as prismThemes } from 'prism-react-renderer';
import { codeFile } from './src/remark/codeFile.mjs';
import { apiIndex } from './src/plugins/apiIndex.mjs';
import { quietTfjs } from './src/plugins/quietTfjs.mjs';

// One TypeDoc run per package, each with its own entry point and tsconfig: a package that
// fails to type-check (skipErrorChecking) or is mid-edit cannot take the others down.
const apiPackages = ['hypervector', 'interference', 'toy-models', 'plots'] as const;

const typedocPlugins = apiPackages.map((name) => [
  'docusaurus-plugin-typedoc',
  {
    id: `api-${name}`,
    entryPoints: [`../../packages/${name}/src/index.ts`],
    tsconfig: `../../packages/${name}/tsconfig.json`,
    out: `docs/api/${name}`,
    name: `@hyperposition/${name}`,
    readme: 'none',
    skipErrorChecking: true,
    excludePrivate: true,
    excludeInternal: true,
    disableSources: true,
    // One page per package (members are anchors on it): a reference that reads top to bottom,
    // and a site small enough for the browser test to load every page.
    outputFileStrategy: 'modules',
    hidePageHeader: true,
    sidebar: { autoConfiguration: true, pretty: true },
    plugin: [join(__dirname, 'src', 'plugins', 'typedocAnchors.mjs')],
    logLevel: 'Warn',
  },
]);

const config: Config = {
  title: 'Hyperposition',
  tagline: 'Superposition in neural networks, and the hyperdimensional computing behind it',
  favicon: 'img/favicon.svg',
  url: 'http://localhost',
  baseUrl: '/',
  trailingSlash: false,
  onBrokenLinks: 'throw',
  onBrokenAnchors: 'throw',
  onDuplicateRoutes: 'throw',
  i18n: { defaultLocale: 'en', locales: ['en'] },
  future: { v4: true },
  // .md files (TypeDoc's output among them) are CommonMark, so braces and angle brackets in TSDoc
  // prose cannot break the MDX compiler; .mdx pages keep JSX.
  markdown: { format: 'detect', hooks: { onBrokenMarkdownLinks: 'throw' } },
  presets: [
    [
      'classic',
      {
        docs: {
          path: 'docs',
          routeBasePath: 'docs',
          sidebarPath: './sidebars.ts',
          remarkPlugins: [codeFile],
          showLastUpdateAuthor: false,
          showLastUpdateTime: false,
        },
        blog: false,
        theme: { customCss: './src/css/custom.css' },
        sitemap: { lastmod: null, changefreq: null, priority: null },
      } satisfies Preset.Options,
    ],
  ],
  plugins: [[apiIndex, { packages: apiPackages }], quietTfjs, ...typedocPlugins],
  themeConfig: {
    colorMode: { respectPrefersColorScheme: true },
    navbar: {
      title: 'Hyperposition',
      logo: { alt: 'Hyperposition', src: 'img/favicon.svg' },
      items: [
        { type: 'docSidebar', sidebarId: 'docs', position: 'left', label: 'Docs' },
        { to: '/docs/concepts/superposition', label: 'Concepts', position: 'left' },
        { to: '/docs/examples', label: 'Live examples', position: 'left' },
        { to: '/docs/guides', label: 'Guides', position: 'left' },
        { to: '/docs/api', label: 'API', position: 'left' },
        { to: '/docs/gallery', label: 'Gallery', position: 'left' },
        { to: '/docs/findings', label: 'Findings', position: 'left' },
      ],
    },
    footer: {
      style: 'dark',
      copyright:
        'Hyperposition. MIT licensed. Everything on this site runs locally: no fonts, scripts or trackers from elsewhere.',
    },
    prism: {
      theme: prismThemes.github,
      darkTheme: prismThemes.dracula,
      additionalLanguages: ['bash'],
    },
  } satisfies Preset.ThemeConfig,
};

export { config as default };
