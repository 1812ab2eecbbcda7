import { screen } from '@testing-library/react';
import type { RtoMeasurement } from '@kymaros/plugin-kymaros-common';
import { mockKymarosApi } from '../../__fixtures__';
import { renderWithKymaros } from '../../__testUtils__/render';
import { RtoCard } from './RtoCard';

const fast: RtoMeasurement = {
  measured: '4m',
  target: '15m',
  withinSLA: true,
  phases: [{ name: 'restore', seconds: 240 }],
};

describe('RtoCard', () => {
  it('marks a time within target as good news beside a pass', async () => {
    await renderWithKymaros(<RtoCard rto={fast} passed />, {
      api: mockKymarosApi(),
    });
    expect(screen.getByText('Within SLA')).toBeInTheDocument();
  });

  it('gives no green mark to a fast restore that did not pass', async () => {
    await renderWithKymaros(<RtoCard rto={fast} passed={false} />, {
      api: mockKymarosApi(),
    });
    expect(screen.queryByText('Within SLA')).toBeNull();
    expect(
      screen.getByText(/Within target, but the restore did not pass/),
    ).toBeInTheDocument();
  });

  it('says by how much a slow restore missed its target', async () => {
    await renderWithKymaros(
      <RtoCard
        rto={{ ...fast, measured: '18m', withinSLA: false }}
        passed={false}
      />,
      { api: mockKymarosApi() },
    );
    expect(screen.getByText('Exceeded by 3m')).toBeInTheDocument();
  });
});
