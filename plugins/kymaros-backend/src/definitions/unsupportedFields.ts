import type { ParsedTest } from './parseKymarosFile';

/**
 * Kymaros fields a file may hold that this product reads but does not act
 * on, each with what the test's owner should know. Listed rather than
 * dropped, so nothing in a moved file is silently ignored.
 */
const UNSUPPORTED: {
  field: string;
  applies(spec: Record<string, any>): boolean;
  warning: string;
}[] = [
  {
    field: 'spec.logCollection',
    // Turned off, it asks for nothing this product would have to do.
    applies: spec =>
      spec.logCollection !== undefined && spec.logCollection?.enabled !== false,
    warning:
      'is not applied: pod logs and events are not kept with reports; set logCollection.enabled: false or remove it to silence this',
  },
];

/** What the test's file asks for that is not done, one warning per field. */
export function unsupportedFieldWarnings(test: ParsedTest): string[] {
  const spec = test.spec;
  if (typeof spec !== 'object' || spec === null) return [];
  return UNSUPPORTED.filter(u => u.applies(spec)).map(
    u => `${test.where}: ${u.field} ${u.warning}`,
  );
}
