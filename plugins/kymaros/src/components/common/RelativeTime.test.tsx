import { render, screen } from '@testing-library/react';
import { RelativeTime } from './RelativeTime';

jest.mock('../../lib/viewerTimeZone', () => ({
  viewerTimeZone: () => 'Europe/Brussels',
}));

describe('RelativeTime', () => {
  beforeEach(() => {
    jest.useFakeTimers({ now: Date.parse('2026-12-06T00:10:00Z') });
  });
  afterEach(() => jest.useRealTimers());

  it("shows the moment in the viewer's zone, named, and how long ago", () => {
    render(<RelativeTime value="2026-12-05T22:10:00Z" />);
    const time = screen.getByText('5 Dec 2026, 23:10 CET (2 hours ago)');
    expect(time.tagName).toBe('TIME');
    expect(time).toHaveAttribute('dateTime', '2026-12-05T22:10:00Z');
  });

  it('shows a future moment with how soon', () => {
    render(<RelativeTime value="2026-12-06T02:00:00Z" />);
    expect(
      screen.getByText('6 Dec 2026, 03:00 CET (in 2 hours)'),
    ).toBeInTheDocument();
  });

  it('stacks how long ago under the moment for narrow columns', () => {
    render(<RelativeTime value="2026-12-05T22:10:00Z" stacked />);
    const time = screen.getByText('5 Dec 2026, 23:10 CET');
    expect(time.tagName).toBe('TIME');
    expect(screen.getByText('2 hours ago').tagName).toBe('SMALL');
  });

  it('shows the fallback without a value', () => {
    render(<RelativeTime fallback="Never" />);
    expect(screen.getByText('Never')).toBeInTheDocument();
  });
});
