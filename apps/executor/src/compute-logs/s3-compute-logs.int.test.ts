// Compute logs on S3 through @aws-sdk/client-s3, against s3rver (a real S3-compatible
// server from npm: buckets, PUT/GET, NoSuchKey) behind a local proxy that verifies every
// request's SigV4 signature with AWS's published algorithm — s3rver 3.7 itself accepts any
// V4 signature. The verifier is checked first against AWS's own worked example.
import { createHash, createHmac } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ComputeLogManager, ComputeLogUploadError } from './compute-log-manager.js';
import { readComputeLog } from './create-compute-log-manager.js';
import { LocalLogFiles } from './local-log-files.js';
import { S3LogStore, type S3LogStoreOptions } from './s3-log-store.js';

// s3rver's built-in account: s3rver checks the key id exists; the proxy checks the signature with SECRET.
const ACCESS_KEY_ID = 'S3RVER';
const SECRET = 'orrery-test-secret/with+chars';
const BUCKET = 'compute-logs';
const RUN_ID = '7c9e6679-7425-40de-944b-e07fc1f90ae7';

// ---- SigV4 verification (AWS S3 API reference, "Signature Calculations for the
// Authorization Header: Transferring Payload in a Single Chunk") ----

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
const uriEncode = (text: string) => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

interface SignedRequest {
  method: string;
  /** Path and query as sent on the wire. */
  url: string;
  headers: Readonly<Record<string, string | string[] | undefined>>;
  body: Buffer;
}

/** Why the request's signature is wrong for `secrets`; undefined when it is right. */
function sigV4Problem(request: SignedRequest, secrets: Readonly<Record<string, string>>): string | undefined {
  const match = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request,\s*SignedHeaders=([a-z0-9;-]+),\s*Signature=([0-9a-f]{64})$/
    .exec(String(request.headers.authorization ?? ''));
  if (match === null) return 'malformed authorization header';
  const [, accessKeyId, day, region, signedHeaders, signature] = match as unknown as string[];
  const secret = secrets[accessKeyId!];
  if (secret === undefined) return `unknown access key ${accessKeyId}`;
  const payloadHash = String(request.headers['x-amz-content-sha256'] ?? '');
  if (/^[0-9a-f]{64}$/.test(payloadHash) && payloadHash !== sha256(request.body)) return 'x-amz-content-sha256 is not the SHA-256 of the body';
  if (!/^[0-9a-f]{64}$/.test(payloadHash)) return `payload not signed (${payloadHash})`;
  const queryStart = request.url.indexOf('?');
  const path = queryStart < 0 ? request.url : request.url.slice(0, queryStart);
  const query = (queryStart < 0 ? '' : request.url.slice(queryStart + 1)).split('&').filter((pair) => pair !== '')
    .map((pair) => {
      const [name = '', value = ''] = pair.split('=', 2);
      return `${uriEncode(decodeURIComponent(name))}=${uriEncode(decodeURIComponent(value))}`;
    })
    .sort().join('&');
  const names = signedHeaders!.split(';');
  if (!names.includes('host') || !names.includes('x-amz-date')) return 'host and x-amz-date must be signed';
  const canonicalHeaders = names.map((name) => `${name}:${String(request.headers[name] ?? '').trim().replace(/\s+/g, ' ')}\n`).join('');
  const canonicalRequest = [request.method, path, query, canonicalHeaders, signedHeaders, payloadHash].join('\n');
  const stringToSign = ['AWS4-HMAC-SHA256', String(request.headers['x-amz-date']), `${day}/${region}/s3/aws4_request`, sha256(canonicalRequest)].join('\n');
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${secret}`, day!), region!), 's3'), 'aws4_request');
  return createHmac('sha256', signingKey).update(stringToSign).digest('hex') === signature ? undefined : 'signature does not match';
}

// ---- s3rver behind the verifying proxy ----

interface S3rverInstance {
  run(): Promise<AddressInfo>;
  close(): Promise<void>;
}
type S3rverConstructor = new (options: Record<string, unknown>) => S3rverInstance;
// s3rver ships no types; it is a CommonJS module.
const S3rver = createRequire(import.meta.url)('s3rver') as S3rverConstructor;

let dataDir: string;
let stagingDir: string;
let s3rver: S3rverInstance;
let proxy: Server;
let endpoint: string;
/** Every request the proxy saw, with its verification result. */
const seen: { method: string; url: string; problem: string | undefined }[] = [];

/** Response headers passed back to the client; length and connection are the proxy's own. */
const FORWARDED_HEADERS = ['content-type', 'etag', 'last-modified', 'x-amz-request-id', 'x-amz-id-2'];

/** Sends the verified request to s3rver on a connection of its own and hands back the buffered answer. */
function forward(incoming: IncomingMessage, body: Buffer, target: AddressInfo, reply: (status: number, headers: Record<string, string>, data: Buffer) => void): void {
  const headers = { ...incoming.headers, connection: 'close' };
  let replied = false;
  const once: typeof reply = (...args) => {
    if (replied) return;
    replied = true;
    reply(...args);
  };
  const outgoing = httpRequest({ host: '127.0.0.1', port: target.port, method: incoming.method, path: incoming.url, headers, agent: false }, (response) => {
    const chunks: Buffer[] = [];
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.on('end', () => {
      const kept = Object.fromEntries(FORWARDED_HEADERS.flatMap((name) => (response.headers[name] === undefined ? [] : [[name, String(response.headers[name])]])));
      once(response.statusCode ?? 502, kept, Buffer.concat(chunks));
    });
  });
  outgoing.on('error', (error) => once(502, { 'content-type': 'text/plain' }, Buffer.from(`s3rver unreachable: ${error.message}`)));
  outgoing.end(body);
}

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'orrery-s3rver-'));
  stagingDir = await mkdtemp(join(tmpdir(), 'orrery-s3-staging-'));
  s3rver = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: dataDir, configureBuckets: [{ name: BUCKET }] });
  const target = await s3rver.run();
  proxy = createServer((incoming, response) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks);
      const problem = sigV4Problem({ method: incoming.method ?? '', url: incoming.url ?? '/', headers: incoming.headers, body }, { [ACCESS_KEY_ID]: SECRET });
      seen.push({ method: incoming.method ?? '', url: incoming.url ?? '', problem });
      if (problem !== undefined) {
        response.writeHead(403, { 'content-type': 'application/xml' })
          .end(`<?xml version="1.0" encoding="UTF-8"?><Error><Code>SignatureDoesNotMatch</Code><Message>${problem}</Message></Error>`);
        return;
      }
      forward(incoming, body, target, (status, headers, data) => response.writeHead(status, { ...headers, 'content-length': String(data.length) }).end(data));
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});

afterAll(async () => {
  proxy.closeAllConnections();
  await new Promise((resolve) => proxy.close(resolve));
  await s3rver.close();
  await rm(dataDir, { recursive: true, force: true });
  await rm(stagingDir, { recursive: true, force: true });
});

function storeOptions(secret = SECRET): S3LogStoreOptions {
  return { bucket: BUCKET, prefix: 'orrery-test', endpoint, region: 'eu-west-1', accessKeyId: ACCESS_KEY_ID, secretAccessKey: secret, forcePathStyle: true };
}

describe('SigV4 verifier of the test proxy', () => {
  it('accepts AWS\'s published GET Object example and rejects it once altered', () => {
    const example: SignedRequest = {
      method: 'GET', url: '/test.txt', body: Buffer.alloc(0),
      headers: {
        host: 'examplebucket.s3.amazonaws.com', range: 'bytes=0-9',
        'x-amz-content-sha256': 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855', 'x-amz-date': '20130524T000000Z',
        authorization: 'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
      },
    };
    const secrets = { AKIAIOSFODNN7EXAMPLE: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
    expect(sigV4Problem(example, secrets)).toBeUndefined();
    expect(sigV4Problem({ ...example, headers: { ...example.headers, range: 'bytes=0-10' } }, secrets)).toBe('signature does not match');
  });
});

describe('compute logs on S3', () => {
  it('uploads a step\'s stdout and stderr when the step ends, every request signed correctly', async () => {
    seen.length = 0;
    const errors: Error[] = [];
    const logs = new ComputeLogManager({
      files: new LocalLogFiles(stagingDir), remote: new S3LogStore(storeOptions()), teeToProcess: false, onError: (error) => errors.push(error),
    });
    const logKey = logs.logKeyFor(RUN_ID, 'check:weather/daily:rows_present');
    await logs.runInStepContext(logKey, () => {
      process.stdout.write('rows: 3\n');
      logs.append(logKey, '2024-01-01T00:00:00.000Z INFO    checked');
    });
    expect(seen.filter((request) => request.method === 'PUT').map((request) => request.url.split('?')[0])).toEqual([
      `/${BUCKET}/orrery-test/${RUN_ID}/check%3Aweather%252Fdaily%3Arows_present.out`,
      `/${BUCKET}/orrery-test/${RUN_ID}/check%3Aweather%252Fdaily%3Arows_present.err`,
    ]);
    expect(await logs.readComputeLog(logKey, 'stdout')).toBe('rows: 3\n');
    expect(await readComputeLog({ type: 's3', bucket: BUCKET, prefix: 'orrery-test', endpoint, region: 'eu-west-1', accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET, forcePathStyle: true }, logKey, 'stderr'))
      .toBe('2024-01-01T00:00:00.000Z INFO    checked\n');
    expect(await logs.readComputeLog(logs.logKeyFor(RUN_ID, 'never-ran'), 'stdout')).toBeNull();
    expect(seen.length).toBeGreaterThanOrEqual(5);
    expect(seen.map((request) => request.problem)).toEqual(seen.map(() => undefined));
    await logs.close();
    expect(errors).toEqual([]);
  });

  it('uploads the logs of a running step every interval', async () => {
    const remote = new S3LogStore(storeOptions());
    const errors: Error[] = [];
    const logs = new ComputeLogManager({
      files: new LocalLogFiles(stagingDir, { flushIntervalMs: 5 }), remote, uploadIntervalMs: 20, teeToProcess: false,
      onError: (error) => errors.push(error),
    });
    const logKey = logs.logKeyFor(RUN_ID, 'long');
    let seenWhileRunning: string | null = null;
    await logs.runInStepContext(logKey, async () => {
      process.stdout.write('first\n');
      // Waits for the periodic upload: the step has not ended, so only the interval can have uploaded.
      while ((seenWhileRunning = await remote.get(logKey, 'stdout')) === null) await new Promise((resolve) => setTimeout(resolve, 5));
      process.stdout.write('second\n');
    });
    expect(seenWhileRunning).toBe('first\n');
    expect(await remote.get(logKey, 'stdout')).toBe('first\nsecond\n');
    await logs.close();
    expect(errors).toEqual([]);
  });

  it('reports a refused upload without failing the step, and keeps the staged file', async () => {
    const errors: Error[] = [];
    const logs = new ComputeLogManager({
      files: new LocalLogFiles(stagingDir), remote: new S3LogStore(storeOptions('a wrong secret')), teeToProcess: false,
      onError: (error) => errors.push(error),
    });
    const logKey = logs.logKeyFor(RUN_ID, 'refused');
    expect(await logs.runInStepContext(logKey, () => {
      process.stdout.write('kept locally\n');
      return 'step result';
    })).toBe('step result');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(ComputeLogUploadError);
    expect((errors[0]!.cause as Error).name).toBe('SignatureDoesNotMatch');
    expect(await readFile(join(stagingDir, RUN_ID, 'refused.out'), 'utf8')).toBe('kept locally\n');
  });
});
