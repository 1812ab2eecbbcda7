import {
  Document,
  isMap,
  isNode,
  isScalar,
  LineCounter,
  parseAllDocuments,
} from 'yaml';
import type { z } from 'zod';
import type { HealthCheckPolicy } from '@kymaros/plugin-kymaros-common';
import type { CheckType } from '@kymaros/plugin-kymaros-node';
import { builtInCheckTypes } from '../checks/builtInCheckTypes';
import { describeError } from '../util/errors';
import {
  issuePath,
  issueText,
  kymarosDocumentSchema,
  restoreTestSpecSchema,
} from './restoreTestSchema';
import { yamlErrorText } from './yamlErrorText';

export interface ParsedFile {
  /** `error` is set when the test's spec does not match the schema. */
  tests: { name: string; spec: unknown; error?: string }[];
  policies: HealthCheckPolicy[];
  errors: string[];
}

/** Where the field an issue is about starts, or its closest parent that exists. */
function positionOf(
  doc: Document,
  path: (string | number)[],
  issue: z.ZodIssue,
  lines: LineCounter,
) {
  for (let n = path.length; n >= 0; n--) {
    const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
    if (!isNode(node) || !node.range) continue;
    if (
      n === path.length &&
      issue.code === 'unrecognized_keys' &&
      isMap(node)
    ) {
      const pair = node.items.find(
        p => isScalar(p.key) && p.key.value === issue.keys[0],
      );
      if (isNode(pair?.key) && pair.key.range)
        return lines.linePos(pair.key.range[0]);
    }
    return lines.linePos(node.range[0]);
  }
  return undefined;
}

/** `kymaros.yaml document 2, line 14 column 3: spec.sandbox.ttl: must be a duration …` */
function describeIssues(
  where: string,
  doc: Document,
  lines: LineCounter,
  issues: z.ZodIssue[],
  prefix: (string | number)[],
): string {
  return issues
    .map(issue => {
      const path = [...prefix, ...issue.path];
      const at = positionOf(doc, path, issue, lines);
      const field = issuePath({ ...issue, path }, '');
      return `${where}${at ? `, line ${at.line} column ${at.col}` : ''}: ${
        field ? `${field}: ` : ''
      }${issueText(issue)}`;
    })
    .join('; ');
}

/** The document as plain data; aliases are resolved here and may fail. */
function toData(doc: Document): { value?: unknown; error?: string } {
  try {
    return { value: doc.toJS({ maxAliasCount: 100 }) };
  } catch (e) {
    return {
      error: /excessive alias/i.test(describeError(e))
        ? 'too many aliases'
        : 'an alias names an anchor that is not defined',
    };
  }
}

let builtIn: ReadonlyMap<string, CheckType> | undefined;

/**
 * Splits a Kymaros YAML file (one or more documents) into RestoreTests and
 * HealthCheckPolicies, validating each check's settings with its type's
 * schema (the built-in types unless told otherwise). Errors name the
 * document, line, column and field, never the file's content.
 */
export function parseKymarosFile(
  text: string,
  location: string,
  checkTypes: ReadonlyMap<string, CheckType> = (builtIn ??=
    builtInCheckTypes()),
): ParsedFile {
  const out: ParsedFile = { tests: [], policies: [], errors: [] };
  const lines = new LineCounter();
  const docs = parseAllDocuments(text, { lineCounter: lines });
  const all = Array.isArray(docs) ? docs : [];
  all.forEach((doc, i) => {
    const where = `${location} document ${i + 1}`;
    if (doc.errors.length) {
      out.errors.push(yamlErrorText(where, doc.errors[0]));
      return;
    }
    const { value, error } = toData(doc);
    if (error) {
      out.errors.push(`${where}: ${error}`);
      return;
    }
    if (value === null || value === undefined) return;
    const parsed = kymarosDocumentSchema(checkTypes).safeParse(value);
    if (!parsed.success) {
      out.errors.push(
        describeIssues(where, doc, lines, parsed.error.issues, []),
      );
      return;
    }
    if (parsed.data.kind === 'RestoreTest') {
      const spec = restoreTestSpecSchema(checkTypes).safeParse(
        parsed.data.spec,
      );
      out.tests.push({
        name: parsed.data.metadata.name,
        spec: parsed.data.spec,
        ...(spec.success
          ? {}
          : {
              error: describeIssues(where, doc, lines, spec.error.issues, [
                'spec',
              ]),
            }),
      });
    } else
      out.policies.push({
        name: parsed.data.metadata.name,
        checks: parsed.data.spec.checks,
      });
  });
  return out;
}
