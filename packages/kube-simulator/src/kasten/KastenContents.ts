import type { KubeObject } from '../store/types';

/** The objects each RestorePointContent holds, as they were when its backup ran. */
export class KastenContents {
  private readonly contents = new Map<string, KubeObject[]>();

  save(restorePointContent: string, items: KubeObject[]): void {
    this.contents.set(restorePointContent, JSON.parse(JSON.stringify(items)));
  }

  get(restorePointContent: string): KubeObject[] | undefined {
    const c = this.contents.get(restorePointContent);
    return c ? JSON.parse(JSON.stringify(c)) : undefined;
  }

  /** Deleting a RestorePointContent retires its data (K10 docs): it is gone for good. */
  delete(restorePointContent: string): void {
    this.contents.delete(restorePointContent);
  }
}
