import type { KubeConfig } from '@kubernetes/client-node';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { BackupProvider } from '@kymaros/plugin-kymaros-node';
import type { KymarosStore, OwnedObject } from '../store/KymarosStore';
import { WriteGuard } from '../sandbox/WriteGuard';
import { guardedKubeConfig } from '../sandbox/guardedKubeConfig';
import { SandboxManager } from '../sandbox/SandboxManager';
import { describeError } from '../util/errors';
import { matchesRecord } from './matchesRecord';

export interface CleanupOutcome {
  /** Sandbox namespaces deleted now. */
  deletedSandboxes: string[];
  /** Provider restore objects deleted now, and what the provider made beside them (`<name> (beside restore <restore>)`). */
  deletedRestores: string[];
  /** Sandboxes still terminating when the wait ended; their records are kept. */
  left: string[];
  /** Recorded names now held by objects this engine did not create: left alone. */
  notOurs: string[];
  /** Objects that could not be cleaned, with the reason. */
  errors: string[];
}

/** An outcome with nothing done yet, or nothing done for the given reasons. */
export function cleanupOutcome(errors: string[] = []): CleanupOutcome {
  return {
    deletedSandboxes: [],
    deletedRestores: [],
    left: [],
    notOurs: [],
    errors,
  };
}

/** A recorded sandbox whose live namespace is the one the run created. */
export interface VerifiedSandbox {
  name: string;
  uid: string;
}

export interface CleanupContext {
  store: KymarosStore;
  /** Unguarded credentials of the objects' cluster; writes go through a guard built here. */
  kubeConfig: KubeConfig;
  /**
   * The provider that created a restore record, allowed to write in the
   * record's run sandboxes (verified by uid) where its restore objects may live.
   */
  provider(name: string, sandboxes: VerifiedSandbox[]): BackupProvider;
  logger: LoggerService;
  /** How long an unfinished provider restore may take to settle before it is deleted. */
  settleMs: number;
  /** Ends the wait for namespaces to disappear. */
  signal?: AbortSignal;
}

/**
 * Deletes recorded objects of one cluster, and only those: provider restores
 * first (each allowed to settle, so it cannot re-create a namespace after
 * it) with what the provider made beside them, then the sandbox namespaces. An object is deleted only while its uid
 * is the recorded one; a record whose name now belongs to someone else is
 * dropped without touching the object. Records of deleted objects go.
 */
export async function cleanupRecorded(
  ctx: CleanupContext,
  records: OwnedObject[],
): Promise<CleanupOutcome> {
  const out = cleanupOutcome();
  for (const r of records.filter(x => x.kind === 'Restore')) {
    await cleanRestore(ctx, r, out).catch(e =>
      out.errors.push(`restore ${r.name}: ${describeError(e)}`),
    );
  }
  await cleanNamespaces(
    ctx,
    records.filter(x => x.kind === 'Namespace'),
    out,
  ).catch(e => out.errors.push(`sandboxes: ${describeError(e)}`));
  return out;
}

async function cleanRestore(
  ctx: CleanupContext,
  record: OwnedObject,
  out: CleanupOutcome,
) {
  const sandboxes = await verifiedSandboxes(ctx, record.runId);
  const provider = ctx.provider(record.provider ?? '', sandboxes);
  const where = { sandboxes: sandboxes.map(s => s.name) };
  const live = await provider.findRestore(record.name, where);
  if (live && !matchesRecord(record, live)) {
    await notOurs(ctx, record, out);
    return;
  }
  const result = live
    ? await provider.cleanupRestore(
        {
          id: record.name,
          provider: provider.name,
          uid: live.uid,
          sandboxes: where.sandboxes,
        },
        { settle: AbortSignal.timeout(ctx.settleMs) },
      )
    : 'gone';
  if (result === 'not-ours') {
    await notOurs(ctx, record, out);
    return;
  }
  if (result === 'deleted') out.deletedRestores.push(record.name);
  // What the provider made beside the restore goes with it; kept on failure, so it is tried again.
  const companions = await provider.cleanupRestoreCompanions?.(record.name, {
    restoreUid: live?.uid ?? record.uid,
    recordedAt: record.createdAt,
  });
  out.deletedRestores.push(
    ...(companions ?? []).map(c => `${c} (beside restore ${record.name})`),
  );
  await ctx.store.releaseObject(record);
}

/** How long past its expiry a sandbox waits for its run's restore to be removed before it goes anyway. */
const RESTORE_WAIT_CAP_MS = 24 * 3600_000;

/**
 * Runs whose restore object is still recorded (its removal failed or was not
 * tried): their sandboxes are kept, since a restore still running would
 * re-create a namespace deleted under it; the next pass tries again. Past
 * the cap (the provider may be gone for good), the sandboxes go anyway.
 */
async function restoresStillRecorded(
  ctx: CleanupContext,
  records: OwnedObject[],
  out: CleanupOutcome,
): Promise<Set<string>> {
  const held = new Set<string>();
  for (const runId of new Set(records.map(r => r.runId))) {
    const restores = await ctx.store.listObjects({ runId, kind: 'Restore' });
    if (!restores.length) continue;
    const expiry = Math.min(
      ...records
        .filter(r => r.runId === runId)
        .map(r => Date.parse(r.expiresAt)),
    );
    if (Date.now() > expiry + RESTORE_WAIT_CAP_MS) {
      ctx.logger.warn(
        `Deleting the sandboxes of run ${runId} although its restore ${restores[0].name} could not be removed for a day past their expiry`,
      );
      continue;
    }
    held.add(runId);
    out.errors.push(
      `sandboxes of run ${runId}: kept until its restore ${restores[0].name} is removed`,
    );
  }
  return held;
}

/**
 * The run's recorded sandboxes that are still the namespaces it created
 * (read only): where a provider may keep its restore objects.
 */
async function verifiedSandboxes(
  ctx: CleanupContext,
  runId: string,
): Promise<VerifiedSandbox[]> {
  const readOnly = new WriteGuard();
  const sandboxes = new SandboxManager(
    guardedKubeConfig(ctx.kubeConfig, readOnly),
    readOnly,
  );
  const records = await ctx.store.listObjects({ runId, kind: 'Namespace' });
  const verified: VerifiedSandbox[] = [];
  for (const record of records) {
    const live = await sandboxes.find(record.name);
    if (live && matchesRecord(record, live))
      verified.push({ name: record.name, uid: live.uid });
  }
  return verified;
}

async function cleanNamespaces(
  ctx: CleanupContext,
  records: OwnedObject[],
  out: CleanupOutcome,
) {
  const guard = new WriteGuard([]);
  const sandboxes = new SandboxManager(
    guardedKubeConfig(ctx.kubeConfig, guard),
    guard,
  );
  const targets: { record: OwnedObject; uid: string }[] = [];
  const held = await restoresStillRecorded(ctx, records, out);
  for (const record of records.filter(r => !held.has(r.runId))) {
    const live = await sandboxes.find(record.name);
    if (!live) await ctx.store.releaseObject(record);
    else if (!matchesRecord(record, live)) await notOurs(ctx, record, out);
    else targets.push({ record, uid: live.uid });
  }
  // Only the namespaces verified above, by name and uid, may be written to.
  targets.forEach(t => guard.allowSandbox(t.record.name, t.uid));
  const deletion = await sandboxes.delete(
    targets.map(t => ({ name: t.record.name, uid: t.uid })),
    ctx.signal,
  );
  const left = new Set(deletion.left);
  const foreign = new Set(deletion.notOurs);
  for (const { record } of targets) {
    if (foreign.has(record.name)) {
      await notOurs(ctx, record, out);
      continue;
    }
    if (left.has(record.name)) {
      out.left.push(record.name);
      continue;
    }
    out.deletedSandboxes.push(record.name);
    await ctx.store.releaseObject(record);
  }
}

async function notOurs(
  ctx: CleanupContext,
  record: OwnedObject,
  out: CleanupOutcome,
) {
  ctx.logger.warn(
    `Not deleting ${record.kind} ${record.name} in cluster ${record.cluster}: it is not the object run ${record.runId} created (uid differs); forgetting it`,
  );
  out.notOurs.push(record.name);
  await ctx.store.releaseObject(record);
}
