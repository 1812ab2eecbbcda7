import { errors, StatusCause } from '../api/status';
import type { ResourceType } from '../api/resources';
import type { KubeObject } from './types';

const dns1123Label = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const dns1123Subdomain =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const labelValue = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const qualifiedName =
  /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;

/** Kinds whose names must be DNS-1123 labels rather than subdomains. */
const labelNamedKinds = new Set(['Namespace', 'Service']);

export function labelMessage(value: string): string | undefined {
  if (value.length > 63) return 'must be no more than 63 characters';
  if (!dns1123Label.test(value)) {
    return "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
  }
  return undefined;
}

function subdomainMessage(value: string): string | undefined {
  if (value.length > 253) return 'must be no more than 253 characters';
  if (!dns1123Subdomain.test(value)) {
    return "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
  }
  return undefined;
}

/** Name and label rules the API server enforces on every write (422 Invalid). */
export function validateObjectMeta(type: ResourceType, obj: KubeObject): void {
  const causes: StatusCause[] = [];
  const name = obj.metadata.name;
  if (!name) {
    causes.push({
      reason: 'FieldValueRequired',
      message: 'Required value: name or generateName is required',
      field: 'metadata.name',
    });
  } else {
    const msg = labelNamedKinds.has(type.kind)
      ? labelMessage(name)
      : subdomainMessage(name);
    if (msg)
      causes.push({
        reason: 'FieldValueInvalid',
        message: `Invalid value: "${name}": ${msg}`,
        field: 'metadata.name',
      });
  }
  for (const [k, v] of Object.entries(obj.metadata.labels ?? {})) {
    if (!qualifiedName.test(k) || k.split('/').pop()!.length > 63) {
      causes.push({
        reason: 'FieldValueInvalid',
        message: `Invalid value: "${k}": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`,
        field: 'metadata.labels',
      });
    }
    if (typeof v !== 'string' || v.length > 63 || !labelValue.test(v)) {
      causes.push({
        reason: 'FieldValueInvalid',
        message: `Invalid value: "${v}": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character, and must be no more than 63 characters`,
        field: `metadata.labels`,
      });
    }
  }
  if (type.kind === 'ConfigMap' || type.kind === 'Secret') {
    for (const k of Object.keys({
      ...(obj.data ?? {}),
      ...(obj.stringData ?? {}),
    })) {
      if (!/^[-._a-zA-Z0-9]+$/.test(k)) {
        causes.push({
          reason: 'FieldValueInvalid',
          message: `Invalid value: "${k}": a valid config key must consist of alphanumeric characters, '-', '_' or '.'`,
          field: `data[${k}]`,
        });
      }
    }
  }
  if (causes.length)
    throw errors.invalid(type.kind, type.group, name ?? '', causes);
}
