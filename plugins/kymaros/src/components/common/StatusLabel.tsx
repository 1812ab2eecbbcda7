import {
  StatusError,
  StatusOK,
  StatusWarning,
} from '@backstage/core-components';
import type { LevelStatus } from '@kymaros/plugin-kymaros-common';

const LABELS: Record<LevelStatus, string> = {
  pass: 'Passed',
  fail: 'Failed',
  skip: 'Skipped',
};

/** pass / fail / skip of a level or a check, as a status dot and a word. */
export const StatusLabel = (props: {
  status: LevelStatus;
  children?: React.ReactNode;
}) => {
  const text = props.children ?? LABELS[props.status];
  switch (props.status) {
    case 'pass':
      return <StatusOK>{text}</StatusOK>;
    case 'fail':
      return <StatusError>{text}</StatusError>;
    default:
      return <StatusWarning>{text}</StatusWarning>;
  }
};
