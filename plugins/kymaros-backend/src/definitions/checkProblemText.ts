import type { z } from 'zod';
import { CheckProblem, describeCheckProblem } from '../checks/checkProblem';
import { quote } from './quote';
import { issueText } from './restoreTestSchema';

/**
 * A check's planning problem as the definition loader states it: under the
 * check's name, and without repeating a rejected value.
 */
export function checkProblemText(name: string, problem: CheckProblem): string {
  const label = `check ${quote(name)}`;
  switch (problem.kind) {
    case 'duplicateName':
      return `${label}: the name is used twice`;
    case 'unknownType':
      return `${label}: unknown type ${quote(
        problem.type,
      )} (known: ${problem.known.join(', ')})`;
    case 'noSettings':
      return `${label}: type ${problem.type} needs a "${problem.type}" block`;
    case 'invalidField':
      return `${label}: ${problem.path.join('.')}: ${issueText(
        problem.issue as z.ZodIssue,
      )}`;
    case 'unknownDependency':
      return `${label}: dependsOn names unknown check ${quote(
        problem.dependency,
      )}`;
    case 'dependsOnNotList':
    case 'cycle':
      return `${label}: ${describeCheckProblem(name, problem)}`;
    default:
      // The runner's wording already names the check (`check #2 has no name`).
      return describeCheckProblem(name, problem);
  }
}
