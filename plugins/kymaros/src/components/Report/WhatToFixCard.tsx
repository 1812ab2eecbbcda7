import List from '@material-ui/core/List';
import ListItem from '@material-ui/core/ListItem';
import ListItemText from '@material-ui/core/ListItemText';
import Typography from '@material-ui/core/Typography';
import { InfoCard, StatusOK } from '@backstage/core-components';
import {
  remediesFor,
  type RestoreReport,
  type RunEvidence,
} from '@kymaros/plugin-kymaros-common';
import { useRunEvidence } from '../../hooks/useRunEvidence';
import { levelsOf, type LevelView } from '../../lib/levels';
import { StatusLabel } from '../common';
import { EvidenceLink } from './EvidenceLink';
import { RemedyItem } from './RemedyItem';

/** A reason as a sentence: with its full stop. */
const sentence = (text: string) => (/[.!?]$/.test(text) ? text : `${text}.`);

/** Skipped levels grouped by why they were not evaluated, in report order. */
function notEvaluated(skipped: LevelView[]) {
  const byReason = new Map<string, LevelView[]>();
  for (const level of skipped) {
    const reason = level.notTestedReason ?? level.detail;
    byReason.set(reason, [...(byReason.get(reason) ?? []), level]);
  }
  return [...byReason].map(([reason, levels]) => ({
    reason: reason.replace(/^(Not (evaluated|measured)|Skipped):\s*/, ''),
    levels,
    lost: levels.reduce((n, l) => n + l.maxPoints - l.points, 0),
  }));
}

/** The evidence of a run that failed, for the remedies' log tails; none while loading or when it kept none. */
function useFailureEvidence(report: RestoreReport): RunEvidence | undefined {
  const { result } = report.status;
  const wanted = result === 'fail' || result === 'partial';
  return useRunEvidence(wanted ? report.metadata.name : undefined).value;
}

/**
 * Where the points were lost, biggest loss first, what to do about each
 * failure, and why what was not evaluated was not, with a link to the
 * evidence.
 */
export const WhatToFixCard = (props: { report: RestoreReport }) => {
  const { report } = props;
  const { status } = report;
  const evidence = useFailureEvidence(report);
  const lost = levelsOf(status)
    .filter(l => l.points < l.maxPoints)
    .sort((a, b) => b.maxPoints - b.points - (a.maxPoints - a.points));
  const failed = lost.filter(l => l.status !== 'skip');
  const skipped = notEvaluated(lost.filter(l => l.status === 'skip'));
  const failedChecks = status.checks.filter(c => c.status === 'fail');
  const pointsLost = lost.reduce((n, l) => n + l.maxPoints - l.points, 0);
  const remedies = remediesFor(report, evidence);

  let body: React.ReactNode;
  if (status.result === 'error') {
    body = (
      <Typography>
        Nothing could be evaluated in this run
        {status.detail ? `: ${sentence(status.detail)}` : '.'} Fix that cause
        and run the test again. <EvidenceLink />
      </Typography>
    );
  } else if (lost.length === 0 && remedies.length === 0) {
    body = <StatusOK>Nothing to fix: every level earned full points.</StatusOK>;
  } else {
    body = (
      <>
        <List disablePadding>
          {failed.map(level => (
            <ListItem key={level.key} disableGutters alignItems="flex-start">
              <ListItemText
                primary={
                  <StatusLabel status={level.status}>
                    <strong>
                      −{level.maxPoints - level.points} {level.title}
                    </strong>
                  </StatusLabel>
                }
                secondary={level.detail}
              />
            </ListItem>
          ))}
          {skipped.map(group => (
            <ListItem
              key={group.reason}
              disableGutters
              alignItems="flex-start"
              data-testid="not-evaluated"
            >
              <ListItemText
                primary={
                  <StatusLabel status="skip">
                    <strong>−{group.lost} Not evaluated</strong>
                  </StatusLabel>
                }
                secondaryTypographyProps={{ component: 'div' }}
                secondary={
                  <>
                    {group.levels.map(l => l.title).join(', ')}. Why:{' '}
                    {sentence(group.reason)} <EvidenceLink />
                  </>
                }
              />
            </ListItem>
          ))}
          {failedChecks.map(check => (
            <ListItem key={check.name} disableGutters alignItems="flex-start">
              <ListItemText
                primary={
                  <StatusLabel status="fail">
                    Check {check.name} failed
                  </StatusLabel>
                }
                secondary={check.message}
              />
            </ListItem>
          ))}
        </List>
        {remedies.length > 0 && (
          <>
            <Typography variant="h6" component="h3" gutterBottom>
              Next steps
            </Typography>
            {remedies.map(remedy => (
              <RemedyItem key={remedy.title} remedy={remedy} />
            ))}
          </>
        )}
      </>
    );
  }

  return (
    <InfoCard
      title="What to fix"
      subheader={
        pointsLost > 0 && status.result !== 'error'
          ? `${pointsLost} points lost, biggest loss first`
          : undefined
      }
      variant="fullHeight"
    >
      {body}
    </InfoCard>
  );
};
