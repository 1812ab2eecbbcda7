import { useState } from 'react';
import Grid from '@material-ui/core/Grid';
import { EmptyState, Progress } from '@backstage/core-components';
import { useEntityTests } from '../../hooks/useEntityTests';
import { BackendError } from '../common';
import { TestPanel } from './TestPanel';
import { TestSelector } from './TestSelector';

/** Reports shown in a test's history: as many as the backend keeps, up to its limit. */
const HISTORY_REPORTS = 100;

/** The entity's restore tests: a selector when there are several, then the one picked. */
export const EntityTests = (props: {
  entityRef: string;
  pollIntervalMs?: number;
}) => {
  const {
    value: tests,
    loading,
    error,
    retry,
  } = useEntityTests(props.entityRef, HISTORY_REPORTS);
  const [selectedId, setSelectedId] = useState<string>();

  if (loading && !tests) return <Progress />;
  if (error) return <BackendError error={error} onRetry={retry} />;
  if (!tests?.length) {
    return (
      <EmptyState
        missing="info"
        title="No restore test for this entity yet"
        description="It has opted in, but the Kymaros backend has no restore test for it yet. Tests appear shortly after the catalog processes the entity; if it does not show up, check the backend logs."
      />
    );
  }
  const test = tests.find(t => t.id === selectedId) ?? tests[0];
  return (
    <Grid container spacing={2}>
      {tests.length > 1 && (
        <Grid item xs={12}>
          <TestSelector
            tests={tests}
            selectedId={test.id}
            onSelect={setSelectedId}
          />
        </Grid>
      )}
      <Grid item xs={12}>
        <TestPanel
          key={test.id}
          test={test}
          pollIntervalMs={props.pollIntervalMs}
        />
      </Grid>
    </Grid>
  );
};
