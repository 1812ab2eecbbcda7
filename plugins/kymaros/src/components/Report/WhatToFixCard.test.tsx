import { screen, within } from '@testing-library/react';
import type { RunEvidence } from '@kymaros/plugin-kymaros-common';
import {
  errorReport,
  failedBeforeScoringReport,
  failingReport,
  makeReport,
  mockKymarosApi,
  passingReport,
} from '../../__fixtures__';
import { renderWithKymaros } from '../../__testUtils__/render';
import { WhatToFixCard } from './WhatToFixCard';

const evidence: RunEvidence = {
  podLogs: [
    {
      podName: 'orders-postgres-0',
      namespace: 'kymaros-orders-q81zd3',
      sourceNamespace: 'orders',
      phase: 'Running',
      containers: [
        {
          name: 'postgres',
          type: 'previous',
          log: 'LOG:  redo starts at 0/4A000028\nLOG:  server process (PID 57) was terminated by signal 9: Killed',
          truncated: false,
          totalLines: 2,
        },
      ],
    },
  ],
  events: [],
};

describe('WhatToFixCard', () => {
  it('gives the OOMKilled database a remedy with its log tail and a link to its evidence', async () => {
    const api = mockKymarosApi({
      getReportLogs: jest.fn().mockResolvedValue(evidence),
    });
    await renderWithKymaros(<WhatToFixCard report={failingReport} />, { api });
    const remedy = await screen.findByTestId('remedy');
    expect(
      within(remedy).getByText(
        'Pod orders-postgres-0 was OOMKilled: a container used more memory than its limit',
      ),
    ).toBeInTheDocument();
    expect(
      within(remedy).getByText(/sandbox\.limitRange\.defaultMemory/),
    ).toBeInTheDocument();
    expect(await within(remedy).findByLabelText('Log tail')).toHaveTextContent(
      'terminated by signal 9: Killed',
    );
    expect(
      within(remedy).getByRole('link', { name: 'See the evidence' }),
    ).toHaveAttribute(
      'href',
      '#kymaros-evidence-pod-kymaros-orders-q81zd3-orders-postgres-0',
    );
    expect(api.getReportLogs).toHaveBeenCalledWith('orders-20240316-030008');
  });

  it('still gives the remedy when the run kept no evidence', async () => {
    const api = mockKymarosApi({
      getReportLogs: jest.fn().mockResolvedValue(undefined),
    });
    await renderWithKymaros(<WhatToFixCard report={failingReport} />, { api });
    const remedy = await screen.findByTestId('remedy');
    expect(within(remedy).queryByLabelText('Log tail')).toBeNull();
    expect(
      within(remedy).getByRole('link', { name: 'See the evidence' }),
    ).toHaveAttribute('href', '#kymaros-evidence');
  });

  it('says why each level was not evaluated and links to the evidence', async () => {
    await renderWithKymaros(<WhatToFixCard report={failingReport} />, {
      api: mockKymarosApi(),
    });
    const item = screen.getByTestId('not-evaluated');
    expect(item).toHaveTextContent(
      '−10 Not evaluatedCross-namespace dependencies. Why: pod startup did not complete. See the evidence',
    );
    expect(
      within(item).getByRole('link', { name: 'See the evidence' }),
    ).toHaveAttribute('href', '#kymaros-evidence');
  });

  it('offers a Velero Schedule when no backup covers the namespace', async () => {
    const report = makeReport('legacy-reports', 'legacy-reports-1', {
      ...failedBeforeScoringReport.status,
      detail:
        'No eligible velero backup covers namespace reports: nothing to restore',
    });
    await renderWithKymaros(<WhatToFixCard report={report} />, {
      api: mockKymarosApi(),
    });
    expect(
      await screen.findByText(
        'No Velero backup covers reports: there was nothing to restore',
      ),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('YAML to apply')).toHaveTextContent(
      'kind: Schedule',
    );
  });

  it('says why a run that could not be evaluated was not, with no points lost', async () => {
    await renderWithKymaros(<WhatToFixCard report={errorReport} />, {
      api: mockKymarosApi(),
    });
    expect(
      screen.getByText(
        /^Nothing could be evaluated in this run: Cluster restore-tests unreachable: .* \(3 attempts over 30s\)\. Fix that cause and run the test again\./,
      ),
    ).toBeInTheDocument();
    expect(screen.queryByText(/points lost/)).toBeNull();
    expect(
      screen.getByRole('link', { name: 'See the evidence' }),
    ).toHaveAttribute('href', '#kymaros-evidence');
  });

  it('has nothing to fix on a passing run', async () => {
    await renderWithKymaros(<WhatToFixCard report={passingReport} />, {
      api: mockKymarosApi(),
    });
    expect(
      screen.getByText('Nothing to fix: every level earned full points.'),
    ).toBeInTheDocument();
  });
});
