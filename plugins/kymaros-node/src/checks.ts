import type { KubeConfig } from '@kubernetes/client-node';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { HealthCheck } from '@kymaros/plugin-kymaros-common';

export interface CheckContext {
  kubeConfig: KubeConfig;
  /** The sandbox namespace the check runs against. */
  sandbox: string;
  /** The source namespace that sandbox mirrors. */
  sourceNamespace: string;
  /** Every sandbox of the run, by source namespace. */
  sandboxes: Record<string, string>;
  signal: AbortSignal;
  timeoutMs: number;
  logger: LoggerService;
  /** Labels to put on anything the check creates. */
  labels: Record<string, string>;
}

export interface CheckOutcome {
  status: 'pass' | 'fail';
  message: string;
}

/** A kind of health check. Built-in types and those added by modules share this shape. */
export interface CheckType {
  type: string;
  /** Returns the reason a check definition is unusable, or undefined. */
  validate?(check: HealthCheck): string | undefined;
  run(check: HealthCheck, context: CheckContext): Promise<CheckOutcome>;
}
