import type { SandboxFidelity } from '@kymaros/plugin-kymaros-common';
import { SandboxTable, type SandboxColumn } from './SandboxTable';

type Quota = NonNullable<SandboxFidelity['quota']>;
type Resource = 'cpu' | 'memory' | 'pods' | 'storage';

const NAMES: Record<Resource, string> = {
  cpu: 'CPU',
  memory: 'Memory',
  pods: 'Pods',
  storage: 'Storage',
};

const shown = (value: string | number | undefined) =>
  value === undefined ? '—' : String(value);

/** How the quota came about, in a sentence. */
export function quotaCaption(quota: Quota): string {
  if (!quota.applied)
    return "No quota was applied to the sandboxes; what the backup's workloads request:";
  return quota.auto
    ? "Sized from the backup: the quota each sandbox got, from what the backup's workloads request."
    : "The quota each sandbox got, against what the backup's workloads request.";
}

/** What the backup's workloads request against the quota the sandboxes got. */
export const SandboxQuota = (props: { quota: Quota }) => {
  const { requested, applied } = props.quota;
  const requestedOf = (r: Resource) =>
    r === 'storage' ? undefined : requested[r];
  const rows = (Object.keys(NAMES) as Resource[]).filter(
    r => requestedOf(r) !== undefined || applied?.[r] !== undefined,
  );
  const columns: SandboxColumn<Resource>[] = [
    { title: 'Resource', width: '20%', render: r => NAMES[r] },
    {
      title: "Requested by the backup's workloads",
      render: r => shown(requestedOf(r)),
    },
  ];
  if (applied)
    columns.push({ title: 'Sandbox quota', render: r => shown(applied[r]) });
  return <SandboxTable label="Quota" rows={rows} columns={columns} />;
};
