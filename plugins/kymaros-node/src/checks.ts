import type { KubeConfig } from '@kubernetes/client-node';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { HealthCheck } from '@kymaros/plugin-kymaros-common';

/** @public */
export interface CheckContext {
  kubeConfig: KubeConfig;
  /** The sandbox namespace the check runs against: its own namespace's, else the test's first namespace's. */
  sandbox: string;
  /** The source namespace that sandbox mirrors. */
  sourceNamespace: string;
  /** Every sandbox of the run, by source namespace, in the test's order. */
  sandboxes: Record<string, string>;
  /**
   * Whether the check names its namespace (`namespace:`). When it does not,
   * a check that looks for something (a Service, pods, objects) looks in
   * every sandbox of `sandboxes` and says where it found it in its outcome's
   * `namespaces`; `sandbox` is then for checks with nothing to look for.
   */
  namespacePinned: boolean;
  signal: AbortSignal;
  timeoutMs: number;
  logger: LoggerService;
  /** Labels to put on anything the check creates. */
  labels: Record<string, string>;
}

/** @public */
export interface CheckOutcome {
  status: 'pass' | 'fail';
  message: string;
  /**
   * The source namespaces whose sandboxes the check ran against, when it
   * looked in several (see `CheckContext.namespacePinned`); the check's
   * result names them. Without it, the result names `sourceNamespace`.
   */
  namespaces?: string[];
}

/**
 * One problem in a check's settings block, at its path inside the block. A zod issue is one.
 *
 * @public
 */
export interface CheckSettingsIssue {
  path: (string | number)[];
  message: string;
}

/**
 * What validating a settings block gives; zod's `safeParse` result is one.
 *
 * @public
 */
export type CheckSettingsResult =
  | { success: true }
  | { success: false; error: { issues: CheckSettingsIssue[] } };

/**
 * The rules of a check type's settings block (`httpGet: {...}` for an
 * `httpGet` check). A zod schema is one: this is the shape of its
 * `safeParse`, so extensions need no particular zod version. A schema that
 * accepts `undefined` makes the block optional.
 *
 * @public
 */
export interface CheckSettingsSchema {
  safeParse(block: unknown): CheckSettingsResult;
}

/**
 * A kind of health check. Built-in types and those added by modules share
 * this shape. Its settings schema is the only statement of its rules: the
 * definition loader and the runner both validate with it, and `run` is only
 * called with a block it accepted.
 *
 * @public
 */
export interface CheckType {
  type: string;
  settings: CheckSettingsSchema;
  run(check: HealthCheck, context: CheckContext): Promise<CheckOutcome>;
}
