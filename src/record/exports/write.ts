/**
 * Writing an export file whole or not at all, as the run directory's own artifacts are written
 * (temporary file, fsync, rename, directory fsync). `writeFileAtomic` takes text only and STDF is
 * bytes, hence this small twin.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { syncDir } from '../atomic-file.js';
import { diskError } from '../disk-error.js';

export async function writeExportFile(path: string, data: string | Uint8Array): Promise<void> {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    let handle;
    try {
      handle = await open(temp, 'wx');
    } catch (err) {
      throw diskError('create', path, err);
    }
    try {
      await handle.writeFile(data);
      await handle.sync();
    } catch (err) {
      throw diskError('write', path, err);
    } finally {
      await handle.close().catch(() => undefined);
    }
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
