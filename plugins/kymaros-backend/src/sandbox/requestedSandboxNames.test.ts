import {
  requestedSandboxNameProblems,
  requestedSandboxNames,
} from './requestedSandboxNames';

const protectedNamespaces = ['kube-system', 'velero'];

describe('requestedSandboxNameProblems', () => {
  it('accepts distinct valid names that are neither sources nor protected, and names without a request', () => {
    expect(
      requestedSandboxNameProblems(
        [{ name: 'shop', sandboxName: 'shop-restored' }, { name: 'platform' }],
        protectedNamespaces,
      ),
    ).toEqual([]);
  });

  it('names each hostile request with the namespace it is for', () => {
    expect(
      requestedSandboxNameProblems(
        [
          { name: 'shop', sandboxName: 'velero' },
          { name: 'orders', sandboxName: 'platform' },
          { name: 'platform', sandboxName: 'x'.repeat(64) },
          { name: 'billing', sandboxName: '-billing' },
        ],
        protectedNamespaces,
      ),
    ).toEqual([
      'sandboxName "velero" (for namespace "shop") is a protected namespace (system or backup tool)',
      'sandboxName "platform" (for namespace "orders") is one of the test\'s source namespaces; a sandbox is never a source',
      `sandboxName "${'x'.repeat(
        64,
      )}" (for namespace "platform") is not a valid namespace name (lower-case letters, digits and dashes, at most 63 characters)`,
      'sandboxName "-billing" (for namespace "billing") is not a valid namespace name (lower-case letters, digits and dashes, at most 63 characters)',
    ]);
  });

  it('refuses one name asked for two namespaces', () => {
    expect(
      requestedSandboxNameProblems(
        [
          { name: 'shop', sandboxName: 'sandbox' },
          { name: 'platform', sandboxName: 'sandbox' },
        ],
        protectedNamespaces,
      ),
    ).toEqual([
      'sandboxName "sandbox" is asked for both namespace "shop" and namespace "platform"; each sandbox needs its own name',
    ]);
  });
});

describe('requestedSandboxNames', () => {
  it('maps each source that asks for a name to it', () => {
    expect(
      requestedSandboxNames([
        { name: 'shop', sandboxName: 'shop-restored' },
        { name: 'platform' },
      ]),
    ).toEqual({ shop: 'shop-restored' });
  });
});
