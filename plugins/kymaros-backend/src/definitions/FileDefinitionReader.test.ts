import { mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { builtInCheckTypes } from '../checks/builtInCheckTypes';
import { DefinitionCache } from './DefinitionCache';
import { FileDefinitionReader } from './FileDefinitionReader';
import { ReadBudget } from './readBudget';

const budget = () => new ReadBudget(32, 1024 * 1024);

const test = (name: string) => `apiVersion: restore.kymaros.io/v1alpha1
kind: RestoreTest
metadata: { name: ${name} }
spec: {}
`;

describe('FileDefinitionReader', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kymaros-file-reader-'));
  const file = path.join(dir, 'kymaros.yaml');

  it('parses an unchanged file once, and again once it changes', async () => {
    writeFileSync(file, test('alpha'));
    const reader = new FileDefinitionReader(
      new DefinitionCache(),
      1024,
      builtInCheckTypes,
    );
    const [first] = await reader.read(
      dir,
      './kymaros.yaml',
      'kymaros.yaml',
      budget(),
    );
    expect(first.tests.map(t => t.name)).toEqual(['alpha']);
    expect(
      (await reader.read(dir, './kymaros.yaml', 'kymaros.yaml', budget()))[0],
    ).toBe(first);

    writeFileSync(file, test('bravo'));
    // Same inode and size: only the mtime tells the change.
    utimesSync(file, new Date(1000), new Date(1000));
    const [second] = await reader.read(
      dir,
      './kymaros.yaml',
      'kymaros.yaml',
      budget(),
    );
    expect(second.tests.map(t => t.name)).toEqual(['bravo']);
  });

  it('says so when the entity directory itself is gone, without naming it', async () => {
    const reader = new FileDefinitionReader(
      new DefinitionCache(),
      1024,
      builtInCheckTypes,
    );
    await expect(
      reader.read(
        path.join(dir, 'gone'),
        './kymaros.yaml',
        'kymaros.yaml',
        budget(),
      ),
    ).rejects.toThrow(/^the entity's directory cannot be read$/);
  });
});
