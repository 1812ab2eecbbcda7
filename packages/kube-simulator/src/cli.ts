import { resolve } from 'node:path';
import { startSimulator } from './Simulator';
import { demoScenarioPath } from './paths';

const usage = `Usage: kube-simulator [options]

Starts a Kubernetes API server and Velero double on loopback and writes a kubeconfig for it.

Options:
  --scenario <file|demo|empty>  scenario to load (default: demo)
  --host <address>              address to listen on (default: 127.0.0.1)
  --port <port>                 port to listen on (default: 6443; 0 picks a free one)
  --no-tls                      serve plain HTTP instead of HTTPS
  --token <token>               bearer token clients must send (default: random)
  --kubeconfig <file>           where to write the kubeconfig (default: .kube-simulator/kubeconfig)
  --help                        show this text
`;

function parseArgs(argv: string[]) {
  const flags: Record<string, string | boolean> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--help' || a === '-h') flags.help = true;
    else if (a === '--no-tls') flags.tls = false;
    else if (a.startsWith('--')) {
      const [key, inline] = a.slice(2).split('=', 2);
      const value = inline ?? argv[++i];
      if (value === undefined) throw new Error(`Option --${key} needs a value`);
      flags[key] = value;
    } else throw new Error(`Unexpected argument "${a}"`);
  }
  return flags;
}

async function main() {
  const flags = parseArgs(process.argv.slice(2));
  if (flags.help) {
    process.stdout.write(usage);
    return;
  }
  const known = new Set([
    'scenario',
    'host',
    'port',
    'tls',
    'token',
    'kubeconfig',
  ]);
  const unknown = Object.keys(flags).filter(k => !known.has(k));
  if (unknown.length)
    throw new Error(`Unknown option --${unknown[0]}\n\n${usage}`);
  const scenarioArg = String(flags.scenario ?? 'demo');
  const port = Number(flags.port ?? 6443);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error(`Invalid --port "${flags.port}"`);
  const kubeconfigPath = resolve(
    String(flags.kubeconfig ?? '.kube-simulator/kubeconfig'),
  );
  const namedScenarios: Record<string, string | object> = {
    demo: demoScenarioPath,
    empty: {},
  };
  const sim = await startSimulator({
    scenario: namedScenarios[scenarioArg] ?? scenarioArg,
    host: flags.host ? String(flags.host) : undefined,
    port,
    tls: flags.tls !== false,
    token: flags.token ? String(flags.token) : undefined,
    kubeconfigPath,
    log: m => process.stdout.write(`${m}\n`),
  });
  process.stdout.write(
    `kubeconfig written to ${kubeconfigPath}\n  try: KUBECONFIG=${kubeconfigPath} kubectl get namespaces\n`,
  );
  const shutdown = async () => {
    await sim.stop();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch(e => {
  process.stderr.write(
    `kube-simulator: ${e instanceof Error ? e.message : String(e)}\n`,
  );
  process.exit(1);
});
