import type { BackupObject } from '@kymaros/plugin-kymaros-node';
import { jsonPointer } from './jsonPointer';
import { podTemplateOf } from './podTemplates';

/** A string in an object that may name a Service, where it is and how the report names it. */
export interface ReferenceField {
  pointer: string;
  /** `env DB_HOST of container web`, `data.app.properties`, `spec.externalName`. */
  field: string;
  value: string;
}

type Keys = (string | number)[];

function containerFields(
  path: Keys,
  spec: Record<string, any>,
): ReferenceField[] {
  const fields: ReferenceField[] = [];
  for (const [list, label] of [
    ['initContainers', 'init container'],
    ['containers', 'container'],
  ] as const) {
    const containers: unknown = spec[list];
    if (!Array.isArray(containers)) continue;
    containers.forEach((c, i) => {
      const at = [...path, list, i];
      const of = `of ${label} ${c?.name ?? i}`;
      (Array.isArray(c?.env) ? c.env : []).forEach((e: any, j: number) => {
        if (typeof e?.value === 'string')
          fields.push({
            pointer: jsonPointer([...at, 'env', j, 'value']),
            field: `env ${e.name} ${of}`,
            value: e.value,
          });
      });
      for (const key of ['command', 'args'] as const) {
        (Array.isArray(c?.[key]) ? c[key] : []).forEach(
          (v: unknown, j: number) => {
            if (typeof v === 'string')
              fields.push({
                pointer: jsonPointer([...at, key, j]),
                field: `${key} ${of}`,
                value: v,
              });
          },
        );
      }
    });
  }
  return fields;
}

/**
 * The strings of an object where a Service is named: containers' and init
 * containers' env values, command and args (every workload's pod template),
 * ConfigMap data, an ExternalName Service's target. Secrets are read
 * elsewhere: their values never go into a restore edit.
 */
export function referenceFields(object: BackupObject): ReferenceField[] {
  const body = object.body ?? {};
  if (object.kind === 'ConfigMap' && object.apiVersion === 'v1') {
    return Object.entries(body.data ?? {})
      .filter((e): e is [string, string] => typeof e[1] === 'string')
      .map(([key, value]) => ({
        pointer: jsonPointer(['data', key]),
        field: `data.${key}`,
        value,
      }));
  }
  if (object.kind === 'Service' && object.apiVersion === 'v1') {
    const name = body.spec?.externalName;
    return typeof name === 'string'
      ? [
          {
            pointer: '/spec/externalName',
            field: 'spec.externalName',
            value: name,
          },
        ]
      : [];
  }
  const template = podTemplateOf(object);
  return template ? containerFields(template.path, template.spec) : [];
}
