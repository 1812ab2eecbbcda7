import { UnreadableDefinitionError, formatBytes } from './definitionErrors';

/**
 * What one entity's definitions may read in all: a number of files and
 * bytes across every file, directory and URL its annotation names, so a
 * directory of thousands of files or a list of large ones costs the same
 * bounded work as one file.
 */
export class ReadBudget {
  private remainingFiles: number;
  private bytesLeft: number;

  constructor(
    private readonly maxFiles: number,
    private readonly maxBytes: number,
  ) {
    this.remainingFiles = maxFiles;
    this.bytesLeft = maxBytes;
  }

  /** Files that may still be read. */
  get filesLeft(): number {
    return this.remainingFiles;
  }

  /** Counts `files` files of `bytes` in all against the budget; throws once it is spent. */
  take(bytes: number, files = 1): void {
    this.remainingFiles -= files;
    if (this.remainingFiles < 0)
      throw new UnreadableDefinitionError(
        `an entity's definitions may come from at most ${this.maxFiles} ${
          this.maxFiles === 1 ? 'file' : 'files'
        }`,
      );
    this.bytesLeft -= bytes;
    if (this.bytesLeft < 0)
      throw new UnreadableDefinitionError(
        `an entity's definition files may hold at most ${formatBytes(
          this.maxBytes,
        )} together`,
      );
  }
}
