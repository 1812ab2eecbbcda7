import { act } from '@testing-library/react';
import type { SignalApi } from '@backstage/plugin-signals-react';
import {
  KYMAROS_RUNS_CHANNEL,
  type RunSignal,
} from '@kymaros/plugin-kymaros-common';

/** A signals API whose `kymaros:runs` messages the test sends. */
export function mockSignalApi() {
  const listeners = new Set<(message: RunSignal) => void>();
  const api: SignalApi = {
    subscribe: (channel, onMessage) => {
      const listener = onMessage as unknown as (message: RunSignal) => void;
      if (channel === KYMAROS_RUNS_CHANNEL) listeners.add(listener);
      return { unsubscribe: () => listeners.delete(listener) };
    },
  };
  return {
    api,
    /** Pages listening now. */
    get listeners() {
      return listeners.size;
    },
    send: (event: RunSignal['event']) =>
      act(() => listeners.forEach(listener => listener({ event }))),
  };
}
