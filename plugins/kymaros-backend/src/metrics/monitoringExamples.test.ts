import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import {
  ATTR,
  METRICS,
  allPrometheusSeries,
  prometheusSeries,
} from './metricDefinitions';

const root = path.resolve(__dirname, '../../../..');
const read = (file: string) => fs.readFileSync(path.join(root, file), 'utf8');

/** Labels Prometheus adds or histograms carry, beside the instruments' own. */
const EXTRA_LABELS = ['le', 'instance', 'job', 'pod', 'otel_scope_name'];
const label = (attribute: string) => attribute.replace(/\./g, '_');

function ruleExpressions(): string[] {
  const rule = parse(read('examples/monitoring/prometheus-rule.yaml'));
  return rule.spec.groups.flatMap((group: { rules: { expr: string }[] }) =>
    group.rules.map(r => r.expr),
  );
}

function dashboardQueries(): string[] {
  const dashboard = JSON.parse(
    read('examples/monitoring/grafana-dashboard.json'),
  );
  const variables = dashboard.templating.list
    .filter((v: { type: string }) => v.type === 'query')
    .map((v: { query: { query: string } }) => v.query.query);
  const targets = dashboard.panels.flatMap(
    (panel: { targets?: { expr: string }[] }) =>
      (panel.targets ?? []).map(t => t.expr),
  );
  return [...variables, ...targets];
}

/** For each series, the labels its selectors may name. */
function labelsBySeries(): Map<string, Set<string>> {
  const labels = new Map<string, Set<string>>();
  for (const definition of Object.values(METRICS)) {
    for (const series of prometheusSeries(definition))
      labels.set(
        series,
        new Set([...definition.attributes.map(label), ...EXTRA_LABELS]),
      );
  }
  return labels;
}

/** What an expression gets wrong: unknown names, or labels its series lacks. */
function problems(expression: string): string[] {
  const series = labelsBySeries();
  const labels = new Set(Object.values(ATTR).map(label));
  const found: string[] = [];
  for (const [token] of expression.matchAll(/\bkymaros_[a-z0-9_]+/g)) {
    if (!series.has(token) && !labels.has(token))
      found.push(`${token} is neither a series nor a label`);
  }
  for (const [, name, matchers] of expression.matchAll(
    /\b(kymaros_[a-z0-9_]+)\s*\{([^}]*)\}/g,
  )) {
    for (const [, key] of matchers.matchAll(/(\w+)\s*(?:=~|!~|!=|=)/g)) {
      if (!series.get(name)?.has(key))
        found.push(`${name} has no label ${key}`);
    }
  }
  return found;
}

describe('the monitoring examples', () => {
  it('name only series and labels the Prometheus exporter exposes', () => {
    const expressions = [...ruleExpressions(), ...dashboardQueries()];
    expect(expressions.length).toBeGreaterThan(10);
    expect(expressions.flatMap(problems)).toEqual([]);
  });

  it('catch a name that drifted', () => {
    expect(problems('kymaros_test_rto_seconds > 0')).toEqual([
      'kymaros_test_rto_seconds is neither a series nor a label',
    ]);
    expect(problems('kymaros_tests{kymaros_result="fail"}')).toEqual([
      'kymaros_tests has no label kymaros_result',
    ]);
  });

  it('alert on score, RTO, staleness, cleanups and backup age', () => {
    const rules = ruleExpressions().join('\n');
    for (const series of [
      'kymaros_test_score',
      'kymaros_test_rto_measured',
      'kymaros_test_rto_target',
      'kymaros_test_last_run_timestamp',
      'kymaros_cleanup_failures_total',
      'kymaros_test_backup_age',
      'kymaros_test_rpo_target',
    ])
      expect(rules).toContain(series);
  });
});

describe('docs/metrics.md', () => {
  it('describes every instrument, its unit and its Prometheus series', () => {
    const docs = read('docs/metrics.md');
    for (const definition of Object.values(METRICS)) {
      expect(docs).toContain(`\`${definition.name}\``);
      expect(docs).toContain(`\`${definition.unit}\``);
    }
    for (const series of allPrometheusSeries()) expect(docs).toContain(series);
  });
});
