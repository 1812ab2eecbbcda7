import { screen } from '@testing-library/react';
import {
  discoveryApiRef,
  fetchApiRef,
  type FetchApi,
} from '@backstage/core-plugin-api';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { renderInTestApp, TestApiProvider } from '@backstage/test-utils';
import { ordersEntity } from '../../__fixtures__';
import { EntityKymarosScorecardCard } from './EntityKymarosScorecardCard';

const base = 'http://backstage/api/tech-insights';

const checks = [
  {
    id: 'kymarosRestoreScore',
    name: 'Restore score at least 90',
    description: 'Latest restores scored 90 or more',
    factIds: ['kymaros-restore-facts'],
  },
  {
    id: 'kymarosRestoreTestedRecently',
    name: 'Restore tested within 7 days',
    description: 'Every test ran in the last 7 days',
    factIds: ['kymaros-restore-facts'],
  },
  {
    id: 'techdocsPresent',
    name: 'Has TechDocs',
    description: 'Not a Kymaros check',
    factIds: ['techdocsFactRetriever'],
  },
];

const json = (status: number, body: unknown) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json' },
  });

/** A fetch answering the two tech-insights routes the card calls. */
function fakeFetch(routes: {
  list: () => Response;
  run?: (body: { checks: string[] }) => Response;
}) {
  const fetch = jest.fn(async (url: string, init?: RequestInit) => {
    if (url === `${base}/checks`) return routes.list();
    if (url === `${base}/checks/run/default/component/orders`)
      return routes.run!(JSON.parse(String(init?.body)));
    return json(404, { error: { name: 'NotFoundError', message: url } });
  });
  return fetch;
}

async function render(fetch: jest.Mock) {
  await renderInTestApp(
    <TestApiProvider
      apis={[
        [
          discoveryApiRef,
          { getBaseUrl: async (id: string) => `http://backstage/api/${id}` },
        ],
        [fetchApiRef, { fetch } as unknown as FetchApi],
      ]}
    >
      <EntityProvider entity={ordersEntity}>
        <EntityKymarosScorecardCard />
      </EntityProvider>
    </TestApiProvider>,
  );
}

describe('EntityKymarosScorecardCard', () => {
  it('runs the Kymaros checks for the entity and shows each pass or fail with its description', async () => {
    const fetch = fakeFetch({
      list: () => json(200, checks),
      run: () =>
        json(200, [
          {
            check: { id: 'kymarosRestoreTestedRecently' },
            result: true,
            facts: { daysSinceLastRestoreTest: { value: 1.5 } },
          },
          {
            check: { id: 'kymarosRestoreScore' },
            result: false,
            facts: { restoreScore: { value: 72 } },
          },
        ]),
    });
    await render(fetch);
    expect(await screen.findByText('1 of 2 checks pass')).toBeInTheDocument();
    const items = screen.getAllByRole('listitem');
    expect(items.map(item => item.textContent)).toEqual([
      'FailsRestore score at least 90Latest restores scored 90 or moreFound: restoreScore 72',
      'PassesRestore tested within 7 daysEvery test ran in the last 7 days',
    ]);
    expect(screen.queryByText('Has TechDocs')).not.toBeInTheDocument();
    const run = fetch.mock.calls.find(([url]) => url.includes('/checks/run/'))!;
    expect(run[1]).toMatchObject({ method: 'POST' });
    expect(JSON.parse(String(run[1]?.body))).toEqual({
      checks: ['kymarosRestoreScore', 'kymarosRestoreTestedRecently'],
    });
  });

  it('marks a check the engine did not run as not evaluated', async () => {
    await render(
      fakeFetch({
        list: () => json(200, checks),
        run: () =>
          json(200, [
            { check: { id: 'kymarosRestoreScore' }, result: true, facts: {} },
          ]),
      }),
    );
    expect(await screen.findByText('1 of 2 checks pass')).toBeInTheDocument();
    expect(screen.getByTitle('Not evaluated')).toBeInTheDocument();
    expect(screen.getByText(/not evaluated: no facts yet/)).toBeInTheDocument();
  });

  it('says Tech Insights is not installed when its API answers 404', async () => {
    await render(
      fakeFetch({
        list: () =>
          json(404, { error: { name: 'NotFoundError', message: 'no route' } }),
      }),
    );
    expect(
      await screen.findByText(/Tech Insights is not installed/),
    ).toBeInTheDocument();
  });

  it('says no check reads the Kymaros facts when none is configured', async () => {
    const fetch = fakeFetch({ list: () => json(200, [checks[2]]) });
    await render(fetch);
    expect(
      await screen.findByText(
        /No Tech Insights check reads the Kymaros restore facts/,
      ),
    ).toBeInTheDocument();
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('says no facts were computed yet when no check could run', async () => {
    await render(
      fakeFetch({ list: () => json(200, checks), run: () => json(200, []) }),
    );
    expect(
      await screen.findByText(/No restore facts for this entity yet/),
    ).toBeInTheDocument();
  });

  it('shows the error when running the checks fails', async () => {
    await render(
      fakeFetch({
        list: () => json(200, checks),
        run: () =>
          json(403, {
            error: { name: 'NotAllowedError', message: 'Unauthorized' },
          }),
      }),
    );
    expect(
      await screen.findByText(/Tech Insights could not run the restore checks/),
    ).toBeInTheDocument();
  });
});
