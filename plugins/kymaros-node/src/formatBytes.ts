/**
 * A size as reports show it (`2.3 GiB`, `512.0 KiB`, `120 B`): binary units,
 * one decimal above bytes. Providers use it for `BackupRef.size` and
 * `BackupContents.size`, so every tool's sizes read alike.
 *
 * @public
 */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${units[unit]}`;
}
