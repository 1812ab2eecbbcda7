import { pruneUnknownFields } from './pruning';

describe('pruneUnknownFields', () => {
  const schema = {
    type: 'object',
    properties: {
      spec: {
        type: 'object',
        properties: {
          size: { type: 'integer' },
          labels: { type: 'object', additionalProperties: { type: 'string' } },
          items: {
            type: 'array',
            items: { type: 'object', properties: { name: {} } },
          },
          free: {
            type: 'object',
            'x-kubernetes-preserve-unknown-fields': true,
          },
          template: {
            type: 'object',
            'x-kubernetes-embedded-resource': true,
            properties: {},
          },
        },
      },
    },
  };

  it('keeps declared fields and drops the others at every level', () => {
    const obj = {
      apiVersion: 'x.io/v1',
      kind: 'W',
      metadata: { name: 'w', anything: 1 },
      spec: {
        size: 3,
        extra: true,
        labels: { a: 'b' },
        items: [{ name: 'n', junk: 1 }],
        free: { whatever: { deep: 1 } },
        template: { apiVersion: 'v1', kind: 'Pod', metadata: {}, spec: {} },
      },
      status: { phase: 'x' },
    };
    expect(pruneUnknownFields(obj, schema)).toEqual({
      apiVersion: 'x.io/v1',
      kind: 'W',
      metadata: { name: 'w', anything: 1 },
      spec: {
        size: 3,
        labels: { a: 'b' },
        items: [{ name: 'n' }],
        free: { whatever: { deep: 1 } },
        template: { apiVersion: 'v1', kind: 'Pod', metadata: {} },
      },
    });
  });

  it('keeps everything under x-kubernetes-preserve-unknown-fields at the root', () => {
    const obj = { apiVersion: 'v', kind: 'K', metadata: {}, spec: { a: 1 } };
    expect(
      pruneUnknownFields(structuredClone(obj), {
        'x-kubernetes-preserve-unknown-fields': true,
      }),
    ).toEqual(obj);
  });
});
