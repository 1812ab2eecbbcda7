// A read-only npm registry on loopback that serves the `npm pack` tarballs of our packages, so
// that a fresh app installs them with the README's own `yarn add` commands, exactly as it would
// from the npm registry once they are published. Every other package comes from the real registry.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { execFileSync } from 'node:child_process';

function readPackument(tarball) {
  const manifest = JSON.parse(
    execFileSync('tar', ['-xzOf', tarball, 'package/package.json'], {
      encoding: 'utf8',
    }),
  );
  const bytes = fs.readFileSync(tarball);
  return {
    manifest,
    bytes,
    shasum: createHash('sha1').update(bytes).digest('hex'),
    integrity: `sha512-${createHash('sha512').update(bytes).digest('base64')}`,
  };
}

/** Serves every tarball in `dir`; resolves to `{ url, scope, close }`. */
export async function startLocalRegistry({ dir, log = () => {} }) {
  const packages = new Map();
  for (const file of fs.readdirSync(dir).filter(f => f.endsWith('.tgz'))) {
    const entry = readPackument(path.join(dir, file));
    packages.set(entry.manifest.name, { ...entry, file });
  }
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://registry');
    const name = decodeURIComponent(url.pathname.slice(1));
    log(`${req.method} ${url.pathname}`);
    const tarball = [...packages.values()].find(
      p => url.pathname === `/-/${p.file}`,
    );
    if (tarball) {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(tarball.bytes);
      return;
    }
    const entry = packages.get(name);
    if (!entry) {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: `${name} is not one of our packages` }));
      return;
    }
    const { version } = entry.manifest;
    const base = `http://${req.headers.host}`;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        name,
        'dist-tags': { latest: version },
        time: { [version]: new Date(0).toISOString() },
        versions: {
          [version]: {
            ...entry.manifest,
            dist: {
              tarball: `${base}/-/${entry.file}`,
              shasum: entry.shasum,
              integrity: entry.integrity,
            },
          },
        },
      }),
    );
  });
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    names: [...packages.keys()],
    close: () => new Promise(resolve => server.close(resolve)),
  };
}
