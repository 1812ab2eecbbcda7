import type { CheckSettingsIssue } from '@kymaros/plugin-kymaros-node';

/**
 * Why a check definition is unusable, as facts: the runner and the
 * definition loader word them each their own way.
 */
export type CheckProblem =
  | { kind: 'noName' }
  | { kind: 'duplicateName' }
  | { kind: 'noType' }
  | { kind: 'unknownType'; type: string; known: string[] }
  | { kind: 'noSettings'; type: string }
  /** A common field (`timeout`, `retries`…) or a setting (`httpGet.port`), by its path from the check. */
  | {
      kind: 'invalidField';
      path: (string | number)[];
      issue: CheckSettingsIssue;
    }
  | { kind: 'dependsOnNotList' }
  | { kind: 'unknownDependency'; dependency: string }
  | { kind: 'cycle'; cycle: string };

/** Top-level fields read as a sentence (`retries must be…`); settings and reasons that are not a rule take a colon. */
function fieldText(path: (string | number)[], message: string): string {
  return path.length === 1 && message.startsWith('must ')
    ? `${path[0]} ${message}`
    : `${path.join('.')}: ${message}`;
}

/** A problem as a check result states it; `name` is the check's name or `check #n`. */
export function describeCheckProblem(
  name: string,
  problem: CheckProblem,
): string {
  switch (problem.kind) {
    case 'noName':
      return `${name} has no name`;
    case 'duplicateName':
      return `duplicate check name "${name}": names must be unique`;
    case 'noType':
      return `check "${name}" has no type`;
    case 'unknownType':
      return `unknown check type "${problem.type}" (known: ${problem.known.join(
        ', ',
      )})`;
    case 'noSettings':
      return `${problem.type} check "${name}" needs a ${problem.type} block`;
    case 'invalidField':
      return fieldText(problem.path, problem.issue.message);
    case 'dependsOnNotList':
      return 'dependsOn must be a list of check names';
    case 'unknownDependency':
      return `dependsOn names unknown check "${problem.dependency}"`;
    default:
      return `dependsOn cycle: ${problem.cycle}`;
  }
}
