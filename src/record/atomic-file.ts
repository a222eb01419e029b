/**
 * Whole files that appear complete or not at all (run.json, plan.yaml, the end-of-run artifacts):
 * written to a temporary name in the same directory, fsync'd, renamed over the target, and the
 * directory fsync'd so the rename itself survives a power cut.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { diskError } from './disk-error.js';

/** Text is written as UTF-8, bytes as they are (STDF). */
export async function writeFileAtomic(path: string, content: string | Uint8Array): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeAndSync(temp, content, path);
    try {
      await rename(temp, path);
    } catch (err) {
      throw diskError('rename', path, err);
    }
    await syncDir(dirname(path));
  } catch (err) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw err;
  }
}

async function writeAndSync(temp: string, content: string | Uint8Array, target: string): Promise<void> {
  let handle;
  try {
    handle = await open(temp, 'wx');
  } catch (err) {
    throw diskError('create', target, err);
  }
  try {
    await handle.writeFile(content);
    await handle.sync();
  } catch (err) {
    throw diskError('write', target, err);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** Make a directory's entries (new files, renames) durable. */
export async function syncDir(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch (err) {
    // Some file systems refuse fsync on a directory (EINVAL/EISDIR): nothing more can be done there.
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EINVAL' && code !== 'EISDIR' && code !== 'EPERM') throw diskError('sync', dir, err);
  } finally {
    await handle?.close().catch(() => undefined);
  }
}
