import type { Entity } from '@backstage/catalog-model';
import {
  KUBERNETES_NAMESPACE_ANNOTATION,
  KYMAROS_ANNOTATIONS,
} from '@kymaros/plugin-kymaros-common';

/** Shown in place of the namespaces when the entity names none. */
export const NAMESPACE_PLACEHOLDER = '<namespaces to restore>';

/**
 * The namespaces the opt-in would restore: those the entity already names
 * for Kymaros or the Kubernetes plugin, else a placeholder to replace.
 */
export function namespacesOf(entity: Entity): string | undefined {
  const annotations = entity.metadata.annotations ?? {};
  return (
    annotations[KYMAROS_ANNOTATIONS.namespaces]?.trim() ||
    annotations[KUBERNETES_NAMESPACE_ANNOTATION]?.trim() ||
    undefined
  );
}

/** The catalog-info.yaml lines that opt the entity in, ready to paste. */
export function optInSnippet(entity: Entity): string {
  const namespaces = namespacesOf(entity) ?? NAMESPACE_PLACEHOLDER;
  return [
    'metadata:',
    '  annotations:',
    `    ${KYMAROS_ANNOTATIONS.enabled}: "true"`,
    `    ${KYMAROS_ANNOTATIONS.namespaces}: ${JSON.stringify(namespaces)}`,
  ].join('\n');
}
