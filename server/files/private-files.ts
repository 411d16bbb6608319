/**
 * Files that hold the installation's data (the SQLite database, backups, attachments, anchors) are readable by
 * the service account only: folders 0700, files 0600, whatever the process umask. Writes go to a temp file in
 * the same folder and are renamed into place, so a crash never leaves half a file under the final name.
 */
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';

const POSIX = process.platform !== 'win32';

/** Narrows a file or folder to `mode` when group or others have any access (best effort, never throws). */
export function tighten(path: string, mode: 0o600 | 0o700): void {
  if (!POSIX) return;
  try {
    if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, mode);
  } catch {
    // A mode that cannot be read or changed must not stop the service.
  }
}

/**
 * Creates a folder (and missing parents) as 0700. An existing folder is left as it is: it may be a shared one
 * the operator chose (a backup mount, /tmp), which is not ours to narrow.
 */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
}

/** Creates an empty 0600 file if none exists (for tools that write into a file they are given). */
export function touchPrivateFile(path: string): void {
  ensurePrivateDir(dirname(path));
  if (!existsSync(path)) closeSync(openSync(path, 'a', 0o600));
  tighten(path, 0o600);
}

/** Writes `data` atomically as a 0600 file. */
export function writePrivateFile(path: string, data: string | Uint8Array): void {
  ensurePrivateDir(dirname(path));
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    const fd = openSync(tmp, 'wx', 0o600);
    try {
      writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}
