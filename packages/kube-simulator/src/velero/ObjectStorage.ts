import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Clock } from '../clock';

export const downloadUrlTtlMs = 10 * 60 * 1000;

/**
 * The bucket behind the simulated BackupStorageLocation. Velero never proxies
 * bytes: clients fetch pre-signed URLs straight from here, without Kubernetes
 * credentials, until the URL expires.
 */
export class ObjectStorage {
  private readonly objects = new Map<string, Buffer>();
  private readonly secret = randomBytes(32);
  baseUrl = '';

  constructor(private readonly clock: Clock, readonly bucket = 'velero') {}

  putGzipped(key: string, content: string | Buffer): void {
    this.objects.set(key, gzipSync(content));
  }

  putRaw(key: string, content: Buffer): void {
    this.objects.set(key, content);
  }

  has(key: string): boolean {
    return this.objects.has(key);
  }

  size(key: string): number | undefined {
    return this.objects.get(key)?.length;
  }

  deletePrefix(prefix: string): void {
    for (const k of [...this.objects.keys()])
      if (k.startsWith(prefix)) this.objects.delete(k);
  }

  private sign(key: string, expires: number): string {
    return createHmac('sha256', this.secret)
      .update(`${key}\n${expires}`)
      .digest('hex');
  }

  /** A URL valid for ten minutes, issued whether or not the object exists (as S3 pre-signing does). */
  signedUrl(key: string): { url: string; expiration: number } {
    const expires = this.clock.now() + downloadUrlTtlMs;
    const path = `/object-store/${this.bucket}/${key
      .split('/')
      .map(encodeURIComponent)
      .join('/')}`;
    return {
      url: `${
        this.baseUrl
      }${path}?X-Sim-Expires=${expires}&X-Sim-Signature=${this.sign(
        key,
        expires,
      )}`,
      expiration: expires,
    };
  }

  /** Serves `/object-store/{bucket}/{key}` with S3-like answers. */
  handle(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const prefix = `/object-store/${this.bucket}/`;
    const s3Error = (code: number, errCode: string, message: string) => {
      res.writeHead(code, { 'Content-Type': 'application/xml' });
      res.end(
        `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${errCode}</Code><Message>${message}</Message></Error>`,
      );
    };
    if (!url.pathname.startsWith(prefix)) {
      s3Error(404, 'NoSuchBucket', 'The specified bucket does not exist');
      return;
    }
    const key = url.pathname
      .slice(prefix.length)
      .split('/')
      .map(decodeURIComponent)
      .join('/');
    const expires = Number(url.searchParams.get('X-Sim-Expires'));
    const signature = url.searchParams.get('X-Sim-Signature') ?? '';
    const expected = this.sign(key, expires);
    if (
      signature.length !== expected.length ||
      !timingSafeEqual(Buffer.from(signature), Buffer.from(expected))
    ) {
      s3Error(
        403,
        'SignatureDoesNotMatch',
        'The request signature we calculated does not match the signature you provided.',
      );
      return;
    }
    if (this.clock.now() > expires) {
      s3Error(403, 'AccessDenied', 'Request has expired');
      return;
    }
    const body = this.objects.get(key);
    if (!body) {
      s3Error(404, 'NoSuchKey', 'The specified key does not exist.');
      return;
    }
    res.writeHead(200, {
      'Content-Type': 'application/octet-stream',
      'Content-Length': body.length,
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  }
}
