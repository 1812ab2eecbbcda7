import { screen } from '@testing-library/react';
import type { Entity } from '@backstage/catalog-model';
import {
  mockKymarosApi,
  notOptedInEntity,
  ordersEntity,
} from '../../__fixtures__';
import { renderWithKymaros } from '../../__testUtils__/render';
import { EntityKymarosCoverageCard } from './EntityKymarosCoverageCard';

const render = (entity: Entity) =>
  renderWithKymaros(<EntityKymarosCoverageCard />, {
    api: mockKymarosApi(),
    entity,
  });

describe('EntityKymarosCoverageCard', () => {
  it('tells the owner of a production component that is not opted in, with the annotations to add', async () => {
    await render(notOptedInEntity);
    expect(
      screen.getByText('No restore test covers billing-worker'),
    ).toBeInTheDocument();
    const snippet = screen.getByText(/kymaros\.io\/enabled/).closest('pre');
    expect(snippet?.textContent).toBe(
      [
        'metadata:',
        '  annotations:',
        '    kymaros.io/enabled: "true"',
        '    kymaros.io/namespaces: "billing"',
      ].join('\n'),
    );
    expect(screen.getByRole('button', { name: /copy/i })).toBeInTheDocument();
  });

  it('offers a placeholder when the entity names no namespace', async () => {
    await render({
      ...notOptedInEntity,
      metadata: { name: 'billing-worker', title: 'Billing worker' },
    });
    expect(
      screen.getByText('No restore test covers Billing worker'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/kymaros\.io\/enabled/).closest('pre')?.textContent,
    ).toContain('kymaros.io/namespaces: "<namespaces to restore>"');
    expect(screen.getByText(/Replace the placeholder/)).toBeInTheDocument();
  });

  it.each([
    ['an opted-in component', ordersEntity],
    [
      'a component not in production',
      {
        ...notOptedInEntity,
        spec: { ...notOptedInEntity.spec, lifecycle: 'experimental' },
      },
    ],
    [
      'a production entity that is not a component',
      { ...notOptedInEntity, kind: 'Resource' },
    ],
  ])('renders nothing for %s', async (_, entity) => {
    await render(entity as Entity);
    expect(screen.queryByText(/restore test covers/)).not.toBeInTheDocument();
    expect(screen.queryByText('Restore coverage')).not.toBeInTheDocument();
  });
});
