import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { Scenario, ScenarioInput, scenarioSchema } from './schema';
import { describeError } from '../describeError';

/** Reads and validates a scenario file, naming the file and the offending field on error. */
export function loadScenarioFile(path: string): Scenario {
  let raw: unknown;
  try {
    raw = parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new Error(`Cannot read scenario ${path}: ${describeError(e)}`);
  }
  return parseScenario(raw ?? {}, path);
}

export function parseScenario(
  raw: unknown | ScenarioInput,
  source = 'scenario',
): Scenario {
  const result = scenarioSchema.safeParse(raw);
  if (!result.success) {
    const issues = result.error.issues
      .map(i => `${i.path.join('.') || '(root)'}: ${i.message}`)
      .join('; ');
    throw new Error(`Invalid ${source}: ${issues}`);
  }
  return result.data;
}
