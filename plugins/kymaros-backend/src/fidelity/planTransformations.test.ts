import { backupInventory } from './backupInventory';
import {
  planTransformations,
  type TransformationInput,
} from './planTransformations';
import { sandboxExcludedResourceNames } from './sandboxExcludedResources';
import { backupObject } from './__testUtils__/backupObjects';
import type { BackupItem } from '@kymaros/plugin-kymaros-node';

const input = (over: Partial<TransformationInput>): TransformationInput => ({
  namespaces: ['shop'],
  inventory: [],
  inventoryKnown: true,
  bodiesComplete: true,
  runJobs: false,
  ...over,
});
const suspend = { spec: { suspend: true } };
const tokenEdit = {
  resource: 'secrets',
  namespace: 'shop',
  when: [{ path: '/type', value: 'kubernetes.io/service-account-token' }],
  mergePatch: { data: null },
};

describe('planTransformations', () => {
  it('closes exposed Services by name, suspends CronJobs and Jobs, drops token data', () => {
    const objects = [
      backupObject('Service', 'shop/web', {
        spec: { type: 'LoadBalancer', ports: [{ port: 80, nodePort: 30080 }] },
      }),
      backupObject('Service', 'shop/np', { spec: { type: 'NodePort' } }),
      backupObject('Service', 'shop/db', {
        spec: { type: 'ClusterIP', externalIPs: ['203.0.113.7'] },
      }),
      backupObject('Service', 'shop/bare'),
      backupObject('CronJob', 'shop/nightly', { spec: {} }),
      backupObject('Job', 'shop/migrate', { spec: {} }),
      backupObject('Secret', 'shop/sa-token', {
        type: 'kubernetes.io/service-account-token',
      }),
      backupObject('Ingress', 'shop/web'),
      backupObject('NetworkPolicy', 'shop/deny'),
    ];
    const plan = planTransformations(
      input({ inventory: backupInventory(['shop'], undefined, { objects }) }),
    );
    expect(plan.excludedResources).toEqual(sandboxExcludedResourceNames);
    expect(plan.edits.map(e => [e.resource, e.name ?? '*'])).toEqual([
      ['services', 'web'],
      ['services', 'np'],
      ['cronjobs.batch', '*'],
      ['jobs.batch', '*'],
      ['secrets', '*'],
      ['services', '*'],
    ]);
    expect(plan.edits[0].mergePatch).toMatchObject({
      spec: { type: 'ClusterIP', ports: [{ port: 80 }] },
    });
    expect(plan.edits.slice(2)).toEqual([
      { resource: 'cronjobs.batch', namespace: 'shop', mergePatch: suspend },
      { resource: 'jobs.batch', namespace: 'shop', mergePatch: suspend },
      tokenEdit,
      {
        resource: 'services',
        namespace: 'shop',
        mergePatch: { spec: { externalIPs: null } },
      },
    ]);
    expect(plan.transformations).toEqual([
      {
        subject: 'Service shop/web',
        change: 'type LoadBalancer → ClusterIP',
        notTested: 'the external load balancer',
      },
      {
        subject: 'Service shop/np',
        change: 'type NodePort → ClusterIP',
        notTested: 'the node port',
      },
      {
        subject: 'Service shop/db',
        change: 'externalIPs removed',
        notTested: 'traffic to its external IPs',
      },
      {
        subject: 'CronJob shop/nightly',
        change: 'suspended',
        notTested: 'its schedule',
      },
      {
        subject: 'Job shop/migrate',
        change: 'suspended, not re-run',
        notTested: 'its run',
      },
      {
        subject: 'Secret shop/sa-token',
        change: 'service-account token data dropped',
        notTested: "the source cluster's token (the sandbox issues its own)",
      },
      {
        subject: 'Ingress shop/web',
        change: 'not restored',
        notTested: 'external routing',
      },
      {
        subject: 'NetworkPolicy shop/deny',
        change: 'not restored',
        notTested: "the app's own network policies; the sandbox's apply",
      },
    ]);
  });

  it('reports workloads that mount shared storage directly or use the host network', () => {
    const objects = [
      backupObject('Deployment', 'shop/files', {
        spec: {
          template: {
            spec: {
              hostNetwork: true,
              volumes: [{ name: 'a', nfs: { server: '10.0.0.5', path: '/x' } }],
            },
          },
        },
      }),
    ];
    const plan = planTransformations(
      input({ inventory: backupInventory(['shop'], undefined, { objects }) }),
    );
    expect(plan.transformations.map(t => [t.subject, t.change])).toEqual([
      [
        'Deployment shop/files',
        "mounts NFS 10.0.0.5:/x directly — shares the source's storage",
      ],
      [
        'Deployment shop/files',
        "uses the host network — not isolated by the sandbox's network policies",
      ],
    ]);
  });

  it('lets Jobs run when the test asks', () => {
    const inventory = backupInventory(['shop'], undefined, {
      objects: [backupObject('Job', 'shop/migrate', { spec: {} })],
    });
    const plan = planTransformations(input({ inventory, runJobs: true }));
    expect(plan.edits.map(e => e.resource)).not.toContain('jobs.batch');
    expect(plan.transformations).toEqual([]);
  });

  it('closes Services by type and lists kinds from the resource list without bodies', () => {
    const items: BackupItem[] = [
      { apiVersion: 'v1', kind: 'Service', namespace: 'shop', name: 'web' },
      {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        namespace: 'shop',
        name: 'nightly',
      },
      {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'Ingress',
        namespace: 'shop',
        name: 'web',
      },
      {
        apiVersion: 'admissionregistration.k8s.io/v1',
        kind: 'ValidatingWebhookConfiguration',
        name: 'hook',
      },
    ];
    const plan = planTransformations(
      input({
        inventory: backupInventory(['shop'], items, undefined),
        bodiesComplete: false,
      }),
    );
    expect(plan.edits.filter(e => e.resource === 'services')).toEqual([
      expect.objectContaining({
        namespace: 'shop',
        mergePatch: { spec: { externalIPs: null } },
      }),
      expect.objectContaining({
        namespace: 'shop',
        when: [{ path: '/spec/type', value: 'LoadBalancer' }],
      }),
      expect.objectContaining({
        namespace: 'shop',
        when: [{ path: '/spec/type', value: 'NodePort' }],
      }),
    ]);
    expect(plan.edits.some(e => e.resource === 'services' && e.name)).toBe(
      false,
    );
    expect(plan.transformations.map(t => t.subject)).toEqual([
      'CronJob shop/nightly',
      'Ingress shop/web',
      'ValidatingWebhookConfiguration hook',
      'Services of shop',
    ]);
  });

  it('says what every namespace had done to it when nothing of the backup could be read', () => {
    const plan = planTransformations(
      input({
        namespaces: ['shop', 'pay'],
        inventoryKnown: false,
        bodiesComplete: false,
      }),
    );
    expect(plan.edits).toHaveLength(2 * 6);
    expect(plan.transformations.map(t => t.subject)).toEqual([
      'Services of shop',
      'Services of pay',
      'CronJobs of shop',
      'CronJobs of pay',
      'Jobs of shop',
      'Jobs of pay',
      'Objects of the kinds sandboxes leave out',
    ]);
  });

  it('caps each kind of change so a large backup cannot bloat the report', () => {
    const objects = Array.from({ length: 5000 }, (_, i) =>
      backupObject('CronJob', `shop/c${i}`, { spec: {} }),
    );
    objects.push(
      backupObject('Service', 'shop/lb', { spec: { type: 'LoadBalancer' } }),
    );
    const plan = planTransformations(
      input({ inventory: backupInventory(['shop'], undefined, { objects }) }),
    );
    expect(plan.transformations).toHaveLength(27);
    expect(plan.transformations[25]).toEqual({
      subject: '… and 4,975 more',
      change: 'suspended',
      notTested: 'its schedule',
    });
    expect(plan.transformations[26].subject).toBe('Service shop/lb');
    expect(
      plan.edits.filter(e => e.resource === 'cronjobs.batch'),
    ).toHaveLength(1);
  });
});
