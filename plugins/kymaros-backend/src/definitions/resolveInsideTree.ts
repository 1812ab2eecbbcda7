import { lstat, readlink } from 'node:fs/promises';
import path from 'node:path';
import { OutsideDirectoryError, fileSystemError } from './definitionErrors';

/** Linux's own limit on symbolic links followed in one lookup. */
const MAX_LINKS = 40;

function parts(relative: string): string[] {
  return relative.split(/[\\/]+/).filter(p => p !== '' && p !== '.');
}

function escapes(relative: string): boolean {
  const normalized = path.posix.normalize(relative.replace(/\\/g, '/'));
  return normalized === '..' || normalized.startsWith('../');
}

/**
 * The real path `ref` names inside `root` (itself a real path). Symbolic links
 * are followed one component at a time and each link's text is checked before
 * anything it points at is touched, so nothing outside `root` is ever looked
 * up: a path outside gives the same error whether it exists or not.
 */
export async function resolveInsideTree(
  root: string,
  ref: string,
): Promise<string> {
  if (
    ref.includes('\0') ||
    path.isAbsolute(ref) ||
    /^[\\/]/.test(ref) ||
    escapes(ref)
  )
    throw new OutsideDirectoryError();
  const pending = parts(ref);
  let current = root;
  let links = 0;
  while (pending.length) {
    const part = pending.shift()!;
    if (part === '..') {
      if (current === root) throw new OutsideDirectoryError();
      current = path.dirname(current);
      continue;
    }
    const next = path.join(current, part);
    const stats = await lstat(next).catch(e => {
      throw fileSystemError(e);
    });
    if (!stats.isSymbolicLink()) {
      current = next;
      continue;
    }
    if (++links > MAX_LINKS) throw fileSystemError({ code: 'ELOOP' });
    const target = await readlink(next).catch(e => {
      throw fileSystemError(e);
    });
    if (path.isAbsolute(target)) {
      const relative = path.relative(root, path.normalize(target));
      if (path.isAbsolute(relative) || escapes(relative))
        throw new OutsideDirectoryError();
      current = root;
      pending.unshift(...parts(relative));
    } else {
      pending.unshift(...parts(target));
    }
  }
  return current;
}
