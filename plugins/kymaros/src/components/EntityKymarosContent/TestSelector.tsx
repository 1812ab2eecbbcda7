import Tab from '@material-ui/core/Tab';
import Tabs from '@material-ui/core/Tabs';
import type { RestoreTestItem } from '@kymaros/plugin-kymaros-common';
import { OUTCOME_LABELS, outcomeOf } from '../../lib/result';

function tabLabel(test: RestoreTestItem) {
  const { lastScore, lastResult, error } = test.status;
  const outcome = OUTCOME_LABELS[outcomeOf({ error, result: lastResult })];
  // An error run has no score to show: its tab says so rather than 0.
  return lastScore !== undefined && !error && lastResult !== 'error'
    ? `${test.name} · ${lastScore} ${outcome}`
    : `${test.name} · ${outcome}`;
}

/** Picks one of the entity's restore tests when it has several. */
export const TestSelector = (props: {
  tests: RestoreTestItem[];
  selectedId: string;
  onSelect: (id: string) => void;
}) => (
  <Tabs
    value={props.selectedId}
    onChange={(_, id) => props.onSelect(id)}
    indicatorColor="primary"
    textColor="primary"
    variant="scrollable"
    aria-label="Restore tests"
  >
    {props.tests.map(test => (
      <Tab
        key={test.id}
        value={test.id}
        label={tabLabel(test)}
        style={{ maxWidth: 'none' }}
      />
    ))}
  </Tabs>
);
