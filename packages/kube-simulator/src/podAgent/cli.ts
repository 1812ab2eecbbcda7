import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { PodAgent } from './PodAgent';

// Usage: pod-agent <kubeconfig> <state dir>; writes <state dir>/ready once pods are watched.
async function main() {
  const [kubeconfig, stateDir] = process.argv.slice(2);
  if (!kubeconfig || !stateDir) {
    process.stderr.write('Usage: pod-agent <kubeconfig> <state dir>\n');
    process.exit(2);
  }
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(kubeconfig);
  mkdirSync(stateDir, { recursive: true });
  const agent = new PodAgent({ kubeConfig: kc, stateDir });
  await agent.start();
  writeFileSync(join(stateDir, 'ready'), `${process.pid}\n`);
  const stop = () => agent.stop().finally(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch(e => {
  process.stderr.write(`pod-agent: ${e?.stack ?? e}\n`);
  process.exit(1);
});
