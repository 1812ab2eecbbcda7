import { providerTitle } from '@kymaros/plugin-kymaros-common';
import type { BackupCoverage } from '@kymaros/plugin-kymaros-common';

/** `payments`, `orders and orders-archive`, `a, b and c`. */
export function listWords(words: string[]): string {
  if (words.length <= 1) return words.join('');
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** `a Velero backup of payments (cluster production)`: what "Back up now" takes. */
export function backupTarget(coverage: BackupCoverage): string {
  const namespaces =
    coverage.namespaces.length === 1 ? 'namespace' : 'namespaces';
  return `a ${providerTitle(
    coverage.provider,
  )} backup of ${namespaces} ${listWords(coverage.namespaces)} (cluster ${
    coverage.cluster
  })`;
}
