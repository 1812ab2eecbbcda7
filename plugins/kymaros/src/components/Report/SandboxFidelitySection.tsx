import type { ReactNode } from 'react';
import Box from '@material-ui/core/Box';
import Typography from '@material-ui/core/Typography';
import { InfoCard } from '@backstage/core-components';
import type {
  EndpointRewrite,
  ExternalReference,
  RestoreReportStatus,
  SandboxFidelity,
  SandboxTransformation,
} from '@kymaros/plugin-kymaros-common';
import { hostForm } from './hostForm';
import {
  ManifestsNotReadNotice,
  VolumesNotRestoredNotice,
} from './SandboxNotices';
import { quotaCaption, SandboxQuota } from './SandboxQuota';
import { SandboxTable, type SandboxColumn } from './SandboxTable';

/** An address as the report gives it, cut to its host form. */
const Host = (props: { address: string }) => (
  <code>{hostForm(props.address) || '—'}</code>
);

const REWRITE_COLUMNS: SandboxColumn<EndpointRewrite>[] = [
  { title: 'Object', width: '25%', render: r => r.object },
  { title: 'Field', width: '25%', render: r => r.field },
  {
    title: 'From → To',
    width: '50%',
    render: r => (
      <>
        <Host address={r.from} /> → <Host address={r.to} />
      </>
    ),
  },
];

const REFERENCE_COLUMNS: SandboxColumn<ExternalReference>[] = [
  { title: 'Object', width: '25%', render: r => r.object },
  { title: 'Field', width: '25%', render: r => r.field },
  {
    title: 'Reference',
    width: '30%',
    render: r => <Host address={r.reference} />,
  },
  { title: 'Namespace', width: '20%', render: r => r.namespace },
];

const TRANSFORMATION_COLUMNS: SandboxColumn<SandboxTransformation>[] = [
  { title: 'Object', width: '25%', render: t => t.subject },
  { title: 'Change', width: '30%', render: t => t.change },
  { title: 'Not tested', width: '45%', render: t => t.notTested },
];

/** One titled part of the section, with what it means for the owner. */
const Part = (props: {
  title: string;
  caption: string;
  testId: string;
  children: ReactNode;
}) => (
  <Box mb={2} data-testid={props.testId}>
    <Typography variant="subtitle1" component="h3">
      <strong>{props.title}</strong>
    </Typography>
    <Typography variant="body2" color="textSecondary">
      {props.caption}
    </Typography>
    {props.children}
  </Box>
);

/** Nothing rewritten, changed or left out: the sandbox ran the backup as it was. */
const reproducedAsIs = (f: SandboxFidelity) =>
  f.manifestsRead &&
  [
    f.rewrites,
    f.externalReferences,
    f.transformations,
    f.volumesNotRestored,
  ].every(list => list.length === 0);

/**
 * How the sandbox differed from the source on purpose: addresses rewritten
 * to the sandbox, references left to namespaces not restored, what was
 * changed so nothing reaches out (and so was not tested), volumes not
 * restored, the quota. Nothing for reports written before they said so.
 */
export const SandboxFidelitySection = (props: {
  status: RestoreReportStatus;
}) => {
  const fidelity = props.status.sandboxFidelity;
  if (!fidelity) return null;
  const { rewrites, externalReferences, transformations, quota } = fidelity;
  return (
    <InfoCard
      title="Sandbox"
      subheader="What the sandbox changed on purpose, and so did not test"
    >
      <ManifestsNotReadNotice fidelity={fidelity} />
      <VolumesNotRestoredNotice volumes={fidelity.volumesNotRestored} />
      {reproducedAsIs(fidelity) && (
        <Box mb={2}>
          <Typography>
            Nothing was rewritten, changed or left out: the sandbox ran the
            objects as backed up.
          </Typography>
        </Box>
      )}
      {rewrites.length > 0 && (
        <Part
          testId="sandbox-rewrites"
          title={`Addresses rewritten to the sandbox (${rewrites.length})`}
          caption="References to services of namespaces restored in this run now point at their sandboxes, so the app calls its restored peers. Only the host is shown."
        >
          <SandboxTable
            label="Addresses rewritten to the sandbox"
            columns={REWRITE_COLUMNS}
            rows={rewrites}
          />
        </Part>
      )}
      {externalReferences.length > 0 && (
        <Part
          testId="sandbox-external-references"
          title={`References to namespaces not restored (${externalReferences.length})`}
          caption="Left as they are: these namespaces were not restored in this run. The cross-namespace dependency level judges them."
        >
          <SandboxTable
            label="References to namespaces not restored"
            columns={REFERENCE_COLUMNS}
            rows={externalReferences}
          />
        </Part>
      )}
      {transformations.length > 0 && (
        <Part
          testId="sandbox-transformations"
          title={`Not reproduced in the sandbox (${transformations.length})`}
          caption="Changed so that nothing in the sandbox reaches out; what each change leaves untested."
        >
          <SandboxTable
            label="Not reproduced in the sandbox"
            columns={TRANSFORMATION_COLUMNS}
            rows={transformations}
          />
        </Part>
      )}
      {quota && (
        <Part
          testId="sandbox-quota"
          title="Quota"
          caption={quotaCaption(quota)}
        >
          <SandboxQuota quota={quota} />
        </Part>
      )}
    </InfoCard>
  );
};
