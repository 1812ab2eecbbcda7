import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { isKymarosAvailable } from '../../conditions';
import { WholeWords } from '../common/WholeWords';
import { EntityTests } from './EntityTests';
import { NotOptedIn } from './NotOptedIn';

/** @public */
export interface EntityKymarosContentProps {
  /** How often a running test is polled, in milliseconds. */
  pollIntervalMs?: number;
}

/** The "Restore" tab of an entity page. */
export const EntityKymarosContent = (props: EntityKymarosContentProps) => {
  const { entity } = useEntity();
  if (!isKymarosAvailable(entity)) return <NotOptedIn />;
  return (
    <WholeWords>
      <EntityTests
        entityRef={stringifyEntityRef(entity)}
        pollIntervalMs={props.pollIntervalMs}
      />
    </WholeWords>
  );
};
