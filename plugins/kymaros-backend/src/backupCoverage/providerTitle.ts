import type { BackupProvider } from '@kymaros/plugin-kymaros-node';

/** The tool's name as people write it: its display name, else its name capitalised (as the provider boundary defines). */
export function providerTitle(
  provider: Pick<BackupProvider, 'name' | 'displayName'>,
): string {
  return (
    provider.displayName ??
    provider.name.charAt(0).toUpperCase() + provider.name.slice(1)
  );
}
