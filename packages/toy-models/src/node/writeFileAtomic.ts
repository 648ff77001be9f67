import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Write a file atomically: write a temporary file in the same folder, flush it to disk,
 * then rename it over the target. A reader sees the old file or the new one, never a
 * partial one, even if the process is killed mid-write.
 *
 * @param path - target file.
 * @param data - text (written as UTF-8) or bytes.
 * @returns when the file is in place.
 * @example
 * ```ts
 * await writeFileAtomic('status.json', JSON.stringify({ ok: true })); // its folder must exist
 * ```
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array): Promise<void> {
  const tmp = join(
    dirname(path),
    `.${basename(path)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`,
  );
  const handle = await open(tmp, 'w');
  try {
    await handle.writeFile(data);
    await handle.sync();
  } catch (e) {
    await handle.close();
    await rm(tmp, { force: true });
    throw e;
  }
  await handle.close();
  try {
    await rename(tmp, path);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}
