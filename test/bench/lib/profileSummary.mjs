// Where a V8 CPU profile's time went, as text: the share of one core by package (node_modules/<pkg>,
// plugins/<plugin>/src/<file>, node internals, GC), the Kymaros plugin by function, and the long
// tasks (the event-loop stalls), each with what ran.
// node test/bench/lib/profileSummary.mjs FILE [--probe FILE.probe.jsonl] [--top N] [--stall-ms N]
//   [--plugin kymaros-backend] [--from S] [--to S] [--whole] [--stack REGEX]... [--json]
// FILE: a .cpuprofile (e.g. from run.mjs --cpu-profile-idle FILE, then cut to the bench's idle
// window unless --whole; --from/--to cut it to seconds from its start instead). The probe's lines
// of the window (written beside it by run.mjs as FILE.probe.jsonl) add the event-loop delay each
// second. --stack REGEX adds the time of the samples with a frame ("function file:line") matching it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { probeLines } from './probeLines.mjs';

const SPECIAL = new Set([
  '(idle)',
  '(program)',
  '(garbage collector)',
  '(root)',
]);

/** What a call frame belongs to: a package, a plugin's source file, node itself, or V8. */
export function ownerOf(callFrame, plugin) {
  const { url, functionName } = callFrame;
  if (!url) return SPECIAL.has(functionName) ? functionName : undefined;
  const file = url.replace(/^file:\/\//, '');
  if (file.startsWith('node:')) return 'node internals';
  const modules = file.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const [a, b] = file.slice(modules + 14).split('/');
    return `node_modules/${a.startsWith('@') ? `${a}/${b}` : a}`;
  }
  const own = file.match(/\/plugins\/([^/]+)\/src\/(.*)$/);
  if (own)
    return own[1] === plugin ? `${plugin}/${own[2]}` : `plugins/${own[1]}`;
  const pkg = file.match(/\/packages\/([^/]+)\//);
  if (pkg) return `packages/${pkg[1]}`;
  if (file.includes('/test/bench/')) return 'bench probe';
  return file;
}

const nameOf = ({ functionName, url, lineNumber }) =>
  `${functionName || '(anonymous)'} ${
    url ? `${path.basename(url)}:${lineNumber + 1}` : '(native)'
  }`;

/**
 * Per sample: its duration (µs, up to the next sample), and for its node the owner of its self
 * time (a native or builtin function is charged to the JavaScript that called it), its function,
 * the owners anywhere on its stack and its origin (the first frame, from the root, that is
 * neither node nor V8: the task that started the work).
 */
export function analyse(
  profile,
  { plugin = 'kymaros-backend', fromUs = 0, toUs = Infinity } = {},
) {
  const byId = new Map(profile.nodes.map(n => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes)
    for (const c of n.children ?? []) parent.set(c, n.id);
  const info = new Map();
  const describe = id => {
    if (info.has(id)) return info.get(id);
    const node = byId.get(id);
    const up = parent.has(id) ? describe(parent.get(id)) : undefined;
    const own = ownerOf(node.callFrame, plugin);
    const owner = own ?? up?.jsOwner ?? '(native, no caller)';
    const jsOwner = own && !SPECIAL.has(own) ? own : up?.jsOwner;
    const onStack = new Set(up?.onStack ?? []);
    if (own && !SPECIAL.has(own)) onStack.add(own);
    const foreign =
      own &&
      !SPECIAL.has(own) &&
      own !== 'node internals' &&
      own !== 'bench probe';
    const origin = up?.origin ?? (foreign ? nameOf(node.callFrame) : undefined);
    const originOwner = up?.originOwner ?? (foreign ? own : undefined);
    // The function charged with the self time: the node's own, or for a native one, "native (caller)".
    const fn = own
      ? nameOf(node.callFrame)
      : `${node.callFrame.functionName || '(anonymous)'} (native) in ${
          up?.fn ?? '?'
        }`;
    const jsFn = own && !SPECIAL.has(own) ? nameOf(node.callFrame) : up?.jsFn;
    // The root's child: what the event loop called (timers, a microtask drain, an I/O callback…).
    const entry =
      up && parent.has(parent.get(id) ?? -1)
        ? up.entry
        : nameOf(node.callFrame);
    const frames = [...(up?.frames ?? []), nameOf(node.callFrame)];
    const pluginFrames = own?.startsWith(`${plugin}/`)
      ? [...(up?.pluginFrames ?? []), nameOf(node.callFrame)]
      : up?.pluginFrames ?? [];
    const d = {
      owner,
      jsOwner,
      onStack,
      origin,
      originOwner,
      fn,
      jsFn,
      entry,
      frames,
      pluginFrames,
    };
    info.set(id, d);
    return d;
  };
  const { samples, timeDeltas, startTime, endTime } = profile;
  let t = startTime;
  const times = samples.map((_, i) => (t += timeDeltas[i]));
  const durations = times.map((at, i) =>
    Math.max(0, (times[i + 1] ?? endTime) - at),
  );
  const from = Math.max(0, fromUs);
  const to = Math.min(endTime - startTime, toUs);
  return {
    fromUs: from,
    windowUs: to - from,
    samples: samples
      .map((id, i) => ({
        at: times[i] - startTime,
        us: durations[i],
        delta: timeDeltas[i],
        name: byId.get(id).callFrame.functionName,
        ...describe(id),
      }))
      .filter(s => s.at >= from && s.at < to),
  };
}

const add = (map, key, us) => map.set(key, (map.get(key) ?? 0) + us);
const sorted = map => [...map].sort((a, b) => b[1] - a[1]);

/**
 * Long tasks, at least `minMs`: consecutive samples that are not (idle) and enter from the same
 * place (the root's child: timers, a microtask drain, an I/O callback); garbage collection and
 * (program) samples belong to the task they interrupt. Back-to-back tasks entered the same way
 * read as one: the probe's event-loop delay says how long the loop really waited.
 */
export function longTasks(samples, minMs) {
  const out = [];
  let current;
  const close = () => {
    if (current && current.us >= minMs * 1000) out.push(current);
    current = undefined;
  };
  for (const s of samples) {
    if (s.name === '(idle)') {
      close();
      continue;
    }
    const interrupts = SPECIAL.has(s.name);
    if (current && !interrupts && current.entry && current.entry !== s.entry)
      close();
    current ??= { at: s.at, us: 0, samples: [] };
    if (!interrupts) current.entry ??= s.entry;
    current.us += s.us;
    current.samples.push(s);
  }
  close();
  return out;
}

export function summarize(profile, opts = {}) {
  const {
    plugin = 'kymaros-backend',
    top = 15,
    stallMs = 50,
    probe = [],
    stacks = [],
  } = opts;
  const { fromUs, windowUs, samples } = analyse(profile, { ...opts, plugin });
  const wallOf = atUs => wallAt(profile, atUs);
  const busy = samples.filter(s => s.name !== '(idle)');
  const busyUs = busy.reduce((a, s) => a + s.us, 0);
  const byOwner = new Map();
  const byPackage = new Map();
  const inclusive = new Map();
  const byOrigin = new Map();
  const byFunction = new Map();
  const pluginFunctions = new Map();
  const pluginInclusive = new Map();
  const pluginFiles = new Map();
  const packageFunctions = new Map();
  let pluginOnStackUs = 0;
  const byStack = new Map(stacks.map(re => [re, 0]));
  for (const s of busy) {
    for (const re of stacks)
      if (s.frames.some(f => new RegExp(re).test(f))) add(byStack, re, s.us);
    const pkg = s.owner.startsWith(`${plugin}/`) ? plugin : s.owner;
    add(byOwner, s.owner, s.us);
    add(byPackage, pkg, s.us);
    add(byOrigin, s.originOwner ?? '(none: node, V8 or GC only)', s.us);
    add(byFunction, s.fn, s.us);
    if (!packageFunctions.has(pkg)) packageFunctions.set(pkg, new Map());
    add(packageFunctions.get(pkg), s.fn, s.us);
    const owners = new Set(
      [...s.onStack].map(o => (o.startsWith(`${plugin}/`) ? plugin : o)),
    );
    for (const o of owners) add(inclusive, o, s.us);
    if (pkg === plugin) {
      add(pluginFunctions, s.fn, s.us);
      add(pluginFiles, s.owner.slice(plugin.length + 1), s.us);
    }
    if (owners.has(plugin)) {
      pluginOnStackUs += s.us;
      // The plugin's outermost function on this stack: which of its tasks the time is for.
      add(
        pluginInclusive,
        s.origin && s.originOwner?.startsWith(`${plugin}/`)
          ? s.origin
          : `(called from ${s.originOwner})`,
        s.us,
      );
    }
  }
  // Whole tasks with the plugin on a stack: its awaited queries and the collections it causes
  // count too (async continuations start from knex, not from the plugin).
  const pluginTaskUs = longTasks(samples, 0)
    .filter(t => t.samples.some(s => s.pluginFrames.length))
    .reduce((a, t) => a + t.us, 0);
  const tasks = longTasks(samples, stallMs).map(b => {
    const owners = new Map();
    const origins = new Map();
    const fns = new Map();
    const pluginFns = new Map();
    let gcUs = 0;
    for (const s of b.samples) {
      add(owners, s.owner.startsWith(`${plugin}/`) ? plugin : s.owner, s.us);
      add(origins, s.origin ?? '(node, V8 or GC only)', s.us);
      add(fns, s.fn, s.us);
      // The plugin's outermost function on the stack, if any.
      const own = s.pluginFrames[0];
      if (own) add(pluginFns, own, s.us);
      if (s.name === '(garbage collector)') gcUs += s.us;
    }
    const wallMs = wallOf(b.at);
    const endMs = wallMs && wallMs + b.us / 1000;
    return {
      atS: (b.at - fromUs) / 1e6,
      wallMs,
      ms: b.us / 1000,
      entry: b.entry,
      gcMs: gcUs / 1000,
      maxSampleGapMs: Math.max(...b.samples.map(s => s.delta)) / 1000,
      // A probe line reports the longest delay of the second before it: those overlapping the task.
      probeLagMaxMs: endMs
        ? Math.max(
            ...probe
              .filter(l => l.t > wallMs && l.t <= endMs + 1000)
              .map(l => l.lagMaxMs),
          )
        : undefined,
      owners: sorted(owners).slice(0, 4),
      origins: sorted(origins).slice(0, 3),
      functions: sorted(fns).slice(0, 4),
      pluginFunctions: sorted(pluginFns).slice(0, 4),
    };
  });
  const gaps = samples
    .filter(s => s.delta >= stallMs * 1000)
    .map(s => ({
      atS: (s.at - fromUs) / 1e6,
      ms: s.delta / 1000,
      before: s.fn,
    }));
  return {
    fromS: fromUs / 1e6,
    windowS: windowUs / 1e6,
    samples: samples.length,
    busyShare: busyUs / windowUs,
    gcShare: (byOwner.get('(garbage collector)') ?? 0) / windowUs,
    byPackage: sorted(byPackage),
    byOrigin: sorted(byOrigin),
    inclusive: sorted(inclusive),
    topFunctions: sorted(byFunction).slice(0, top),
    packageFunctions: sorted(byPackage)
      .slice(0, 6)
      .map(([pkg]) => [pkg, sorted(packageFunctions.get(pkg)).slice(0, 8)]),
    plugin: {
      name: plugin,
      selfShare: (byPackage.get(plugin) ?? 0) / windowUs,
      onStackShare: pluginOnStackUs / windowUs,
      taskShare: pluginTaskUs / windowUs,
      files: sorted(pluginFiles).slice(0, top),
      functions: sorted(pluginFunctions).slice(0, top),
      tasks: sorted(pluginInclusive).slice(0, top),
    },
    stacks: [...byStack],
    tasks: tasks.sort((a, b) => b.ms - a.ms),
    gaps,
    probe: probe.length
      ? {
          lines: probe.length,
          lagMaxMs: Math.max(...probe.map(l => l.lagMaxMs)),
          over50: probe.filter(l => l.lagMaxMs > 50).length,
          worst: [...probe]
            .sort((a, b) => b.lagMaxMs - a.lagMaxMs)
            .slice(0, 8)
            .map(l => ({
              atS: profile.wallStartMs
                ? (l.t - wallOf(fromUs)) / 1000
                : undefined,
              lagMaxMs: l.lagMaxMs,
              forcedGc: l.forcedGc,
            })),
        }
      : undefined,
  };
}

/** Wall clock (ms) of a time in the profile (µs from its start), if the probe recorded it. */
export function wallAt(profile, atUs) {
  if (!profile.wallStartMs) return undefined;
  if (profile.monotonicStartUs === undefined)
    return profile.wallStartMs + atUs / 1000;
  return (
    profile.wallStartMs +
    (profile.startTime + atUs - profile.monotonicStartUs) / 1000
  );
}

/** The bench's idle window in µs from the profile's start, if run.mjs wrote it into the profile. */
export function benchWindowOf(profile) {
  const w = profile.benchWindow;
  if (!w || profile.monotonicStartUs === undefined) return {};
  const at = ms =>
    profile.monotonicStartUs +
    (ms - profile.wallStartMs) * 1000 -
    profile.startTime;
  return { fromUs: at(w.startMs), toUs: at(w.endMs) };
}

const pct = (us, windowS) => `${((us / 1e6 / windowS) * 100).toFixed(2)} %`;
const ms = us => `${(us / 1000).toFixed(0)} ms`;

export function toText(r) {
  const out = [];
  const rows = (title, list, n = 15) => {
    out.push(`\n${title}`);
    for (const [k, us] of list.slice(0, n))
      out.push(
        `  ${pct(us, r.windowS).padStart(8)}  ${ms(us).padStart(9)}  ${k}`,
      );
  };
  out.push(
    `window ${r.windowS.toFixed(1)} s from ${r.fromS.toFixed(
      1,
    )} s into the profile (times below count from there), ${
      r.samples
    } samples; main thread busy ${(r.busyShare * 100).toFixed(
      1,
    )} % of one core (GC ${(r.gcShare * 100).toFixed(
      1,
    )} %); shares below are of one core over the window. Main thread only: the process's CPU also counts GC helper, compiler and libuv threads`,
  );
  rows(
    'Self time by package (a native function counts for its JavaScript caller):',
    r.byPackage,
    25,
  );
  rows(
    'By origin (first non-node frame from the root: which task started the work):',
    r.byOrigin,
  );
  rows('Inclusive (the package anywhere on the stack):', r.inclusive);
  rows('Top functions (self):', r.topFunctions, 25);
  for (const [pkg, fns] of r.packageFunctions)
    rows(`Top functions in ${pkg}:`, fns, 8);
  const p = r.plugin;
  out.push(
    `\n${p.name}: self ${(p.selfShare * 100).toFixed(
      2,
    )} % of a core; on the stack ${(p.onStackShare * 100).toFixed(
      2,
    )} % (its calls into knex, catalog client, JSON… included; work its promises resume elsewhere is not); whole tasks with it on a stack ${(
      p.taskShare * 100
    ).toFixed(
      2,
    )} % (its awaited queries and the collections inside them included: an upper bound)`,
  );
  rows(`${p.name} by file (self):`, p.files);
  rows(`${p.name} by function (self):`, p.functions);
  rows(
    `${p.name} by task (its outermost function on the stack, inclusive):`,
    p.tasks,
  );
  if (r.stacks.length) rows('With a frame matching:', r.stacks, 50);
  out.push(
    `\nLong tasks ≥ threshold (one entry from the event loop, no idle sample; the probe's delay says how long the loop waited): ${
      r.tasks.length
    }, ${(r.tasks.reduce((a, t) => a + t.ms, 0) / 1000).toFixed(1)} s in all`,
  );
  for (const s of r.tasks.slice(0, 15)) {
    out.push(
      `  at ${s.atS.toFixed(1)} s: ${s.ms.toFixed(0)} ms in ${
        s.entry
      } (GC ${s.gcMs.toFixed(
        0,
      )} ms, longest sample gap ${s.maxSampleGapMs.toFixed(0)} ms${
        Number.isFinite(s.probeLagMaxMs)
          ? `, probe's longest delay those seconds ${s.probeLagMaxMs.toFixed(
              0,
            )} ms`
          : ''
      })`,
    );
    const line = (label, list) =>
      list.length &&
      out.push(
        `      ${label}: ${list.map(([k, us]) => `${k} ${ms(us)}`).join(', ')}`,
      );
    line(`${r.plugin.name} (outermost)`, s.pluginFunctions);
    line('packages', s.owners);
    line('started by', s.origins);
    line('functions', s.functions);
  }
  if (r.gaps.length) {
    out.push(
      `\nSampling gaps ≥ threshold (the thread or the sampler was not scheduled, or one long native call): ${r.gaps.length}`,
    );
    for (const g of r.gaps.slice(0, 10))
      out.push(
        `  at ${g.atS.toFixed(1)} s: ${g.ms.toFixed(0)} ms, sample: ${
          g.before
        }`,
      );
  }
  if (r.probe) {
    out.push(
      `\nProbe: ${
        r.probe.lines
      } seconds, longest event-loop delay ${r.probe.lagMaxMs.toFixed(0)} ms, ${
        r.probe.over50
      } seconds with one > 50 ms; worst seconds:`,
    );
    for (const l of r.probe.worst)
      out.push(
        `  ${
          l.atS !== undefined ? `ending at ${l.atS.toFixed(1)} s` : ''
        }: ${l.lagMaxMs.toFixed(0)} ms${l.forcedGc ? ' (forced GC)' : ''}`,
      );
  }
  return out.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const argv = process.argv.slice(2);
  const value = name => {
    const i = argv.indexOf(name);
    return i < 0 ? undefined : argv[i + 1];
  };
  const file = argv[0];
  if (!file || file.startsWith('--')) {
    process.stderr.write(
      'usage: node test/bench/lib/profileSummary.mjs FILE [--probe FILE] [--top N] [--stall-ms N] [--plugin NAME] [--from S] [--to S] [--whole] [--json]\n',
    );
    process.exit(2);
  }
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const seconds = name => value(name) && Number(value(name)) * 1e6;
  const window = argv.includes('--whole')
    ? {}
    : value('--from') || value('--to')
    ? { fromUs: seconds('--from'), toUs: seconds('--to') }
    : benchWindowOf(profile);
  const fromWall = wallAt(profile, window.fromUs ?? 0);
  const toWall = wallAt(
    profile,
    window.toUs ?? profile.endTime - profile.startTime,
  );
  const probeFile = value('--probe') ?? `${file}.probe.jsonl`;
  // The seconds of the profiled window (a line closes the second before its t).
  const probe = probeLines(probeFile).filter(
    l => fromWall === undefined || (l.t > fromWall && l.t <= toWall + 1000),
  );
  const r = summarize(profile, {
    ...window,
    plugin: value('--plugin'),
    top: value('--top') ? Number(value('--top')) : undefined,
    stallMs: value('--stall-ms') ? Number(value('--stall-ms')) : undefined,
    stacks: argv.flatMap((a, i) => (a === '--stack' ? [argv[i + 1]] : [])),
    probe,
  });
  process.stdout.write(
    argv.includes('--json')
      ? `${JSON.stringify(r, null, 2)}\n`
      : `${toText(r)}\n`,
  );
}
