import { InputError, NotAllowedError } from '@backstage/errors';

/**
 * The ref leads outside the entity's directory. Raised before the target is
 * touched, so it reads the same whether that target exists or not.
 */
export class OutsideDirectoryError extends NotAllowedError {
  constructor() {
    super("outside the entity's directory");
  }
}

/** A definition file cannot be used; the message is safe to show to every portal user. */
export class UnreadableDefinitionError extends InputError {}

/** A file system error as a reason that names no server path. */
export function fileSystemError(e: unknown): UnreadableDefinitionError {
  const code = (e as NodeJS.ErrnoException)?.code;
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return new UnreadableDefinitionError('no such file');
    case 'EACCES':
    case 'EPERM':
      return new UnreadableDefinitionError('permission denied');
    case 'ELOOP':
      return new UnreadableDefinitionError('too many symbolic links');
    case 'EISDIR':
    case 'ENXIO':
    case 'EAGAIN':
      return new UnreadableDefinitionError('not a regular file');
    default:
      return new UnreadableDefinitionError(code ?? 'unexpected error');
  }
}

/** `1 MiB`, `64 KiB` or `100 bytes`. */
export function formatBytes(bytes: number): string {
  if (bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}
