import { readFileSync } from 'node:fs';

/**
 * The version of `@hyperposition/cli`, read from its package.json (one level above both
 * `src/` and `dist/`).
 *
 * @returns the semver string, e.g. `'0.1.0'`.
 * @example
 * ```ts
 * cliVersion(); // returns '0.1.0' (this package's version)
 * ```
 */
export function cliVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}
