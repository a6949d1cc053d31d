import { closeSync, fstatSync, openSync, readFileSync } from 'node:fs';

/**
 * Files that hold secrets (the config with the pairing token and API secrets, the Roxom RSA key) must
 * be private to their owner: on POSIX, a file whose mode gives group or others any permission
 * (`mode & 0o077`) is refused with the fix. The mode is read from the open file descriptor, so the
 * file checked is the file read. Windows has no POSIX modes: the check does not apply there.
 */
export type PrivateFile =
  | {
      ok: true;
      text: string;
      /** Set when the file is open to group or others: the problem to report. */ exposed?: string;
    }
  | { ok: false; problem: string };

export function readPrivateFile(path: string): PrivateFile {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    return { ok: false, problem: `cannot read ${path} (${errorCode(error)})` };
  }
  try {
    const mode = fstatSync(fd).mode;
    const text = readFileSync(fd, 'utf8');
    if (process.platform === 'win32' || (mode & 0o077) === 0) return { ok: true, text };
    const octal = (mode & 0o777).toString(8).padStart(3, '0');
    return {
      ok: true,
      text,
      exposed: `${path} is open to other users (mode ${octal}) and holds secrets: run \`chmod 600 ${path}\``,
    };
  } catch (error) {
    return { ok: false, problem: `cannot read ${path} (${errorCode(error)})` };
  } finally {
    closeSync(fd);
  }
}

function errorCode(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'unreadable';
}
