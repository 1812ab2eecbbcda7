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
import { classifyDocument, documentHeader } from './documentKind';
import { readBackupVerifier } from './backupVerifierTest';

/** A document of a definition file: where it is, for messages. */
interface Located {
  /** `orders.yaml document 2`. */
  where: string;
  /** `metadata.namespace`, kept as written. */
  namespace?: string;
}

export interface ParsedTest extends Located {
  name: string;
  spec: unknown;
  /** Set when the test's spec does not match the schema. */
  error?: string;
}

export interface ParsedPolicy extends Located {
  name: string;
  checks: HealthCheckPolicy['checks'];
  /** Set when the policy does not match the schema; its checks are then empty. */
  error?: string;
}

export interface ParsedFile {
  /** How the file is named in messages and as its tests' source. */
  location: string;
  tests: ParsedTest[];
  policies: ParsedPolicy[];
  /** Problems that belong to no test or policy (a document without a name, YAML that cannot be read). */
  errors: string[];
  /** Documents left out, and why (other kinds, such as a Deployment beside the test). */
  warnings: string[];
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
 * schema (the built-in types unless told otherwise). Documents of other
 * kinds are skipped with a warning, so a test may sit beside the manifests
 * it is about. Errors name the document, line, column and field, never the
 * file's content.
 */
export function parseKymarosFile(
  text: string,
  location: string,
  checkTypes: ReadonlyMap<string, CheckType> = (builtIn ??=
    builtInCheckTypes()),
): ParsedFile {
  const out: ParsedFile = {
    location,
    tests: [],
    policies: [],
    errors: [],
    warnings: [],
  };
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
    readDocument(out, { where, doc, lines, value, checkTypes });
  });
  return out;
}

interface DocumentInput {
  where: string;
  doc: Document;
  lines: LineCounter;
  value: unknown;
  checkTypes: ReadonlyMap<string, CheckType>;
}

/** Adds one document to the file's tests, policies, errors or warnings. */
function readDocument(out: ParsedFile, input: DocumentInput): void {
  const { where, doc, lines, value, checkTypes } = input;
  const kind = classifyDocument(value);
  if (kind.skip) {
    out.warnings.push(`${where}: ${kind.skip}`);
    return;
  }
  if (kind.error) {
    out.errors.push(
      describeIssues(where, doc, lines, [kind.error], []) ||
        `${where}: invalid`,
    );
    return;
  }
  if (kind.kind === 'BackupVerifier') {
    const test = readBackupVerifier(where, value, checkTypes);
    if (typeof test === 'string') out.errors.push(test);
    else out.tests.push(test);
    return;
  }
  const parsed = kymarosDocumentSchema(checkTypes).safeParse(value);
  const header = documentHeader(value);
  const describe = (issues: z.ZodIssue[], prefix: (string | number)[]) =>
    describeIssues(where, doc, lines, issues, prefix);
  if (!header.name) {
    out.errors.push(
      `${where}: metadata.name is required (the ${kind.kind}'s name)`,
    );
    return;
  }
  const located = { where, name: header.name, namespace: header.namespace };
  if (kind.kind === 'HealthCheckPolicy') {
    out.policies.push(
      parsed.success && parsed.data.kind === 'HealthCheckPolicy'
        ? { ...located, checks: parsed.data.spec.checks }
        : {
            ...located,
            checks: [],
            error: parsed.success
              ? 'invalid'
              : describe(parsed.error.issues, []),
          },
    );
    return;
  }
  if (!parsed.success) {
    out.tests.push({
      ...located,
      spec: undefined,
      error: describe(parsed.error.issues, []),
    });
    return;
  }
  const spec = restoreTestSpecSchema(checkTypes).safeParse(parsed.data.spec);
  out.tests.push({
    ...located,
    spec: parsed.data.spec,
    ...(spec.success ? {} : { error: describe(spec.error.issues, ['spec']) }),
  });
}
