import { randomBytes } from 'node:crypto';
import { rename, stat, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Write a file atomically: write a temporary file in the same directory, then rename it
 * over the target, so readers never see a half-written figure.
 * @internal
 */
export async function atomicWrite(
  path: string,
  contents: string | Uint8Array,
  fn = 'atomicWrite',
): Promise<void> {
  // a folder (or its missing parent) named here would otherwise surface as a bare EISDIR or
  // ENOENT from the rename
  const at = await stat(path).catch(() => null);
  if (at?.isDirectory())
    throw new TypeError(
      `${fn}: path expected a file path, got ${JSON.stringify(path)} (a directory)`,
    );
  const parent = await stat(dirname(path)).catch(() => null);
  if (!parent?.isDirectory())
    throw new TypeError(
      `${fn}: path expected a file in an existing directory, got ${JSON.stringify(path)} (${dirname(path)} is ${parent ? 'not a directory' : 'missing'})`,
    );
  const tmp = join(
    dirname(path),
    `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
  try {
    await writeFile(tmp, contents);
    await rename(tmp, path);
  } catch (error) {
    await unlink(tmp).catch(() => undefined);
    throw error;
  }
}
