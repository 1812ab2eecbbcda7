import { ConfigReader } from '@backstage/config';
import { readOwnerNotificationsConfig } from './readOwnerNotificationsConfig';

const read = (notifications?: object) =>
  readOwnerNotificationsConfig(
    new ConfigReader(notifications ? { kymaros: { notifications } } : {}),
  );

describe('readOwnerNotificationsConfig', () => {
  it('defaults to every event, no extra recipient, and the Restore tab path', () => {
    expect(read()).toEqual({
      events: new Set(['failure', 'error', 'regression', 'recovery']),
      recipients: [],
      entityPath: '/catalog/{namespace}/{kind}/{name}/kymaros',
    });
  });

  it('reads events, recipients (normalised), enabled and the entity path', () => {
    expect(
      read({
        entityPath: '/c/{name}',
        owners: {
          enabled: true,
          events: ['failure', 'recovery'],
          recipients: ['group:sre', 'user:default/jane', 'group:default/sre'],
        },
      }),
    ).toEqual({
      enabled: true,
      events: new Set(['failure', 'recovery']),
      recipients: ['group:default/sre', 'user:default/jane'],
      entityPath: '/c/{name}',
    });
  });

  it('follows kymaros.notifications.enabled: false unless owners.enabled says otherwise', () => {
    expect(read({ enabled: false }).enabled).toBe(false);
    expect(read({ enabled: false, owners: { enabled: true } }).enabled).toBe(
      true,
    );
  });

  it.each([
    [
      { events: ['failure', 'failed'] },
      'kymaros.notifications.owners.events[1]: unknown event "failed" (use failure, error, regression, recovery)',
    ],
    [
      { recipients: ['group:default/sre', 'sre'] },
      'kymaros.notifications.owners.recipients[1]: "sre" is not an entity ref with a kind (e.g. group:default/sre)',
    ],
    [{ enabled: 'sometimes' }, 'kymaros.notifications.owners.enabled'],
    [{ events: 'failure' }, 'kymaros.notifications.owners.events'],
  ])('refuses %j naming the key', (owners, message) => {
    expect(() => read({ owners })).toThrow(message);
  });
});
