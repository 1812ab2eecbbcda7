import { parseArtifacts } from './artifacts';

describe('parseArtifacts', () => {
  it('reads object references in the shapes it knows and counts the rest', () => {
    expect(
      parseArtifacts(
        [
          {
            resource: {
              group: 'apps',
              version: 'v1',
              resource: 'deployments',
              kind: 'Deployment',
              name: 'web',
              namespace: 'shop',
            },
          },
          { resource: { version: 'v1', kind: 'ConfigMap', name: 'cfg' } },
          { apiVersion: 'v1', kind: 'Secret', name: 'db' },
          { volumeSnapshot: { id: 'snap-1' } },
          'garbage',
          null,
        ],
        'shop',
      ),
    ).toEqual({
      items: [
        {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          name: 'web',
          namespace: 'shop',
        },
        { apiVersion: 'v1', kind: 'ConfigMap', name: 'cfg', namespace: 'shop' },
        { apiVersion: 'v1', kind: 'Secret', name: 'db', namespace: 'shop' },
      ],
      skipped: 3,
    });
  });

  it('treats a missing or non-list field as no artifacts', () => {
    expect(parseArtifacts(undefined, 'a')).toEqual({ items: [], skipped: 0 });
    expect(parseArtifacts({ a: 1 }, 'a')).toEqual({ items: [], skipped: 0 });
  });
});
