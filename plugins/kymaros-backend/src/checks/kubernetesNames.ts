import { z } from 'zod';
import type { ValueFreeParams } from './validation';

/**
 * The syntax Kubernetes gives names and labels, so that a check naming
 * something no cluster could hold is refused when its definition loads,
 * not when the API server refuses it in a run. Messages never repeat the
 * value: definitions may hold secrets in any field.
 */

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/** A string of at most `max` characters matching `pattern`, described by `expected` (`a Service name: …`). */
function named(pattern: RegExp, max: number, expected: string) {
  const message = `must be ${expected}`;
  return z
    .string({ required_error: 'is required', invalid_type_error: message })
    .min(1, 'is required')
    .max(max, message)
    .regex(pattern, message);
}

/** What a Service is called (DNS-1035 label). */
export const serviceNameSchema = named(
  DNS_1035_LABEL,
  63,
  'a Service name: at most 63 lowercase letters, digits and "-", starting with a letter',
);

/** What a container is called (DNS-1123 label). */
export const containerNameSchema = named(
  DNS_LABEL,
  63,
  'a container name: at most 63 lowercase letters, digits and "-"',
);

/** What a Secret is called (DNS-1123 subdomain). */
export const secretNameSchema = named(
  DNS_SUBDOMAIN,
  253,
  'a Secret name: lowercase letters, digits, "-" and "."',
);

/** A key in a Secret's data. */
export const secretKeySchema = named(
  /^[-._a-zA-Z0-9]+$/,
  253,
  'a Secret key: letters, digits, "-", "_" and "."',
);

/** What every Kubernetes version accepts as an environment variable name. */
export const envNameSchema = named(
  /^[\x20-\x3c\x3e-\x7e]+$/,
  Infinity,
  'an environment variable name: printable characters without "="',
);

/** `v1`, `apps/v1`, `db.example.com/v1beta1`. */
export const apiVersionSchema = z.string().refine(
  value => {
    const parts = value.split('/');
    const version = parts[parts.length - 1];
    return (
      parts.length <= 2 &&
      DNS_1035_LABEL.test(version) &&
      (parts.length === 1 || DNS_SUBDOMAIN.test(parts[0]))
    );
  },
  {
    message: 'must be an apiVersion such as v1 or apps/v1',
    params: { expected: 'an apiVersion such as v1 or apps/v1' },
  },
);

/** Any object's name: a path segment of the API, whatever the kind's own rules. */
export const objectNameSchema = named(
  /^(?!\.\.?$)[^/%]+$/,
  253,
  'an object name: without "/" or "%", and not "." or ".."',
);

function isLabelKey(key: string): boolean {
  const parts = key.split('/');
  const name = parts[parts.length - 1];
  const prefix = parts.length === 2 ? parts[0] : undefined;
  return (
    parts.length <= 2 &&
    name.length <= 63 &&
    LABEL_NAME.test(name) &&
    (prefix === undefined ||
      (prefix.length <= 253 && DNS_SUBDOMAIN.test(prefix)))
  );
}

const labelKeyParams: ValueFreeParams = {
  expected:
    'a label key: an optional DNS prefix and "/", then at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit',
};

const labelValueExpected =
  'a label value: empty, or at most 63 letters, digits, "-", "_" or ".", starting and ending with a letter or digit';

/** Labels a selector matches: keys and values as Kubernetes allows them. */
export const labelsSchema = z.record(
  z.string().refine(isLabelKey, {
    message: `must be ${labelKeyParams.expected}`,
    params: labelKeyParams,
  }),
  z
    .string({ invalid_type_error: 'label values must be strings' })
    .max(63, `must be ${labelValueExpected}`)
    .regex(
      new RegExp(`^(${LABEL_NAME.source.slice(1, -1)})?$`),
      `must be ${labelValueExpected}`,
    ),
);
