import type { IncomingMessage, ServerResponse } from 'node:http';
import type { WebSocket } from 'ws';
import type { ResourceRegistry } from './api/resources';
import type { ObjectStore } from './store/ObjectStore';
import type { Admission } from './store/admission';
import type { FaultInjector } from './faults/FaultInjector';
import type { ResourceRequest } from './server/requestInfo';
import type { Clock } from './clock';
import type { Behaviours } from './scenario/behaviours';

export type SubresourceHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  info: ResourceRequest,
  url: URL,
) => Promise<void>;

export type WebSocketHandler = (
  ws: WebSocket,
  info: ResourceRequest,
  url: URL,
) => void;

export interface SimulatorTimings {
  /** How long a Pod stays Pending/ContainerCreating before it runs, unless its annotations say otherwise. */
  podStartMs: number;
  /** How long a Job's pod runs before it finishes. */
  jobRunMs: number;
  /** Delay before a terminating namespace's contents are removed. */
  namespaceTerminationMs: number;
  /** Velero controller steps (validation, restore progress). */
  veleroStepMs: number;
  bookmarkIntervalMs: number;
  watchMaxMs: number;
}

/** What every part of the simulator shares. */
export interface SimulatorContext {
  registry: ResourceRegistry;
  store: ObjectStore;
  admission: Admission;
  faults: FaultInjector;
  behaviours: Behaviours;
  clock: Clock;
  options: SimulatorTimings;
  subresources: Map<string, SubresourceHandler>;
  webSockets: Map<string, WebSocketHandler>;
  activeWatches: Set<() => void>;
  /** Handles the simulator's object-store requests (Velero download URLs). */
  objectStoreHandler?: SubresourceHandler;
  log(message: string): void;
  /** Tracks timers so stop() leaves nothing running. */
  setTimer(fn: () => void, ms: number): void;
}
