import type { RestoreReport } from '@kymaros/plugin-kymaros-common';
import { stringify } from 'yaml';

/**
 * A report as `kubectl get rr <name> -o yaml` prints one: block style,
 * sequences not indented under their key, long strings on one line, and
 * strings that YAML 1.1 readers would take for something else (times,
 * `yes`, `on`, numbers) quoted, as Kubernetes' own YAML writer does.
 */
export function reportToYaml(report: RestoreReport): string {
  return stringify(report, {
    version: '1.1',
    lineWidth: 0,
    indentSeq: false,
  });
}
