import type { ParsedFile } from './parseKymarosFile';

interface Entry {
  version: string;
  parsed: ParsedFile[];
}

/**
 * The last parsed result per definition file (or directory of files), with the version it was read
 * at (an ETag, or a file's inode, size and mtime), so an unchanged file is
 * neither read nor parsed again. Entries no entity asked for during a
 * refresh are dropped at its end.
 */
export class DefinitionCache {
  private readonly entries = new Map<string, Entry>();
  private readonly used = new Set<string>();

  peek(key: string): Entry | undefined {
    this.used.add(key);
    return this.entries.get(key);
  }

  /** The parsed file, if it was parsed at exactly this version. */
  get(key: string, version: string): ParsedFile[] | undefined {
    const entry = this.peek(key);
    return entry?.version === version ? entry.parsed : undefined;
  }

  set(key: string, version: string | undefined, parsed: ParsedFile[]): void {
    this.used.add(key);
    if (version === undefined) this.entries.delete(key);
    else this.entries.set(key, { version, parsed });
  }

  /** Forgets what no entity asked for since the last sweep. */
  sweep(): void {
    for (const key of this.entries.keys())
      if (!this.used.has(key)) this.entries.delete(key);
    this.used.clear();
  }
}
