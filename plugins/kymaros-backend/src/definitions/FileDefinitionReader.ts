import { realpath } from 'node:fs/promises';
import type { CheckType } from '@kymaros/plugin-kymaros-node';
import { DefinitionCache } from './DefinitionCache';
import {
  OutsideDirectoryError,
  UnreadableDefinitionError,
} from './definitionErrors';
import { ParsedFile, parseKymarosFile } from './parseKymarosFile';
import {
  fileVersion,
  readRegularFile,
  statRegularFile,
} from './readRegularFile';
import { resolveInsideTree } from './resolveInsideTree';

/**
 * Reads definition files next to an entity defined by a local file: only
 * regular files of bounded size inside the entity's directory tree, reparsed
 * only when the file changed.
 */
export class FileDefinitionReader {
  constructor(
    private readonly cache: DefinitionCache,
    private readonly maxBytes: number,
    /** The check types whose settings a file's checks are validated against. */
    private readonly checkTypes: () => ReadonlyMap<string, CheckType>,
  ) {}

  /** `ref` relative to `dir`; `label` names the file in messages and test sources. */
  async read(
    dir: string,
    ref: string,
    label: string,
    signal?: AbortSignal,
  ): Promise<ParsedFile> {
    const root = await realpath(dir).catch(() => {
      throw new UnreadableDefinitionError(
        "the entity's directory cannot be read",
      );
    });
    const file = await resolveInsideTree(root, ref);
    // Every link was resolved above; a different answer means one changed meanwhile.
    if ((await realpath(file).catch(() => file)) !== file)
      throw new OutsideDirectoryError();
    const stats = await statRegularFile(file, this.maxBytes);
    const key = `file:${file}#${label}`;
    const version = fileVersion(stats);
    const cached = this.cache.get(key, version);
    if (cached) return cached;
    const text = await readRegularFile(file, stats, this.maxBytes, signal);
    const parsed = parseKymarosFile(text, label, this.checkTypes());
    this.cache.set(key, version, parsed);
    return parsed;
  }
}
