import type { ReactNode } from 'react';
import { renderHook } from '@testing-library/react';
import { act } from '@testing-library/react';
import { TestApiProvider } from '@backstage/test-utils';
import { signalApiRef } from '@backstage/plugin-signals-react';
import { mockSignalApi } from '../__testUtils__/signals';
import {
  FALLBACK_POLL_LIMIT,
  FALLBACK_POLL_MS,
  SIGNAL_RELOAD_GAP_MS,
  useLiveRefresh,
} from './useLiveRefresh';

const advance = (ms: number) => act(() => jest.advanceTimersByTime(ms));

function renderLive(signals?: ReturnType<typeof mockSignalApi>) {
  const reload = jest.fn();
  const wrapper = ({ children }: { children: ReactNode }) => (
    <TestApiProvider<any[]> apis={signals ? [[signalApiRef, signals.api]] : []}>
      {children}
    </TestApiProvider>
  );
  const hook = renderHook(
    ({ running }: { running: boolean }) => useLiveRefresh(reload, running),
    { wrapper, initialProps: { running: false } },
  );
  return { reload, hook };
}

describe('useLiveRefresh', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  describe('without signals', () => {
    it('requests nothing while nothing runs', () => {
      const { reload, hook } = renderLive();
      expect(hook.result.current.viaSignals).toBe(false);
      advance(60_000);
      expect(reload).not.toHaveBeenCalled();
    });

    it('polls every 3 s while a run is going, and stops when it ends', () => {
      const { reload, hook } = renderLive();
      hook.rerender({ running: true });
      advance(3 * FALLBACK_POLL_MS);
      expect(reload).toHaveBeenCalledTimes(3);
      hook.rerender({ running: false });
      advance(60_000);
      expect(reload).toHaveBeenCalledTimes(3);
    });

    it('gives up on a run that never ends after a bounded number of polls', () => {
      const { reload, hook } = renderLive();
      hook.rerender({ running: true });
      advance((FALLBACK_POLL_LIMIT + 50) * FALLBACK_POLL_MS);
      expect(reload).toHaveBeenCalledTimes(FALLBACK_POLL_LIMIT);
    });
  });

  describe('with signals', () => {
    it('never polls, not even while a run is going', () => {
      const signals = mockSignalApi();
      const { reload, hook } = renderLive(signals);
      expect(hook.result.current.viaSignals).toBe(true);
      hook.rerender({ running: true });
      advance(60_000);
      expect(reload).not.toHaveBeenCalled();
    });

    it('reloads on a signal at once, and a burst of signals once more at its end', () => {
      const signals = mockSignalApi();
      const { reload } = renderLive(signals);
      signals.send('started');
      expect(reload).toHaveBeenCalledTimes(1);
      signals.send('step');
      advance(100);
      signals.send('step');
      signals.send('finished');
      expect(reload).toHaveBeenCalledTimes(1);
      advance(SIGNAL_RELOAD_GAP_MS);
      expect(reload).toHaveBeenCalledTimes(2);
      advance(60_000);
      expect(reload).toHaveBeenCalledTimes(2);
    });

    it('stops listening when the page closes', () => {
      const signals = mockSignalApi();
      const { hook } = renderLive(signals);
      expect(signals.listeners).toBe(1);
      hook.unmount();
      expect(signals.listeners).toBe(0);
    });
  });
});
