import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigReader } from '@backstage/config';
import type { testSimulator } from '@kymaros/kube-simulator/src/testing';
import {
  KymarosConfig,
  readKymarosConfig,
} from '../../config/readKymarosConfig';

/** A kubeconfig file of the simulator, in a new temporary folder. */
export function simulatorKubeconfig(
  t: Awaited<ReturnType<typeof testSimulator>>,
): string {
  const kubeconfigPath = path.join(
    mkdtempSync(path.join(tmpdir(), 'kymaros-')),
    'kubeconfig',
  );
  writeFileSync(kubeconfigPath, t.sim.kubeconfigYaml);
  return kubeconfigPath;
}

/** `kymaros.*` with the simulator as cluster `name`, as an operator would configure it. */
export function simulatorConfig(
  t: Awaited<ReturnType<typeof testSimulator>>,
  kymaros: Record<string, any> = {},
  name = 'sim',
): KymarosConfig {
  const kubeconfigPath = path.join(
    mkdtempSync(path.join(tmpdir(), 'kymaros-')),
    'kubeconfig',
  );
  writeFileSync(kubeconfigPath, t.sim.kubeconfigYaml);
  return readKymarosConfig(
    new ConfigReader({
      kymaros: { clusters: [{ name, kubeconfigPath }], ...kymaros },
    }),
  );
}
