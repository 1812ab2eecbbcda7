import { readsSecret } from './secretRewrites';

describe('readsSecret', () => {
  const container = (extra: object) => ({ name: 'c', image: 'i', ...extra });

  it('sees a Secret read through env, envFrom, a volume or a projected volume', () => {
    expect(
      readsSecret(
        {
          containers: [
            container({
              env: [
                {
                  name: 'URL',
                  valueFrom: { secretKeyRef: { name: 'db', key: 'url' } },
                },
              ],
            }),
          ],
        },
        'db',
      ),
    ).toBe(true);
    expect(
      readsSecret(
        {
          containers: [container({})],
          initContainers: [
            container({ envFrom: [{ secretRef: { name: 'db' } }] }),
          ],
        },
        'db',
      ),
    ).toBe(true);
    expect(
      readsSecret(
        {
          containers: [container({})],
          volumes: [{ name: 'v', secret: { secretName: 'db' } }],
        },
        'db',
      ),
    ).toBe(true);
    expect(
      readsSecret(
        {
          containers: [container({})],
          volumes: [
            { name: 'v', projected: { sources: [{ secret: { name: 'db' } }] } },
          ],
        },
        'db',
      ),
    ).toBe(true);
  });

  it('ignores other Secrets and ConfigMaps of the same name', () => {
    expect(
      readsSecret(
        {
          containers: [
            container({
              envFrom: [
                { configMapRef: { name: 'db' } },
                { secretRef: { name: 'dbx' } },
              ],
            }),
          ],
          volumes: [{ name: 'v', configMap: { name: 'db' } }],
        },
        'db',
      ),
    ).toBe(false);
    expect(readsSecret(undefined, 'db')).toBe(false);
  });
});
