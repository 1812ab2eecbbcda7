/** How people write the providers the backend ships with; others show their id. */
const PROVIDER_NAMES: Record<string, string> = {
  velero: 'Velero',
  kasten: 'Kasten',
  kubestash: 'KubeStash',
};

export const providerName = (provider: string) =>
  PROVIDER_NAMES[provider.toLowerCase()] ?? provider;
