import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderInTestApp } from '@backstage/test-utils';
import type {
  RestoreReportStatus,
  SandboxFidelity,
} from '@kymaros/plugin-kymaros-common';
import { passingReport, shopReport } from '../../__fixtures__';
import { SandboxFidelitySection } from './SandboxFidelitySection';

// Several tables and clicks: slow on a busy CI machine.
jest.setTimeout(20_000);

const shopFidelity = shopReport.status.sandboxFidelity!;

const render = (fidelity?: Partial<SandboxFidelity>) => {
  const status: RestoreReportStatus = {
    ...shopReport.status,
    sandboxFidelity: fidelity && { ...shopFidelity, ...fidelity },
  };
  return renderInTestApp(<SandboxFidelitySection status={status} />);
};

const part = (testId: string) => screen.queryByTestId(`sandbox-${testId}`);
/** The body rows of a part's table, each as its cells' text. */
const rowsOf = (testId: string) =>
  within(part(testId)!)
    .getAllByRole('row')
    .slice(1)
    .map(row =>
      within(row)
        .getAllByRole('cell')
        .map(cell => cell.lastChild?.textContent ?? ''),
    );

const none = {
  manifestsRead: true,
  rewrites: [],
  externalReferences: [],
  transformations: [],
  volumesNotRestored: [],
  quota: undefined,
};

describe('SandboxFidelitySection', () => {
  it('lists each rewrite as object, field and from → to host', async () => {
    await render(shopFidelity);
    expect(
      screen.getByText('Addresses rewritten to the sandbox (2)'),
    ).toBeInTheDocument();
    expect(rowsOf('rewrites')).toEqual([
      [
        'Deployment shop/web',
        'env DB_HOST of container web',
        'db.kymaros-shop-db-x7k2p9.svc.cluster.local',
      ],
      [
        'ConfigMap shop/web-config',
        'data.DATABASE_URL',
        'db.kymaros-shop-db-x7k2p9.svc.cluster.local',
      ],
    ]);
    const first = within(part('rewrites')!).getAllByRole('row')[1];
    expect(first).toHaveTextContent(
      'db.shop-db.svc.cluster.local → db.kymaros-shop-db-x7k2p9.svc.cluster.local',
    );
  });

  it('lists references to namespaces not restored, left for the dependency level', async () => {
    await render(shopFidelity);
    const refs = part('external-references')!;
    expect(
      within(refs).getByText(/cross-namespace dependency level judges them/),
    ).toBeInTheDocument();
    expect(rowsOf('external-references')).toEqual([
      [
        'ConfigMap shop/web-config',
        'data.PAYMENTS_URL',
        'api.payments.svc',
        'payments',
      ],
    ]);
  });

  it('says what the sandbox did not reproduce and so did not test', async () => {
    await render(shopFidelity);
    expect(
      screen.getByText('Not reproduced in the sandbox (3)'),
    ).toBeInTheDocument();
    expect(rowsOf('transformations')).toEqual([
      [
        'Service shop/web',
        'type LoadBalancer → ClusterIP',
        'the cloud load balancer and its external address',
      ],
      ['CronJob shop/nightly-report', 'suspended', 'the nightly report run'],
      [
        'Ingress shop/web',
        'not restored',
        'routing through the ingress controller and its TLS',
      ],
    ]);
    expect(
      within(part('transformations')!).getByRole('columnheader', {
        name: 'Not tested',
      }),
    ).toBeInTheDocument();
  });

  it('shows volumes not restored first, as counted missing', async () => {
    await render(shopFidelity);
    const volumes = part('volumes-not-restored')!;
    expect(within(volumes).getByText('1 volume not restored')).toBeVisible();
    expect(volumes).toHaveTextContent(
      'Completeness counts these claims as missing.',
    );
    expect(within(volumes).getByRole('listitem')).toHaveTextContent(
      'shop/report-archive (volume nfs-report-archive): no volume data in the backup',
    );
    // Above every list of the section.
    expect(
      volumes.compareDocumentPosition(part('rewrites')!) &
        Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy();
  });

  it('shows the quota requested against the one applied, sized from the backup', async () => {
    await render(shopFidelity);
    expect(part('quota')).toHaveTextContent(/^Quota\s*Sized from the backup/);
    expect(rowsOf('quota')).toEqual([
      ['CPU', '1500m', '1500m'],
      ['Memory', '3Gi', '3Gi'],
      ['Pods', '3', '10'],
    ]);
  });

  it('shows what was requested when no quota was applied', async () => {
    await render({
      ...none,
      quota: { requested: { cpu: '4', pods: 7 }, auto: false },
    });
    expect(part('quota')).toHaveTextContent(
      "No quota was applied to the sandboxes; what the backup's workloads request:",
    );
    expect(rowsOf('quota')).toEqual([
      ['CPU', '4'],
      ['Pods', '7'],
    ]);
  });

  it('says that nothing was rewritten or transformed when the manifests could not be read', async () => {
    await render({
      ...none,
      manifestsRead: false,
      manifestsProblem: 'download of shop-20240316-010000 contents: HTTP 403',
    });
    expect(
      screen.getByText("The backup's objects could not be read"),
    ).toBeInTheDocument();
    expect(
      screen.getByText('download of shop-20240316-010000 contents: HTTP 403.'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/no address was rewritten to the sandbox/),
    ).toBeInTheDocument();
    expect(screen.queryByText(/^Nothing was rewritten/)).toBeNull();
  });

  it('renders no empty list, and says so when the sandbox changed nothing', async () => {
    await render(none);
    for (const id of [
      'rewrites',
      'external-references',
      'transformations',
      'volumes-not-restored',
      'quota',
    ])
      expect(part(id)).toBeNull();
    expect(screen.queryByRole('table')).toBeNull();
    expect(
      screen.getByText(
        'Nothing was rewritten, changed or left out: the sandbox ran the objects as backed up.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.queryByText("The backup's objects could not be read"),
    ).toBeNull();
  });

  it('renders nothing for a report written before it said how the sandbox differed', async () => {
    const { container } = await renderInTestApp(
      <SandboxFidelitySection status={passingReport.status} />,
    );
    expect(container).toBeEmptyDOMElement();
  });

  it('folds a long list after ten rows', async () => {
    const transformations = Array.from({ length: 13 }, (_, i) => ({
      subject: `CronJob shop/job-${i + 1}`,
      change: 'suspended',
      notTested: `job ${i + 1}`,
    }));
    await render({ ...none, transformations });
    expect(rowsOf('transformations')).toHaveLength(10);
    expect(screen.queryByText('CronJob shop/job-11')).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Show 3 more' }));
    expect(rowsOf('transformations')).toHaveLength(13);
    expect(screen.getByText('CronJob shop/job-13')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Show fewer' }));
    expect(rowsOf('transformations')).toHaveLength(10);
  });

  it('folds a long list of volumes not restored', async () => {
    const volumesNotRestored = Array.from({ length: 12 }, (_, i) => ({
      claim: `shop/archive-${i + 1}`,
      reason: 'no volume data in the backup',
    }));
    await render({ ...none, volumesNotRestored });
    const volumes = part('volumes-not-restored')!;
    expect(within(volumes).getByText('12 volumes not restored')).toBeVisible();
    expect(within(volumes).getAllByRole('listitem')).toHaveLength(10);
    await userEvent.click(
      within(volumes).getByRole('button', { name: 'Show 2 more' }),
    );
    expect(within(volumes).getAllByRole('listitem')).toHaveLength(12);
  });

  it('never shows more of a rewritten value than its host form', async () => {
    const leaky = {
      object: 'Secret shop/web-db',
      field: 'data.DATABASE_URL',
      from: 'postgres://shop:s3cret@db.shop-db.svc:5432/orders?sslmode=require',
      to: 'postgres://shop:s3cret@db.kymaros-shop-db-x7k2p9.svc:5432/orders',
      // A whole value that should never have reached the report.
      value: 'postgres://shop:s3cret@db.shop-db.svc:5432/orders',
    };
    await render({
      ...none,
      rewrites: [leaky],
      externalReferences: [
        {
          object: 'ConfigMap shop/web-config',
          field: 'data.PAYMENTS_URL',
          reference: 'https://token:t0ken@api.payments.svc/v1?key=k3y',
          namespace: 'payments',
        },
      ],
    });
    const text = document.body.textContent!;
    for (const secret of [
      's3cret',
      'shop:',
      '/orders',
      'sslmode',
      't0ken',
      'k3y',
      '/v1',
    ])
      expect(text).not.toContain(secret);
    expect(within(part('rewrites')!).getAllByRole('row')[1]).toHaveTextContent(
      'postgres://db.shop-db.svc:5432 → postgres://db.kymaros-shop-db-x7k2p9.svc:5432',
    );
    expect(
      within(part('external-references')!).getByText(
        'https://api.payments.svc',
      ),
    ).toBeInTheDocument();
  });
});
