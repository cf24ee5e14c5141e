// A stand-in for an S3-compatible endpoint, for tests only: an HTTP server on 127.0.0.1
// that records every request, keeps objects in memory (PUT, GET, ListObjectsV2 with pages
// of `pageSize` keys) and checks each request's SigV4 signature against what it actually
// received — rebuilt here from the wire, with its own HMAC chain, not with the client's
// signer — answering 403 SignatureDoesNotMatch as S3 does when they differ.
import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the stand-in received it. */
export interface RecordedRequest {
  readonly method: string;
  /** Path and query as sent. */
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

/** Options of {@link startS3StandIn}. */
export interface S3StandInOptions {
  /** Keys per ListObjectsV2 page. Default 1000, as S3. */
  readonly pageSize?: number;
  /** Secret keys by access key id the stand-in accepts. */
  readonly secrets: Readonly<Record<string, string>>;
}

/** A running stand-in. */
export interface S3StandIn {
  /** `http://127.0.0.1:<port>`. */
  readonly endpoint: string;
  readonly requests: RecordedRequest[];
  /** Objects by `/<bucket>/<key>`. */
  readonly objects: Map<string, Buffer>;
  /** When true, requests get no answer (to test timeouts). */
  hang: boolean;
  close(): Promise<void>;
}

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
const xml = (body: string) => `<?xml version="1.0" encoding="UTF-8"?>\n${body}`;
const escapeXml = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/** Why the signature of a received request is wrong; undefined when it is right. */
function signatureProblem(request: IncomingMessage, body: Buffer, secrets: Readonly<Record<string, string>>): string | undefined {
  const match = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request,\s*SignedHeaders=([a-z0-9;-]+),\s*Signature=([0-9a-f]{64})$/
    .exec(request.headers.authorization ?? '');
  if (match === null) return 'malformed authorization header';
  const [, accessKeyId, day, region, signedHeaders, signature] = match as unknown as [string, string, string, string, string, string];
  const secret = secrets[accessKeyId];
  if (secret === undefined) return `unknown access key ${accessKeyId}`;
  if (request.headers['x-amz-content-sha256'] !== sha256(body)) return 'x-amz-content-sha256 is not the SHA-256 of the body';
  const url = new URL(request.url ?? '/', 'http://stand-in');
  // The query as S3 canonicalizes it: each pair re-encoded, sorted.
  const encode = (text: string) => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  const query = [...url.searchParams].map(([k, v]) => `${encode(k)}=${encode(v)}`).sort().join('&');
  const names = signedHeaders.split(';');
  if (!names.includes('host') || !names.includes('x-amz-date')) return 'host and x-amz-date must be signed';
  const headers = names.map((name) => `${name}:${String(request.headers[name] ?? '').trim()}\n`).join('');
  const canonical = [request.method, url.pathname, query, headers, signedHeaders, request.headers['x-amz-content-sha256']].join('\n');
  const date = String(request.headers['x-amz-date']);
  const toSign = ['AWS4-HMAC-SHA256', date, `${day}/${region}/s3/aws4_request`, sha256(canonical)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${secret}`, day), region), 's3'), 'aws4_request');
  return createHmac('sha256', key).update(toSign).digest('hex') === signature ? undefined : 'signature does not match';
}

/** Starts a stand-in on a free port of 127.0.0.1. */
export async function startS3StandIn(options: S3StandInOptions): Promise<S3StandIn> {
  const pageSize = options.pageSize ?? 1000;
  const requests: RecordedRequest[] = [];
  const objects = new Map<string, Buffer>();
  const state = { hang: false };

  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      const headers = Object.fromEntries(Object.entries(request.headers).map(([name, value]) => [name, String(value)]));
      requests.push({ method: request.method ?? '', url: request.url ?? '', headers, body });
      if (state.hang) return;
      const reply = (status: number, text: string | Buffer = '') => response.writeHead(status).end(text);
      const problem = signatureProblem(request, body, options.secrets);
      if (problem !== undefined) {
        return reply(403, xml(`<Error><Code>SignatureDoesNotMatch</Code><Message>${escapeXml(problem)}</Message></Error>`));
      }
      const url = new URL(request.url ?? '/', 'http://stand-in');
      // Path style only: /<bucket> or /<bucket>/<key>.
      const [, bucket = '', ...keyParts] = url.pathname.split('/');
      const key = keyParts.map(decodeURIComponent).join('/');
      if (request.method === 'PUT' && key !== '') {
        objects.set(`/${bucket}/${key}`, body);
        return reply(200);
      }
      if (request.method === 'GET' && key !== '') {
        const object = objects.get(`/${bucket}/${key}`);
        return object === undefined
          ? reply(404, xml(`<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>${escapeXml(key)}</Key></Error>`))
          : reply(200, object);
      }
      if (request.method === 'GET' && url.searchParams.get('list-type') === '2') {
        const prefix = url.searchParams.get('prefix') ?? '';
        const after = url.searchParams.get('continuation-token') ?? '';
        const keys = [...objects.keys()]
          .filter((path) => path.startsWith(`/${bucket}/`))
          .map((path) => path.slice(bucket.length + 2))
          .filter((name) => name.startsWith(prefix) && name > after)
          .sort();
        const page = keys.slice(0, pageSize);
        const truncated = keys.length > page.length;
        const contents = page.map((name) =>
          `<Contents><Key>${escapeXml(name)}</Key><LastModified>2024-03-16T01:00:00.000Z</LastModified><Size>${objects.get(`/${bucket}/${name}`)!.byteLength}</Size></Contents>`);
        return reply(200, xml(`<ListBucketResult><Name>${bucket}</Name><Prefix>${escapeXml(prefix)}</Prefix><KeyCount>${page.length}</KeyCount>` +
          `<IsTruncated>${truncated}</IsTruncated>${contents.join('')}${truncated ? `<NextContinuationToken>${escapeXml(page.at(-1)!)}</NextContinuationToken>` : ''}</ListBucketResult>`));
      }
      return reply(400, xml('<Error><Code>NotImplemented</Code><Message>the stand-in serves PUT, GET and ListObjectsV2 only</Message></Error>'));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    requests,
    objects,
    get hang() {
      return state.hang;
    },
    set hang(value: boolean) {
      state.hang = value;
    },
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
