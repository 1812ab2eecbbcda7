import { errors } from '../api/status';

/** One requirement of a parsed label selector. */
export type Requirement =
  | { key: string; op: 'eq' | 'neq'; value: string }
  | { key: string; op: 'in' | 'notin'; values: string[] }
  | { key: string; op: 'exists' | 'notexists' };

export type Labels = Record<string, string> | undefined;

/**
 * Parses the string form (`a=b,c!=d,e in (x,y),!f`) as the API server does:
 * terms are ANDed; commas inside parentheses belong to a set.
 */
export function parseLabelSelector(
  selector: string | undefined,
): Requirement[] {
  if (!selector || !selector.trim()) return [];
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      terms.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  terms.push(current);
  return terms.map(term => parseTerm(term.trim(), selector));
}

const keyPattern =
  /^([a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?\/)?[a-z0-9A-Z]([-a-z0-9A-Z_.]*[a-z0-9A-Z])?$/;

function checkKey(key: string, selector: string): string {
  if (!keyPattern.test(key)) {
    throw errors.badRequest(
      `unable to parse requirement: <nil>: Invalid value: "${key}": name part must consist of alphanumeric characters, '-', '_' or '.' (label selector "${selector}")`,
    );
  }
  return key;
}

function parseTerm(term: string, selector: string): Requirement {
  let m = term.match(/^!\s*(\S+)$/);
  if (m) return { key: checkKey(m[1], selector), op: 'notexists' };
  m = term.match(/^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/);
  if (m) {
    const values = m[3]
      .split(',')
      .map(v => v.trim())
      .filter(v => v !== '');
    return {
      key: checkKey(m[1], selector),
      op: m[2] as 'in' | 'notin',
      values,
    };
  }
  m = term.match(/^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$/);
  if (m)
    return {
      key: checkKey(m[1], selector),
      op: m[2] === '!=' ? 'neq' : 'eq',
      value: m[3],
    };
  m = term.match(/^(\S+)$/);
  if (m) return { key: checkKey(m[1], selector), op: 'exists' };
  throw errors.badRequest(
    `unable to parse requirement: found '${term}', expected: !, identifier, or 'end of string'`,
  );
}

export function matchesRequirements(
  labels: Labels,
  reqs: Requirement[],
): boolean {
  const l = labels ?? {};
  return reqs.every(r => {
    const has = Object.prototype.hasOwnProperty.call(l, r.key);
    switch (r.op) {
      case 'eq':
        return has && l[r.key] === r.value;
      case 'neq':
        return !has || l[r.key] !== r.value;
      case 'in':
        return has && r.values.includes(l[r.key]);
      case 'notin':
        return !has || !r.values.includes(l[r.key]);
      case 'exists':
        return has;
      case 'notexists':
        return !has;
      default:
        return false;
    }
  });
}

/** A structured `LabelSelector` (matchLabels + matchExpressions), as used by workloads and policies. */
export interface LabelSelectorObject {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

export function selectorObjectToRequirements(
  sel: LabelSelectorObject | undefined,
): Requirement[] {
  if (!sel) return [];
  const reqs: Requirement[] = Object.entries(sel.matchLabels ?? {}).map(
    ([key, value]) => ({
      key,
      op: 'eq' as const,
      value,
    }),
  );
  for (const e of sel.matchExpressions ?? []) {
    const op = e.operator.toLowerCase();
    if (op === 'in' || op === 'notin')
      reqs.push({ key: e.key, op, values: e.values ?? [] });
    else if (op === 'exists') reqs.push({ key: e.key, op: 'exists' });
    else if (op === 'doesnotexist') reqs.push({ key: e.key, op: 'notexists' });
  }
  return reqs;
}

export function matchesSelectorObject(
  labels: Labels,
  sel: LabelSelectorObject | undefined,
): boolean {
  return matchesRequirements(labels, selectorObjectToRequirements(sel));
}
