import {
  applyOperation,
  deepClone,
  JsonPatchError,
  type Operation,
} from 'fast-json-patch';
import type { JsonPatchRule } from './resourceModifiers';

/** How applying a JSON patch ended, classified as Velero's JSON-patch library does. */
export type JsonPatchResult =
  | { outcome: 'applied'; document: unknown }
  | { outcome: 'testFailed' | 'missing' | 'failed'; message: string };

/** What Go's strconv.ParseFloat accepts: decimal, hexadecimal with a `p` exponent, inf, nan. */
const goFloat =
  /^[+-]?((\d+\.?\d*|\.\d+)(e[+-]?\d+)?|0x([\da-f]+\.?[\da-f]*|\.[\da-f]+)p[+-]?\d+|inf|infinity|nan)$/i;

/**
 * Whether Velero sends a rule's value as a JSON string: empty, or wrapped in
 * double quotes (which are dropped), or anything that is not null, a
 * boolean, an object, an array or a number. Returns the text to send.
 */
export function quotedValue(value: string): { quoted: boolean; text: string } {
  if (value === '') return { quoted: true, text: value };
  if (value.startsWith('"') && value.endsWith('"'))
    return { quoted: true, text: value.replace(/^"/, '').replace(/"$/, '') };
  if (value === 'null') return { quoted: false, text: value };
  if (['true', 'false'].includes(value.toLowerCase()))
    return { quoted: false, text: value };
  if (value.startsWith('{') || value.startsWith('['))
    return { quoted: false, text: value };
  return { quoted: !goFloat.test(value), text: value };
}

/** A rule as the JSON text Velero builds for it (its JSONPatch.ToString), unescaped as there. */
export function operationText(rule: JsonPatchRule): string {
  const { quoted, text } = quotedValue(rule.value ?? '');
  const value = quoted ? `"${text}"` : text;
  return `{"op": "${rule.operation ?? ''}", "from": "${
    rule.from ?? ''
  }", "path": "${rule.path ?? ''}", "value": ${value}}`;
}

function pointer(path: string): string[] {
  return path
    .split('/')
    .slice(1)
    .map(s => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || !a || !b) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every(k => sameJson((a as any)[k], (b as any)[k]));
}

/** RFC 6902 `test` with Velero's library's edge cases: a missing key equals null; a missing parent is "missing". */
function testOperation(doc: unknown, op: Operation & { value?: unknown }) {
  const keys = pointer(op.path);
  let container: any = doc;
  for (const key of keys.slice(0, -1)) {
    container =
      container && typeof container === 'object' ? container[key] : undefined;
  }
  const failed = `testing value ${op.path} failed: test failed`;
  if (keys.length === 0)
    return sameJson(doc, op.value)
      ? undefined
      : { outcome: 'testFailed' as const, message: failed };
  if (!container || typeof container !== 'object')
    return {
      outcome: 'missing' as const,
      message: `test operation does not apply: is missing path: ${op.path}: missing value`,
    };
  const actual = container[keys[keys.length - 1]];
  const expected = op.value ?? null;
  const equal =
    actual === undefined || actual === null
      ? expected === null
      : expected !== null && sameJson(actual, expected);
  return equal
    ? undefined
    : { outcome: 'testFailed' as const, message: failed };
}

/** Velero's library's wording for an operation fast-json-patch refused. */
function describeFailure(op: any, e: JsonPatchError): JsonPatchResult {
  const missing = (message: string) => ({
    outcome: 'missing' as const,
    message: `${message}: missing value`,
  });
  const fromMissing = e.name === 'OPERATION_FROM_UNRESOLVABLE';
  const pathMissing = [
    'OPERATION_PATH_UNRESOLVABLE',
    'OPERATION_PATH_CANNOT_ADD',
  ].includes(e.name);
  if (fromMissing || pathMissing) {
    switch (op.op) {
      case 'add':
      case 'remove':
        return missing(
          `${op.op} operation does not apply: doc is missing path: "${op.path}"`,
        );
      case 'replace':
        return missing(
          `replace operation does not apply: doc is missing key: ${op.path}`,
        );
      default: {
        const quote = op.op === 'copy' ? '"' : '';
        return fromMissing
          ? missing(
              `${op.op} operation does not apply: doc is missing from path: ${quote}${op.from}${quote}`,
            )
          : missing(
              `${op.op} operation does not apply: doc is missing destination path: ${op.path}`,
            );
      }
    }
  }
  if (
    e.name === 'OPERATION_VALUE_OUT_OF_BOUNDS' ||
    e.name === 'OPERATION_PATH_ILLEGAL_ARRAY_INDEX'
  ) {
    const index = op.path.slice(op.path.lastIndexOf('/') + 1);
    return {
      outcome: 'failed',
      message: `error in ${op.op} for path: '${op.path}': Unable to access invalid index: ${index}: invalid index referenced`,
    };
  }
  return { outcome: 'failed', message: e.message.split('\n')[0] };
}

/**
 * Applies Velero's JSON-patch rules to a copy of `document`: the rules become
 * the JSON text Velero builds (so values are typed as Velero types them) and
 * are applied in order; the first failure stops and leaves the document as
 * it was.
 */
export function applyJsonPatchRules(
  document: unknown,
  rules: JsonPatchRule[],
): JsonPatchResult {
  let ops: any[];
  try {
    ops = JSON.parse(`[${rules.map(operationText).join(',\n\t')}]`);
  } catch (e) {
    return {
      outcome: 'failed',
      message: `error in decoding json patch ${(e as Error).message}`,
    };
  }
  let doc = deepClone(document);
  for (const op of ops) {
    if (op.op === 'test') {
      const failure = testOperation(doc, op);
      if (failure) return failure;
      continue;
    }
    if (!['add', 'remove', 'replace', 'move', 'copy'].includes(op.op))
      return { outcome: 'failed', message: `Unexpected kind: ${op.op}` };
    try {
      doc = applyOperation(doc, op, true, true).newDocument;
    } catch (e) {
      if (e instanceof JsonPatchError) return describeFailure(op, e);
      throw e;
    }
  }
  return { outcome: 'applied', document: doc };
}
