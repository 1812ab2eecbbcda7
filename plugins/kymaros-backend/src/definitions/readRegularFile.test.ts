import { execFileSync } from 'node:child_process';
import { lstatSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  fileVersion,
  readRegularFile,
  statRegularFile,
} from './readRegularFile';

describe('readRegularFile', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'kymaros-read-'));
  const small = path.join(dir, 'small.yaml');
  writeFileSync(small, 'kind: RestoreTest\n');
  const fifo = path.join(dir, 'fifo');
  execFileSync('mkfifo', [fifo]);

  it('reads a regular file', async () => {
    const stats = await statRegularFile(small, 1024);
    await expect(readRegularFile(small, stats, 1024)).resolves.toBe(
      'kind: RestoreTest\n',
    );
  });

  it('refuses what is not a regular file before opening it', async () => {
    await expect(statRegularFile(fifo, 1024)).rejects.toThrow(
      'not a regular file',
    );
    await expect(statRegularFile('/dev/zero', 1024)).rejects.toThrow(
      'not a regular file',
    );
    await expect(statRegularFile(dir, 1024)).rejects.toThrow(
      'not a regular file',
    );
  });

  it('opens a FIFO put in place of the file without waiting for a writer, then refuses it', async () => {
    const started = Date.now();
    await expect(readRegularFile(fifo, lstatSync(small), 1024)).rejects.toThrow(
      'not a regular file',
    );
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('refuses a file over the limit by its size, and never reads past limit + 1 bytes', async () => {
    await expect(statRegularFile(small, 10)).rejects.toThrow(
      'larger than 10 bytes',
    );
    // The file grew after it was checked: the read stops at the limit.
    const stats = lstatSync(small);
    const grown = path.join(dir, 'grown.yaml');
    writeFileSync(grown, 'x'.repeat(5000));
    await expect(
      readRegularFile(grown, { ...lstatSync(grown), size: 1 } as any, 100),
    ).rejects.toThrow('larger than 100 bytes');
    expect(stats.size).toBe(18);
  });

  it('refuses a file replaced after it was checked', async () => {
    const other = path.join(dir, 'other.yaml');
    writeFileSync(other, 'x');
    await expect(
      readRegularFile(other, lstatSync(small), 1024),
    ).rejects.toThrow('changed while being read');
  });

  it('versions a file by inode, size and mtime', () => {
    const before = fileVersion(lstatSync(small));
    writeFileSync(small, 'kind: RestoreTest\n# changed\n');
    expect(fileVersion(lstatSync(small))).not.toBe(before);
  });
});
