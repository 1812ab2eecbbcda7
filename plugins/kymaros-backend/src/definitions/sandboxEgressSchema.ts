import { z } from 'zod';
import { cidrStrictlyInside, formatCidr, parseCidr } from './cidr';
import { egressBlockBreadthIssue } from './egressBlockBreadth';

/** Rules per test: each is a hole in the sandbox's isolation, and a long list is a sign the app is not isolated at all. */
export const MAX_EGRESS_RULES = 20;

const CIDR_EXPECTATION =
  'an IPv4 or IPv6 CIDR such as 10.20.0.0/16 or fd00::/64';
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_NAME = /^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/;
const DNS_SUBDOMAIN =
  /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

const dnsLabel = (what: string) =>
  z
    .string()
    .max(63, `must be a ${what} of at most 63 characters`)
    .regex(
      DNS_LABEL,
      `must be a ${what} (lower-case letters, digits and dashes)`,
    );

/** `team`, `app.kubernetes.io/part-of`: an optional DNS-subdomain prefix and a name. */
function labelKeyValid(key: string): boolean {
  const slash = key.lastIndexOf('/');
  const prefix = slash < 0 ? undefined : key.slice(0, slash);
  const name = key.slice(slash + 1);
  if (
    prefix !== undefined &&
    (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))
  )
    return false;
  return name.length <= 63 && LABEL_NAME.test(name);
}

const labelValueValid = (value: string) =>
  value === '' || (value.length <= 63 && LABEL_NAME.test(value));

const selector = z.record(z.string()).superRefine((labels, ctx) => {
  if (!Object.keys(labels).length)
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      message:
        'must name at least one label: an empty selector matches every namespace',
    });
  for (const [key, value] of Object.entries(labels)) {
    if (!labelKeyValid(key))
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: [key],
        message:
          'must be a label key: an optional DNS prefix and /, then at most 63 letters, digits, -, _ or .',
      });
    else if (!labelValueValid(value))
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: [key],
        message:
          'must be a label value: at most 63 letters, digits, -, _ or ., starting and ending with a letter or digit',
      });
  }
});

const cidrText = z.string().superRefine((text, ctx) => {
  const block = parseCidr(text);
  if (!block)
    ctx.addIssue({
      code: z.ZodIssueCode.invalid_string,
      validation: 'regex',
      message: `must be ${CIDR_EXPECTATION}`,
    });
  else if (block.hostBits)
    ctx.addIssue({
      code: z.ZodIssueCode.custom,
      message: `${text} has host bits set, which the API server may refuse: write ${formatCidr(
        block,
      )}`,
    });
});

const port = z
  .object({
    port: z
      .number({ invalid_type_error: 'must be a port number from 1 to 65535' })
      .int('must be a port number from 1 to 65535')
      .min(1, 'must be a port number from 1 to 65535')
      .max(65535, 'must be a port number from 1 to 65535'),
    protocol: z.enum(['TCP', 'UDP']).optional(),
  })
  .strict();

/** One declared dependency; the checks across its fields (exactly one target, `except` inside `cidr`). */
const egressRule = z
  .object({
    name: dnsLabel('name').optional(),
    cidr: cidrText.optional(),
    except: z.array(cidrText).min(1).optional(),
    namespace: dnsLabel('namespace name').optional(),
    namespaceSelector: selector.optional(),
    ports: z.array(port).min(1).max(20).optional(),
  })
  .strict()
  .superRefine((rule, ctx) => {
    const targets = (
      ['cidr', 'namespace', 'namespaceSelector'] as const
    ).filter(k => rule[k] !== undefined);
    if (targets.length !== 1)
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        message: targets.length
          ? `sets ${targets.join(
              ' and ',
            )}: a rule names exactly one of cidr, namespace and namespaceSelector`
          : 'names no target: set exactly one of cidr, namespace and namespaceSelector',
      });
    if (rule.except && rule.cidr === undefined)
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['except'],
        message: 'is only taken beside cidr',
      });
    const tooWide = rule.cidr && egressBlockBreadthIssue(rule.cidr);
    if (tooWide)
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['cidr'],
        message: tooWide,
      });
    exceptIssues(rule.cidr, rule.except, ctx);
  });

/** Each `except` block must lie strictly inside `cidr`, as the API server requires. */
function exceptIssues(
  cidr: string | undefined,
  except: string[] | undefined,
  ctx: z.RefinementCtx,
) {
  const outer = cidr === undefined ? undefined : parseCidr(cidr);
  if (!outer || !except) return;
  except.forEach((text, index) => {
    const inner = parseCidr(text);
    if (inner && !cidrStrictlyInside(inner, outer))
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ['except', index],
        message: `${text} is not strictly inside ${cidr}`,
      });
  });
}

/** `spec.sandbox.egress`: the external dependencies the sandbox may reach. */
export const sandboxEgressSchema = z
  .array(egressRule)
  .max(
    MAX_EGRESS_RULES,
    `must list at most ${MAX_EGRESS_RULES} rules: each opens the sandbox a little more`,
  )
  .superRefine((rules, ctx) => {
    const seen = new Set<string>();
    rules.forEach((rule, index) => {
      if (rule.name === undefined) return;
      if (seen.has(rule.name))
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: [index, 'name'],
          message: `${rule.name} names two rules`,
        });
      seen.add(rule.name);
    });
  });
