import { lstat, readdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import type { CheckType } from '@kymaros/plugin-kymaros-node';
import { DefinitionCache } from './DefinitionCache';
import {
  OutsideDirectoryError,
  UnreadableDefinitionError,
  fileSystemError,
} from './definitionErrors';
import { ParsedFile, parseKymarosFile } from './parseKymarosFile';
import type { ReadBudget } from './readBudget';
import {
  fileVersion,
  readRegularFile,
  statRegularFile,
} from './readRegularFile';
import { resolveInsideTree } from './resolveInsideTree';

/** A file a directory contributes: YAML by its name, as `kubectl apply -f <dir>` reads. */
export const yamlName = /\.ya?ml$/i;

/**
 * Reads definition files next to an entity defined by a local file: only
 * regular files of bounded size inside the entity's directory tree, reparsed
 * only when the file changed. A directory contributes each of its YAML files
 * (not its subdirectories), in name order.
 */
export class FileDefinitionReader {
  constructor(
    private readonly cache: DefinitionCache,
    private readonly maxBytes: number,
    /** The check types whose settings a file's checks are validated against. */
    private readonly checkTypes: () => ReadonlyMap<string, CheckType>,
  ) {}

  /** `ref` relative to `dir`; `label` names the file (or directory) in messages and test sources. */
  async read(
    dir: string,
    ref: string,
    label: string,
    budget: ReadBudget,
    signal?: AbortSignal,
  ): Promise<ParsedFile[]> {
    const root = await realpath(dir).catch(() => {
      throw new UnreadableDefinitionError(
        "the entity's directory cannot be read",
      );
    });
    const target = await this.resolve(root, ref);
    const stats = await lstat(target).catch(e => {
      throw fileSystemError(e);
    });
    if (!stats.isDirectory())
      return [await this.readFile(target, label, budget, signal)];
    const names = (
      await readdir(target).catch(e => {
        throw fileSystemError(e);
      })
    )
      .filter(name => yamlName.test(name))
      .sort();
    const base = label.replace(/\/+$/, '');
    if (names.length === 0)
      throw new UnreadableDefinitionError(
        'the directory holds no .yaml or .yml file',
      );
    const files: ParsedFile[] = [];
    for (const name of names) {
      const fileLabel = `${base}/${name}`;
      try {
        const file = await this.resolve(root, path.posix.join(ref, name));
        files.push(await this.readFile(file, fileLabel, budget, signal));
      } catch (e) {
        throw labelled(e, name);
      }
    }
    return files;
  }

  /** The real path of `ref` inside `root`, or an error that names neither. */
  private async resolve(root: string, ref: string): Promise<string> {
    const file = await resolveInsideTree(root, ref);
    // Every link was resolved above; a different answer means one changed meanwhile.
    if ((await realpath(file).catch(() => file)) !== file)
      throw new OutsideDirectoryError();
    return file;
  }

  private async readFile(
    file: string,
    label: string,
    budget: ReadBudget,
    signal?: AbortSignal,
  ): Promise<ParsedFile> {
    const stats = await statRegularFile(file, this.maxBytes);
    budget.take(stats.size);
    const key = `file:${file}#${label}`;
    const version = fileVersion(stats);
    const cached = this.cache.get(key, version);
    if (cached) return cached[0];
    const text = await readRegularFile(file, stats, this.maxBytes, signal);
    const parsed = parseKymarosFile(text, label, this.checkTypes());
    this.cache.set(key, version, [parsed]);
    return parsed;
  }
}

/** A directory's file that cannot be read names itself, not just the directory. */
function labelled(e: unknown, name: string): unknown {
  if (e instanceof UnreadableDefinitionError)
    return new UnreadableDefinitionError(`${name}: ${e.message}`);
  if (e instanceof OutsideDirectoryError)
    return new UnreadableDefinitionError(`${name}: ${e.message}`);
  return e;
}
