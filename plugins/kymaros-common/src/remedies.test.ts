import type { RunEvidence } from './evidence';
import { remediesFor } from './remedies';
import { VALIDATION_LEVELS, type ValidationLevelKey } from './scoring';
import type { LevelResult, RestoreReport, RestoreReportStatus } from './types';

const pass = (maxPoints: number): LevelResult => ({
  status: 'pass',
  detail: '',
  tested: [],
  failed: [],
  notTested: [],
  points: maxPoints,
  maxPoints,
});

function report(
  status: Partial<Omit<RestoreReportStatus, 'validationLevels'>> & {
    levels?: Partial<Record<ValidationLevelKey, Partial<LevelResult>>>;
  } = {},
): RestoreReport {
  const { levels = {}, ...rest } = status;
  return {
    apiVersion: 'restore.kymaros.io/v1alpha1',
    kind: 'RestoreReport',
    metadata: { name: 'r', labels: {}, creationTimestamp: '' },
    spec: { testRef: 't' },
    status: {
      score: 50,
      result: 'fail',
      startedAt: '',
      completedAt: '',
      rto: { measured: '1m', withinSLA: true, phases: [] },
      backup: { name: 'b', age: '1h', size: '' },
      checks: [],
      completeness: {} as any,
      provider: 'velero',
      validationLevels: Object.fromEntries(
        VALIDATION_LEVELS.map(l => [
          l.key,
          { ...pass(l.points), ...levels[l.key] },
        ]),
      ) as RestoreReportStatus['validationLevels'],
      ...rest,
    },
  };
}

/** The demo's orders run: its database is OOMKilled, then crash-loops. */
const orders = report({
  levels: {
    podStartup: {
      status: 'fail',
      detail:
        'Pod orders-postgres-0 entered CrashLoopBackOff: container OOMKilled',
      failed: ['orders-postgres'],
    },
  },
  checks: [
    {
      name: 'postgres-pod-ready',
      status: 'fail',
      duration: '19s',
      message:
        '0/1 pods ready (min: 1) after 19s; Pod orders-postgres-0 not Ready: CrashLoopBackOff — OOMKilled (restarts: 20)',
    },
  ],
});

const ordersEvidence: RunEvidence = {
  podLogs: [
    {
      podName: 'orders-postgres-0',
      namespace: 'kymaros-orders-lznu4i',
      sourceNamespace: 'orders',
      phase: 'Running',
      containers: [
        {
          name: 'postgres',
          type: 'container',
          log: 'LOG:  starting again',
          truncated: false,
          totalLines: 1,
        },
        {
          name: 'postgres',
          type: 'previous',
          log: `${Array.from({ length: 12 }, (_, i) => `line ${i}`).join(
            '\n',
          )}\nLOG:  server process (PID 57) was terminated by signal 9: Killed\n`,
          truncated: false,
          totalLines: 13,
        },
      ],
    },
  ],
  events: [],
};

describe('remediesFor', () => {
  it('tells an OOMKilled pod to compare its limit with the sandbox LimitRange and quota, once', () => {
    const remedies = remediesFor(orders);
    expect(remedies).toHaveLength(1);
    expect(remedies[0]).toMatchObject({
      title:
        'Pod orders-postgres-0 was OOMKilled: a container used more memory than its limit',
      level: 'podStartup',
      evidenceAnchor: 'kymaros-evidence',
    });
    expect(remedies[0].steps.join(' ')).toMatch(
      /sandbox\.limitRange\.defaultMemory.*sandbox\.resourceQuota\.memory/,
    );
  });

  it('quotes the log tail of the instance that died and links to the pod when the evidence is given', () => {
    const [oom] = remediesFor(orders, ordersEvidence);
    expect(oom.evidenceAnchor).toBe(
      'kymaros-evidence-pod-kymaros-orders-lznu4i-orders-postgres-0',
    );
    const lines = oom.logTail!.split('\n');
    expect(lines).toHaveLength(10);
    expect(lines.at(-1)).toBe(
      'LOG:  server process (PID 57) was terminated by signal 9: Killed',
    );
  });

  it("reads the pod's kept state when the evidence has it, whatever the texts say", () => {
    const r = report({
      levels: {
        podStartup: {
          status: 'fail',
          detail: '0/1 pods Ready',
          failed: ['orders-postgres'],
        },
      },
    });
    const kept: RunEvidence = {
      ...ordersEvidence,
      podLogs: [
        {
          ...ordersEvidence.podLogs[0],
          ready: false,
          containerStates: [
            {
              name: 'postgres',
              init: false,
              ready: false,
              restartCount: 8,
              state: { state: 'waiting', reason: 'CrashLoopBackOff' },
              lastTermination: {
                state: 'terminated',
                reason: 'OOMKilled',
                exitCode: 137,
              },
            },
          ],
        },
      ],
    };
    expect(remediesFor(r, kept).map(x => x.title)).toEqual([
      'Pod orders-postgres-0 was OOMKilled: a container used more memory than its limit',
    ]);
    expect(remediesFor(r)).toEqual([]);
  });

  it("quotes the provider's own errors when the run kept them", () => {
    const r = report({
      levels: {
        restoreIntegrity: {
          status: 'fail',
          detail:
            'Velero restore partially failed, 14/15 items restored without error',
        },
      },
    });
    const [partial, webhook] = remediesFor(r, {
      podLogs: [],
      events: [],
      restore: {
        provider: 'velero',
        restoreName: 'kymaros-x',
        warnings: [],
        errors: [
          'error restoring secrets/search/creds: admission webhook "policy.example.com" denied the request: owner label required',
        ],
      },
    });
    expect(partial.steps[0]).toBe(
      'The provider\'s own error: error restoring secrets/search/creds: admission webhook "policy.example.com" denied the request: owner label required',
    );
    expect(webhook.title).toBe(
      'Admission webhook policy.example.com refused restored objects: owner label required',
    );
    // an exemption by label alone would let anyone escape the policy
    expect(webhook.steps.join(' ')).toMatch(
      /kymaros\.io\/managed-by=kymaros-backstage.*no boundary on its own/,
    );
  });

  it('gives a crash loop that is not OOMKilled its log tail', () => {
    const r = report({
      levels: {
        podStartup: {
          status: 'fail',
          detail:
            'Pod orders-postgres-0 entered CrashLoopBackOff: container exited with code 1',
        },
      },
    });
    const [remedy] = remediesFor(r, ordersEvidence);
    expect(remedy.title).toBe(
      'Pod orders-postgres-0 keeps crashing (CrashLoopBackOff)',
    );
    expect(remedy.logTail).toMatch(/terminated by signal 9/);
  });

  it('asks whether the registry credentials were restored when an image cannot be pulled', () => {
    const r = report({
      levels: {
        podStartup: {
          status: 'fail',
          detail:
            'Pod web-1 did not reach Ready state within 2m0s: ImagePullBackOff: Back-off pulling image "registry.example.com/web:1.2"',
        },
      },
    });
    const [remedy] = remediesFor(r);
    expect(remedy.title).toBe('Pod web-1 cannot pull its image');
    expect(remedy.steps[0]).toMatch(/imagePullSecrets.*restored/);
  });

  it('explains Pending pods and quota refusals, quoting the events', () => {
    const r = report({
      levels: {
        podStartup: {
          status: 'fail',
          detail:
            'Pod api-0 did not reach Ready state within 2m0s: Pending — Unschedulable: 0/3 nodes are available: 3 Insufficient memory; web: 2 pods never created',
        },
      },
    });
    const evidence: RunEvidence = {
      podLogs: [],
      events: [
        {
          namespace: 'kymaros-web-x',
          type: 'Warning',
          reason: 'FailedCreate',
          message:
            'pods "web-abc" is forbidden: exceeded quota: kymaros-quota, requested: limits.memory=2Gi, used: limits.memory=3Gi, limited: limits.memory=4Gi',
          involvedObject: 'ReplicaSet/web-abc',
          lastTimestamp: '',
          count: 3,
        },
      ],
    };
    const [remedy] = remediesFor(r, evidence);
    expect(remedy.title).toBe(
      'Pod api-0 could not be created within the sandbox quota',
    );
    expect(remedy.steps[0]).toMatch(/sandbox\.resourceQuota/);
    expect(remedy.steps.join('\n')).toMatch(
      /ReplicaSet\/web-abc: FailedCreate: pods "web-abc" is forbidden: exceeded quota/,
    );
    expect(remediesFor(r)[0].title).toBe('Pod api-0 could not be scheduled');
  });

  it("exempts sandboxes from a denying webhook by their label, and quotes a partially failed restore's own error", () => {
    const r = report({
      result: 'partial',
      levels: {
        restoreIntegrity: {
          status: 'fail',
          detail:
            'Velero restore partially failed, 14/15 items restored without error: kymaros-catalog-search-8zsodc: error restoring secret kymaros-catalog-search-8zsodc/search-opensearch-credentials: admission webhook "secrets-policy.example.com" denied the request: secret must carry an owner label',
          failed: ['search-nightly-20261122010000'],
        },
      },
    });
    const [partial, webhook] = remediesFor(r);
    expect(partial).toMatchObject({
      title:
        'The restore partially failed: Velero could not restore every item',
      level: 'restoreIntegrity',
      evidenceAnchor: 'kymaros-evidence',
    });
    expect(partial.steps[0]).toBe(
      'The provider\'s own error: kymaros-catalog-search-8zsodc: error restoring secret kymaros-catalog-search-8zsodc/search-opensearch-credentials: admission webhook "secrets-policy.example.com" denied the request: secret must carry an owner label',
    );
    expect(webhook.title).toBe(
      'Admission webhook secrets-policy.example.com refused restored objects: secret must carry an owner label',
    );
    expect(webhook.steps[1]).toMatch(
      /kymaros\.io\/managed-by=kymaros-backstage/,
    );
    expect(webhook.snippet).toContain(
      '        - key: kymaros.io/managed-by\n          operator: NotIn\n          values: [kymaros-backstage]',
    );
  });

  it('leaves sandboxes out of a denying admission policy by their label', () => {
    const r = report({
      result: 'partial',
      levels: {
        restoreIntegrity: {
          status: 'fail',
          detail:
            "Velero restore partially failed, 5/7 items restored without error: kymaros-denied-x1y2z3: error restoring configmaps/kymaros-denied-x1y2z3/forbidden-flags: configmaps \"forbidden-flags\" is forbidden: ValidatingAdmissionPolicy 'deny-forbidden' with binding 'deny-forbidden-sandboxes' denied request: sandbox ConfigMaps may not be named forbidden-*",
          failed: ['denied-20261206'],
        },
      },
    });
    const policy = remediesFor(r).find(x => /Admission policy/.test(x.title))!;
    expect(policy.title).toBe(
      'Admission policy deny-forbidden refused restored objects: sandbox ConfigMaps may not be named forbidden-*',
    );
    expect(policy.steps[1]).toMatch(
      /binding deny-forbidden-sandboxes: they carry the label kymaros\.io\/managed-by=kymaros-backstage/,
    );
    expect(policy.snippet).toContain(
      '# in the ValidatingAdmissionPolicyBinding deny-forbidden-sandboxes',
    );
    expect(policy.level).toBe('restoreIntegrity');
  });

  it('offers a Velero Schedule covering the namespaces no backup covers', () => {
    const r = report({
      score: 0,
      detail:
        'No eligible velero backup covers namespaces web, data: nothing to restore',
      backup: { name: '', age: '', size: '' },
    });
    const [remedy] = remediesFor(r);
    expect(remedy.title).toBe(
      'No Velero backup covers web, data: there was nothing to restore',
    );
    expect(remedy.snippet).toContain(
      'kind: Schedule\nmetadata:\n  name: web-daily\n  namespace: velero',
    );
    expect(remedy.snippet).toContain(
      '    includedNamespaces:\n      - web\n      - data\n',
    );
  });

  it("speaks each provider's language: a Kasten policy, a KubeStash BackupConfiguration per namespace", () => {
    const noBackup = (provider: string) =>
      remediesFor(
        report({
          provider,
          score: 0,
          detail: `No eligible ${provider} backup covers namespaces web, data: nothing to restore`,
          backup: { name: '', age: '', size: '' },
        }),
      )[0];
    const kasten = noBackup('kasten');
    expect(kasten.title).toBe(
      'No Kasten K10 backup covers web, data: there was nothing to restore',
    );
    expect(kasten.snippet).toContain('kind: Policy');
    expect(kasten.snippet).toContain('values: [web, data]');
    const kubestash = noBackup('kubestash');
    expect(kubestash.snippet?.split('\n---\n')).toHaveLength(2);
    expect(kubestash.snippet).toContain('kind: BackupConfiguration');
    expect(kubestash.snippet).toContain('  namespace: data');
    // A tool "What to fix" does not know gets plain sentences, never another tool's YAML.
    const other = noBackup('stork');
    expect(other.title).toMatch(/^No Stork backup covers/);
    expect(other.snippet).toBeUndefined();
    expect(other.steps.join(' ')).not.toMatch(/velero|kasten|kubestash/i);
  });

  it('names the provider’s own commands for missing objects', () => {
    const missing = (provider: string) =>
      remediesFor(
        report({
          provider,
          sandboxes: [{ source: 'web', sandbox: 'kymaros-web-x' }],
          completenessDetail: [
            {
              namespace: 'web',
              kind: 'ConfigMap',
              expected: 1,
              found: 0,
              missing: ['flags'],
            } as any,
          ],
        }),
      )
        .map(r => r.steps.join(' '))
        .join(' ');
    expect(missing('kasten')).toContain(
      '/restorepoints/<restore point>/details',
    );
    expect(missing('velero')).toContain('velero backup describe <backup>');
    expect(missing('stork')).not.toMatch(/velero|kubectl/);
  });

  it('flags a backup older than its RPO target, and not one within it', () => {
    const stale = report({
      rpo: {
        backupAge: '6d0h',
        backupAgeMs: 518_400_000,
        target: '24h',
        targetMs: 86_400_000,
        withinTarget: false,
      },
    });
    expect(remediesFor(stale)).toEqual([
      expect.objectContaining({
        title: 'The backup was 6d0h old, over its 24h RPO target',
      }),
    ]);
    expect(
      remediesFor(
        report({
          rpo: {
            backupAge: '2h',
            backupAgeMs: 7_200_000,
            target: '24h',
            targetMs: 86_400_000,
            withinTarget: true,
          },
        }),
      ),
    ).toEqual([]);
  });

  it('lists missing objects per kind, from the completeness detail or from an older report', () => {
    const r = report({
      completenessDetail: [
        {
          kind: 'Secret',
          namespace: 'search',
          expected: 2,
          actual: 1,
          missing: ['search-opensearch-credentials'],
        },
        {
          kind: 'ConfigMap',
          namespace: 'search',
          expected: 3,
          actual: 1,
          missing: ['a', 'b'],
        },
        {
          kind: 'Service',
          namespace: 'search',
          expected: 1,
          actual: 1,
          missing: [],
        },
      ],
    });
    expect(remediesFor(r).map(x => x.title)).toEqual([
      '1 Secret missing from the sandbox: search/search-opensearch-credentials',
      '2 ConfigMaps missing from the sandbox: search/a, search/b',
    ]);
    expect(remediesFor(r)[0].steps.join(' ')).toMatch(/External Secrets/);
    const old = report({
      levels: {
        completeness: {
          status: 'fail',
          detail: '5/6 resources found in sandbox',
          notTested: ['search/Secret/search-opensearch-credentials'],
        },
      },
    });
    delete (old.status.validationLevels.completeness as any).failed;
    expect(remediesFor(old).map(x => x.title)).toEqual([
      '1 Secret missing from the sandbox: search/search-opensearch-credentials',
    ]);
  });

  it('names the quota a sandbox needs when the workloads did not fit, even on a run stopped before the restore', () => {
    const shortfall = report({
      result: 'error',
      detail:
        'The workloads of namespace shop request 6 CPU and 12Gi memory in all, above the sandbox quota (cpu 4, memory 8Gi): raise spec.sandbox.resourceQuota (or set resourceQuota.auto: true) to at least cpu 6, memory 12Gi; ' +
        "The workloads of namespace jobs request 120 pods in all, above the automatic quota's cap (kymaros.sandbox.autoQuotaMax: pods 100): raise kymaros.sandbox.autoQuotaMax (or set spec.sandbox.resourceQuota beside auto) to at least pods 120",
    });
    const [fixed, capped, ...rest] = remediesFor(shortfall);
    expect(rest).toEqual([]);
    expect(fixed.title).toBe(
      'The workloads of namespace shop request more than the sandbox quota: at least cpu 6, memory 12Gi',
    );
    expect(fixed.steps[0]).toBe(
      'Raise spec.sandbox.resourceQuota in the RestoreTest to at least cpu 6, memory 12Gi (a test that sets none takes kymaros.sandbox.resourceQuota from app-config).',
    );
    expect(fixed.steps[1]).toMatch(
      /resourceQuota\.auto: true.*kymaros\.sandbox\.autoQuotaMax/,
    );
    expect(fixed.snippet).toBe(
      'spec:\n  sandbox:\n    resourceQuota:\n      cpu: "6"\n      memory: 12Gi',
    );
    expect(capped.title).toBe(
      'The workloads of namespace jobs request more than kymaros.sandbox.autoQuotaMax lets an automatic quota give: at least pods 120',
    );
    expect(capped.steps[0]).toMatch(
      /^Raise kymaros\.sandbox\.autoQuotaMax in app-config to at least pods 120/,
    );
    expect(capped.snippet).toBe(
      'kymaros:\n  sandbox:\n    autoQuotaMax:\n      pods: 120',
    );
    // The same sentence in a failed run's level detail reads the same, once.
    const inLevel = report({
      levels: {
        restoreIntegrity: { status: 'fail', detail: shortfall.status.detail! },
      },
      detail: shortfall.status.detail,
    });
    expect(remediesFor(inLevel).map(r => r.title)).toEqual([
      fixed.title,
      capped.title,
    ]);
  });

  it('has nothing to say of a passing run, nor of a run that could not be evaluated', () => {
    expect(remediesFor(report({ result: 'pass', score: 100 }))).toEqual([]);
    expect(
      remediesFor(
        report({
          result: 'error',
          detail: 'Cluster unreachable: Pod x-0 OOMKilled',
        }),
      ),
    ).toEqual([]);
  });
});
