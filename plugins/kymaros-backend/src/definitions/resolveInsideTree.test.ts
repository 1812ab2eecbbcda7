import {
  mkdirSync,
  mkdtempSync,
  realpathSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { OutsideDirectoryError } from './definitionErrors';
import { resolveInsideTree } from './resolveInsideTree';

describe('resolveInsideTree', () => {
  const dir = realpathSync(mkdtempSync(path.join(tmpdir(), 'kymaros-tree-')));
  const root = path.join(dir, 'root');
  mkdirSync(path.join(root, 'a', 'b'), { recursive: true });
  writeFileSync(path.join(root, 'a', 'b', 'file.yaml'), 'x');
  writeFileSync(path.join(dir, 'outside.yaml'), 'x');
  symlinkSync('b', path.join(root, 'a', 'to-b'));
  symlinkSync('../a/b/file.yaml', path.join(root, 'a', 'up-and-back.yaml'));
  symlinkSync(path.join(root, 'a', 'b'), path.join(root, 'abs-inside'));
  symlinkSync('..', path.join(root, 'parent'));
  symlinkSync('../outside.yaml', path.join(root, 'a', 'b', 'deep-out.yaml'));
  symlinkSync('loop-2', path.join(root, 'loop-1'));
  symlinkSync('loop-1', path.join(root, 'loop-2'));
  const file = path.join(root, 'a', 'b', 'file.yaml');

  it.each([
    ['a/b/file.yaml'],
    ['./a/./b//file.yaml'],
    ['a/to-b/file.yaml'],
    ['a/up-and-back.yaml'],
    ['abs-inside/file.yaml'],
    ['a/../a/b/file.yaml'],
  ])('resolves %s to the real file', async ref => {
    await expect(resolveInsideTree(root, ref)).resolves.toBe(file);
  });

  it('reports a link to a missing file inside the tree as missing, since it stays inside', async () => {
    await expect(resolveInsideTree(root, 'a/b/deep-out.yaml')).rejects.toThrow(
      'no such file',
    );
  });

  it.each([
    ['..'],
    ['../outside.yaml'],
    ['a/../../outside.yaml'],
    ['/etc/passwd'],
    ['\\etc\\passwd'],
    ['..\\outside.yaml'],
    ['parent/outside.yaml'],
    ['parent/does-not-exist.yaml'],
    ['a\0.yaml'],
  ])('refuses %j as outside', async ref => {
    await expect(resolveInsideTree(root, ref)).rejects.toBeInstanceOf(
      OutsideDirectoryError,
    );
  });

  it('reports a missing file inside the tree as missing', async () => {
    await expect(resolveInsideTree(root, 'a/nope.yaml')).rejects.toThrow(
      'no such file',
    );
    await expect(
      resolveInsideTree(root, 'a/b/file.yaml/child'),
    ).rejects.toThrow('no such file');
  });

  it('stops at link loops', async () => {
    await expect(resolveInsideTree(root, 'loop-1')).rejects.toThrow(
      'too many symbolic links',
    );
  });
});
