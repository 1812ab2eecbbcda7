import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { fileProblem } from './fileProblem';

const load = (text: string) => {
  try {
    new k8s.KubeConfig().loadFromString(text);
  } catch (e) {
    return fileProblem(e);
  }
  throw new Error('expected the kubeconfig to be refused');
};

describe('fileProblem', () => {
  it('gives the position of a YAML error without the file’s text', () => {
    const problem = load(
      'users:\n- name: a\n  user:\n    token: SECRET-TOKEN-123\n  : [\n',
    );
    expect(problem).toMatch(/^not valid YAML at line \d+, column \d+$/);
    expect(problem).not.toContain('SECRET');
  });

  it('gives the errno code of a read error', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'kymaros-file-'));
    let problem = '';
    try {
      new k8s.KubeConfig().loadFromFile(path.join(dir, 'missing'));
    } catch (e) {
      problem = fileProblem(e);
    }
    expect(problem).toBe('ENOENT');
  });

  it('keeps client-node’s structural messages, which name keys only', () => {
    expect(load('clusters:\n- cluster: {}\n')).toBe(
      'clusters[0].name is missing',
    );
  });

  it('says nothing else of other errors', () => {
    expect(fileProblem(new Error('token: SECRET-TOKEN-123'))).toBe(
      'not a valid kubeconfig',
    );
  });
});
