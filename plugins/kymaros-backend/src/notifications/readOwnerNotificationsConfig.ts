import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import { DEFAULT_ENTITY_PATH } from './readNotificationsConfig';

/** The changes of a test's state its owners can be told of in Backstage. */
export const OWNER_EVENTS = [
  'failure',
  'error',
  'regression',
  'recovery',
] as const;

export type OwnerEvent = (typeof OWNER_EVENTS)[number];

/** `kymaros.notifications.owners`: Backstage notifications to each test's entity owner. */
export interface OwnerNotificationsConfig {
  /**
   * As configured; `undefined` sends when this backend runs the
   * notifications plugin (a host without it gets no failing requests).
   */
  enabled?: boolean;
  events: ReadonlySet<OwnerEvent>;
  /** Full entity refs told of every test besides its entity's owner. */
  recipients: string[];
  /** Path of an entity's Restore tab in the app (`{namespace}`, `{kind}`, `{name}`). */
  entityPath: string;
}

const KEY = 'kymaros.notifications.owners';

function readEvents(owners: Config | undefined): Set<OwnerEvent> {
  const listed = owners?.getOptionalStringArray('events');
  if (!listed) return new Set(OWNER_EVENTS);
  listed.forEach((event, i) => {
    if (!(OWNER_EVENTS as readonly string[]).includes(event))
      throw new InputError(
        `${KEY}.events[${i}]: unknown event "${event}" (use ${OWNER_EVENTS.join(
          ', ',
        )})`,
      );
  });
  return new Set(listed as OwnerEvent[]);
}

/** Entity refs with a kind (`group:default/sre`, `user:jane`); the namespace defaults to `default`. */
function readRecipients(owners: Config | undefined): string[] {
  const listed = owners?.getOptionalStringArray('recipients') ?? [];
  const refs = listed.map((text, i) => {
    try {
      return stringifyEntityRef(parseEntityRef(text));
    } catch {
      throw new InputError(
        `${KEY}.recipients[${i}]: "${text}" is not an entity ref with a kind (e.g. group:default/sre)`,
      );
    }
  });
  return [...new Set(refs)];
}

/** Reads `kymaros.notifications.owners`; `kymaros.notifications.enabled: false` turns it off unless it says otherwise. */
export function readOwnerNotificationsConfig(
  root: Config,
): OwnerNotificationsConfig {
  const notifications = root.getOptionalConfig('kymaros.notifications');
  const owners = notifications?.getOptionalConfig('owners');
  const enabled =
    owners?.getOptionalBoolean('enabled') ??
    (notifications?.getOptionalBoolean('enabled') === false
      ? false
      : undefined);
  return {
    ...(enabled !== undefined ? { enabled } : {}),
    events: readEvents(owners),
    recipients: readRecipients(owners),
    entityPath:
      notifications?.getOptionalString('entityPath') ?? DEFAULT_ENTITY_PATH,
  };
}
