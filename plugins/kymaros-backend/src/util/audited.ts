import type {
  AuditorService,
  AuditorServiceCreateEventOptions,
  AuditorServiceEvent,
} from '@backstage/backend-plugin-api';
import { describeError } from './errors';

type AuditMeta = NonNullable<
  Parameters<AuditorServiceEvent['fail']>[0]['meta']
>;

const asError = (e: unknown) =>
  e instanceof Error ? e : new Error(describeError(e));

/**
 * Runs `work` as one audit event: recorded as a success with the meta
 * `outcome` derives from its result, or as a failure with its error (which
 * is rethrown). An outcome may also call a result a failure (a cleanup that
 * returned errors without throwing).
 */
export async function audited<T>(
  auditor: AuditorService,
  options: AuditorServiceCreateEventOptions,
  work: () => Promise<T>,
  outcome: (result: T) => { meta?: AuditMeta; error?: Error } = () => ({}),
): Promise<T> {
  const event = await auditor.createEvent(options);
  let result: T;
  try {
    result = await work();
  } catch (e) {
    await event.fail({ error: asError(e) });
    throw e;
  }
  const { meta, error } = outcome(result);
  await (error ? event.fail({ meta, error }) : event.success({ meta }));
  return result;
}
