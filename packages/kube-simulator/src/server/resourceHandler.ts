import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, errors } from '../api/status';
import type { ResourceType } from '../api/resources';
import { groupVersion } from '../api/resources';
import { parseLabelSelector } from '../store/labelSelector';
import { applyPatchBody, patchTypes } from '../store/patch';
import { parseFieldSelector } from '../store/fieldSelector';
import type { KubeObject } from '../store/types';
import type { ResourceRequest } from './requestInfo';
import type { SimulatorContext } from '../context';
import { queryBool, readBody, readJson, sendJson } from './http';
import { serveWatch } from './watch';
import { parse as parseYaml } from 'yaml';
import { describeError } from '../describeError';

interface ContinueToken {
  rv: number;
  offset: number;
}

function encodeContinue(t: ContinueToken): string {
  return Buffer.from(JSON.stringify(t)).toString('base64url');
}

function decodeContinue(s: string): ContinueToken {
  try {
    const t = JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
    if (typeof t.rv === 'number' && typeof t.offset === 'number') return t;
  } catch {
    // fall through
  }
  throw errors.badRequest('invalid continue token');
}

/** Built-in list items carry no kind/apiVersion; custom resource items do. */
function listItem(type: ResourceType, o: KubeObject): KubeObject {
  if (!type.builtIn) return o;
  const { kind, apiVersion, ...rest } = o;
  return rest as KubeObject;
}

export async function handleResource(
  ctx: SimulatorContext,
  req: IncomingMessage,
  res: ServerResponse,
  info: ResourceRequest,
  url: URL,
): Promise<void> {
  const type = ctx.registry.find(info.group, info.version, info.plural);
  if (!type) throw info.group ? errors.pageNotFound() : errors.routeNotFound();
  if (!type.namespaced && info.namespace) throw errors.routeNotFound();

  const q = url.searchParams;
  const method = req.method ?? 'GET';

  if (info.subresource && info.subresource !== 'status') {
    const handler = ctx.subresources.get(`${type.plural}/${info.subresource}`);
    if (!handler) throw errors.routeNotFound();
    return handler(req, res, info, url);
  }
  if (info.subresource === 'status' && !type.statusSubresource)
    // A CRD without the status subresource answers as if the object were missing.
    throw type.builtIn
      ? errors.routeNotFound()
      : errors.notFound(type.plural, type.group, info.name ?? '');

  // Collection requests.
  if (!info.name) {
    if (method === 'GET') {
      const labelSelector = parseLabelSelector(
        q.get('labelSelector') ?? undefined,
      );
      const fieldSelector = q.get('fieldSelector') ?? undefined;
      parseFieldSelector(fieldSelector, type.kind); // 400 on unsupported fields, before streaming
      if (queryBool(q.get('watch'))) {
        return serveWatch(
          ctx,
          req,
          res,
          type,
          info.namespace,
          labelSelector,
          fieldSelector,
          q,
        );
      }
      const all = ctx.store.list(type, info.namespace, {
        labelSelector,
        fieldSelector,
      });
      const limit = Number(q.get('limit') ?? 0);
      let offset = 0;
      let rv = Number(ctx.store.currentRv());
      const cont = q.get('continue');
      if (cont) {
        const token = decodeContinue(cont);
        if (token.rv < ctx.store.oldestRv()) {
          throw new ApiError(
            410,
            'Expired',
            'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.',
          );
        }
        offset = token.offset;
        rv = token.rv;
      }
      const page =
        limit > 0 ? all.slice(offset, offset + limit) : all.slice(offset);
      const more = limit > 0 && offset + limit < all.length;
      return sendJson(res, 200, {
        kind: `${type.kind}List`,
        apiVersion: groupVersion(type),
        metadata: {
          resourceVersion: String(rv),
          ...(more
            ? {
                continue: encodeContinue({ rv, offset: offset + limit }),
                remainingItemCount: all.length - offset - limit,
              }
            : {}),
        },
        items: page.map(o => listItem(type, o)),
      });
    }
    if (method === 'POST') {
      const body = await readJson(req);
      if (!body || typeof body !== 'object')
        throw errors.badRequest('the body of the request was empty');
      if (body.kind && body.kind !== type.kind) {
        throw errors.badRequest(
          `the API version in the data (${
            body.apiVersion
          }) does not match the expected API version (${groupVersion(type)})`,
        );
      }
      const dryRun = q.getAll('dryRun').includes('All');
      const created = ctx.admission.create(type, info.namespace, body, {
        dryRun,
      });
      return sendJson(res, 201, created);
    }
    if (method === 'DELETE') {
      const labelSelector = parseLabelSelector(
        q.get('labelSelector') ?? undefined,
      );
      const items = ctx.store.list(type, info.namespace, {
        labelSelector,
        fieldSelector: q.get('fieldSelector') ?? undefined,
      });
      const deleted = items.map(o =>
        ctx.admission.delete(type, o.metadata.namespace, o.metadata.name, {}),
      );
      return sendJson(res, 200, {
        kind: `${type.kind}List`,
        apiVersion: groupVersion(type),
        metadata: { resourceVersion: ctx.store.currentRv() },
        items: deleted,
      });
    }
    throw errors.methodNotAllowed();
  }

  // Single-object requests.
  const name = info.name;
  const sub = info.subresource === 'status' ? ('status' as const) : undefined;
  switch (method) {
    case 'GET': {
      return sendJson(res, 200, ctx.store.mustGet(type, info.namespace, name));
    }
    case 'PUT': {
      const body = await readJson(req);
      if (!body || typeof body !== 'object')
        throw errors.badRequest('the body of the request was empty');
      if (!ctx.store.get(type, info.namespace, name)) {
        throw errors.notFound(type.plural, type.group, name);
      }
      return sendJson(
        res,
        200,
        ctx.admission.update(type, info.namespace, name, body, sub),
      );
    }
    case 'PATCH': {
      const contentType = req.headers['content-type'] ?? '';
      const raw = await readBody(req);
      let body: unknown;
      try {
        body = contentType.startsWith(patchTypes.apply)
          ? parseYaml(raw.toString('utf8'))
          : JSON.parse(raw.toString('utf8'));
      } catch (e) {
        throw errors.badRequest(`error decoding patch: ${describeError(e)}`);
      }
      const current = ctx.store.get(type, info.namespace, name);
      if (contentType.startsWith(patchTypes.apply) && !q.get('fieldManager')) {
        throw errors.badRequest(
          'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
        );
      }
      const next = applyPatchBody(type, current, contentType, body, name);
      if (!current)
        return sendJson(
          res,
          201,
          ctx.admission.create(
            type,
            info.namespace,
            { ...next, metadata: { ...next.metadata, name } },
            { dryRun: false },
          ),
        );
      if (sub === 'status')
        return sendJson(
          res,
          200,
          ctx.admission.update(type, info.namespace, name, next, 'status'),
        );
      // A patch only conflicts when it carries a resourceVersion of its own.
      const patchRv = Array.isArray(body)
        ? undefined
        : (body as any)?.metadata?.resourceVersion;
      if (!patchRv)
        next.metadata.resourceVersion = current.metadata.resourceVersion;
      return sendJson(
        res,
        200,
        ctx.admission.update(type, info.namespace, name, next, undefined),
      );
    }
    case 'DELETE': {
      const body = await readJson(req).catch(() => undefined);
      const propagationPolicy =
        q.get('propagationPolicy') ?? body?.propagationPolicy ?? undefined;
      const deleted = ctx.admission.delete(type, info.namespace, name, {
        propagationPolicy,
        preconditionRv: body?.preconditions?.resourceVersion,
        preconditionUid: body?.preconditions?.uid,
      });
      return sendJson(res, 200, deleted);
    }
    default:
      throw errors.methodNotAllowed();
  }
}
