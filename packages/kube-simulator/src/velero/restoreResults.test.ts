import {
  addMessage,
  countMessages,
  type RestoreMessages,
} from './restoreResults';

describe('restore results', () => {
  it('files messages by namespace or under the cluster, and counts them all', () => {
    const bucket: RestoreMessages = { velero: ['v'] };
    addMessage(bucket, 'shop', 'a');
    addMessage(bucket, 'shop', 'b');
    addMessage(bucket, undefined, 'c');
    expect(bucket).toEqual({
      velero: ['v'],
      cluster: ['c'],
      namespaces: { shop: ['a', 'b'] },
    });
    expect(countMessages(bucket)).toBe(4);
    expect(countMessages({})).toBe(0);
  });
});
