import { chmodSync, statSync, writeFileSync } from 'node:fs';
import { RuntimeError } from './errors.js';

/**
 * Refuses a file that holds secret material (a seed, a key, a credential) when anyone but its
 * owner may read or write it: the mode must leave no group or other bits (0600 or stricter).
 * Windows reports no such bits, so there the check passes; POSIX is what the services run on.
 */
export function assertPrivateFile(file: string, field: string): void {
  let mode: number;
  try {
    mode = statSync(file).mode;
  } catch (error) {
    throw new RuntimeError('CONFIG_FILE_UNREADABLE', `cannot read ${file}`, {
      file,
      cause: String(error),
    });
  }
  if ((mode & 0o077) !== 0) {
    const octal = (mode & 0o777).toString(8).padStart(4, '0');
    throw new RuntimeError(
      'CONFIG_FILE_PERMISSIONS',
      `${file} holds ${field} but is mode ${octal}; make it 0600 (chmod 600 ${file})`,
      { file, field, mode: octal },
    );
  }
}

/** Writes a file holding secret material owner-only (0600), also when it already existed. */
export function writePrivateFile(file: string, text: string): void {
  writeFileSync(file, text, { mode: 0o600 });
  chmodSync(file, 0o600); // the mode above applies only when the file is created
}
