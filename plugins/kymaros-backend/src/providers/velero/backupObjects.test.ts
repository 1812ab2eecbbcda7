import { BackupObjectCollector } from './backupObjects';

describe('BackupObjectCollector', () => {
  it('names a file that is not JSON without quoting any of its text', () => {
    const collector = new BackupObjectCollector(['shop']);
    const path = 'resources/secrets/namespaces/shop/db.json';
    expect(collector.wanted(path)).toBe(true);
    const broken = Buffer.from(
      '{"apiVersion":"v1","kind":"Secret","data":{"url":"cG9zdGdyZXM6Ly9hcHA6UzNjcjN0"},"x":tru}',
    );
    let message = '';
    try {
      collector.file(path, broken);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toBe(`${path} is not JSON`);
  });
});
