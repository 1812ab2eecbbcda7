// Everything the suite starts or creates registers an undo step here. The steps are synchronous so
// they also run from 'exit' and signal handlers, where no promise would be awaited.
const steps = [];
let installed = false;

/** Registers a synchronous undo step; returns a function that runs it early (once). */
export function onCleanup(step) {
  const entry = { step, done: false };
  steps.push(entry);
  return () => runEntry(entry);
}

function runEntry(entry) {
  if (entry.done) return;
  entry.done = true;
  try {
    entry.step();
  } catch (e) {
    process.stderr.write(`cleanup step failed: ${e.message}\n`);
  }
}

/** Runs every undo step still pending, newest first. */
export function cleanupAll() {
  for (const entry of [...steps].reverse()) runEntry(entry);
}

/** Makes sure the undo steps run however the process ends: normal exit, Ctrl-C, kill, crash. */
export function installCleanupHandlers() {
  if (installed) return;
  installed = true;
  process.on('exit', cleanupAll);
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(signal, () => {
      process.stderr.write(
        `\n${signal}: stopping everything the crash suite started\n`,
      );
      cleanupAll();
      process.exit(130);
    });
  }
  process.on('uncaughtException', e => {
    process.stderr.write(`uncaught: ${e.stack ?? e}\n`);
    cleanupAll();
    process.exit(1);
  });
}
