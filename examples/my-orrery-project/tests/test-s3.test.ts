// The S3-compatible object store: the SigV4 signer against AWS's published examples, and
// the client's requests against a local stand-in for an S3-compatible endpoint
// (tests/s3-stand-in.ts: an HTTP server on 127.0.0.1 that records requests, serves stored
// objects and verifies signatures on its own) — no network, no AWS account.
import { executeJob } from '@orrery/engine';
import { ResourceConfigError, silentLogger } from '@orrery/sdk';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { definitions, resources } from '../src/definitions.js';
import { LocalObjectStore } from '../src/resources/object-store.js';
import { S3ObjectStore, S3RequestError, type S3ObjectStoreOptions } from '../src/resources/s3-client.js';
import { EMPTY_SHA256, canonicalQueryString, sha256Hex, signRequest, uriEncode } from '../src/resources/s3-signer.js';
import { startS3StandIn, type S3StandIn } from './s3-stand-in.js';
import { tempDir, testEnv } from './support.js';

describe('signRequest: the examples of the S3 API reference', () => {
  // "Authenticating Requests: Using the Authorization Header (AWS Signature Version 4)",
  // examples on bucket examplebucket with AWS's documentation key pair, signed at
  // 20130524T000000Z in us-east-1. The expected signatures are the page's, as quoted by the
  // tests of several independent SigV4 implementations (checked when this was written).
  const credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
  const now = new Date('2013-05-24T00:00:00Z');
  const sign = (method: string, url: string, payloadSha256 = EMPTY_SHA256, headers: Record<string, string> = {}) =>
    signRequest({ method, url: new URL(url), headers, payloadSha256, region: 'us-east-1', credentials, now });

  it('GET Object with a Range header', () => {
    const signed = sign('GET', 'https://examplebucket.s3.amazonaws.com/test.txt', EMPTY_SHA256, { Range: 'bytes=0-9' });
    expect(signed.canonicalRequest).toBe([
      'GET', '/test.txt', '',
      'host:examplebucket.s3.amazonaws.com', 'range:bytes=0-9', `x-amz-content-sha256:${EMPTY_SHA256}`, 'x-amz-date:20130524T000000Z', '',
      'host;range;x-amz-content-sha256;x-amz-date', EMPTY_SHA256,
    ].join('\n'));
    expect(signed.authorization).toBe(
      'AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,' +
        'SignedHeaders=host;range;x-amz-content-sha256;x-amz-date,' +
        'Signature=f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
    );
    expect(signed.headers).toEqual({
      range: 'bytes=0-9', 'x-amz-date': '20130524T000000Z', 'x-amz-content-sha256': EMPTY_SHA256, authorization: signed.authorization,
    });
  });

  it('PUT Object: a key with "$", a Date header and a storage class', () => {
    const body = 'Welcome to Amazon S3.';
    const signed = sign('PUT', `https://examplebucket.s3.amazonaws.com/${uriEncode('test$file.text')}`, sha256Hex(body), {
      Date: 'Fri, 24 May 2013 00:00:00 GMT', 'x-amz-storage-class': 'REDUCED_REDUNDANCY',
    });
    expect(sha256Hex(body)).toBe('44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072');
    expect(signed.canonicalRequest.split('\n').slice(0, 2)).toEqual(['PUT', '/test%24file.text']);
    expect(signed.authorization).toMatch(/,SignedHeaders=date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class,/);
    expect(signed.signature).toBe('98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd');
  });

  it('GET Bucket lifecycle (a parameter without value) and GET Bucket (list objects, parameters out of order)', () => {
    expect(sign('GET', 'https://examplebucket.s3.amazonaws.com/?lifecycle').signature).toBe('fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543');
    expect(sign('GET', 'https://examplebucket.s3.amazonaws.com/?prefix=J&max-keys=2').signature).toBe('34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7');
  });

  it('encodes as SigV4 says: every byte but A-Z a-z 0-9 - . _ ~', () => {
    expect(uriEncode("a b/c(1)*!'~_.-é")).toBe('a%20b%2Fc%281%29%2A%21%27~_.-%C3%A9');
    expect(uriEncode('reports/daily/x y.csv', true)).toBe('reports/daily/x%20y.csv');
    expect(canonicalQueryString([['prefix', 'reports/'], ['list-type', '2'], ['a', 'b c']])).toBe('a=b%20c&list-type=2&prefix=reports%2F');
  });
});

describe('S3ObjectStore against a stand-in S3-compatible endpoint', () => {
  const credentials = { accessKeyId: 'test-access-key', secretAccessKey: 'test-secret-key' };
  let s3: S3StandIn;
  const store = (options: Partial<S3ObjectStoreOptions> = {}) =>
    new S3ObjectStore({
      endpoint: s3.endpoint, region: 'us-east-1', bucket: 'orrery-reports', credentials, forcePathStyle: true, timeoutMs: 5000,
      now: () => new Date('2024-03-16T01:02:03Z'), ...options,
    });

  beforeEach(async () => {
    s3 = await startS3StandIn({ secrets: { [credentials.accessKeyId]: credentials.secretAccessKey }, pageSize: 2 });
  });
  afterEach(() => s3.close());

  it('PUTs an object in path style with signed headers, and GETs it back', async () => {
    const body = 'day,country,orders\n2024-03-15,DE,1\n';
    const put = await store().put('reports/daily_revenue/2024-03-15.csv', body);
    expect(put).toEqual({
      uri: 's3://orrery-reports/reports/daily_revenue/2024-03-15.csv', url: `${s3.endpoint}/orrery-reports/reports/daily_revenue/2024-03-15.csv`, bytes: 35,
    });
    const [request] = s3.requests;
    expect(request).toMatchObject({
      method: 'PUT',
      url: '/orrery-reports/reports/daily_revenue/2024-03-15.csv',
      headers: {
        host: s3.endpoint.slice('http://'.length),
        'x-amz-date': '20240316T010203Z',
        'x-amz-content-sha256': sha256Hex(body),
        authorization: expect.stringMatching(
          /^AWS4-HMAC-SHA256 Credential=test-access-key\/20240316\/us-east-1\/s3\/aws4_request,SignedHeaders=host;x-amz-content-sha256;x-amz-date,Signature=[0-9a-f]{64}$/,
        ),
      },
    });
    expect(request!.body.toString()).toBe(body);
    expect(s3.objects.get('/orrery-reports/reports/daily_revenue/2024-03-15.csv')?.toString()).toBe(body);

    expect((await store().get('reports/daily_revenue/2024-03-15.csv'))?.toString()).toBe(body);
    expect(s3.requests[1]).toMatchObject({ method: 'GET', url: '/orrery-reports/reports/daily_revenue/2024-03-15.csv', headers: { 'x-amz-content-sha256': EMPTY_SHA256 } });
    expect(await store().get('reports/none.csv')).toBeUndefined(); // 404 NoSuchKey
  });

  it('LISTs with ListObjectsV2, following continuation tokens across pages', async () => {
    for (const key of ['reports/a.csv', 'reports/b.csv', 'reports/c.csv', 'other/x.txt']) await store().put(key, key);
    s3.requests.length = 0;
    const listed = await store().list('reports/');
    expect(listed.map((object) => [object.key, object.size])).toEqual([['reports/a.csv', 13], ['reports/b.csv', 13], ['reports/c.csv', 13]]);
    expect(listed[0]!.lastModified).toEqual(new Date('2024-03-16T01:00:00.000Z'));
    // Pages of two keys: the second request carries the first page's token.
    expect(s3.requests.map((request) => `${request.method} ${request.url}`)).toEqual([
      'GET /orrery-reports?list-type=2&prefix=reports%2F',
      'GET /orrery-reports?continuation-token=reports%2Fb.csv&list-type=2&prefix=reports%2F',
    ]);
    expect((await store().list()).map((object) => object.key)).toEqual(['other/x.txt', 'reports/a.csv', 'reports/b.csv', 'reports/c.csv']);
  });

  it('addresses the bucket as a host name unless forcePathStyle', () => {
    const aws = store({ endpoint: 'https://s3.eu-central-1.amazonaws.com', forcePathStyle: false });
    expect(aws.url('reports/a b.csv').href).toBe('https://orrery-reports.s3.eu-central-1.amazonaws.com/reports/a%20b.csv');
    expect(aws.url('', [['list-type', '2'], ['prefix', 'reports/']]).href).toBe('https://orrery-reports.s3.eu-central-1.amazonaws.com/?list-type=2&prefix=reports%2F');
    expect(store({ endpoint: 'http://minio:9000' }).url('a.csv').href).toBe('http://minio:9000/orrery-reports/a.csv');
  });

  it('reports the store\'s error code: a wrong secret is SignatureDoesNotMatch', async () => {
    const wrong = store({ credentials: { accessKeyId: credentials.accessKeyId, secretAccessKey: 'not-the-secret' } });
    const error = await wrong.put('reports/a.csv', 'x').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(S3RequestError);
    expect(error).toMatchObject({ status: 403, code: 'SignatureDoesNotMatch', message: 'PUT reports/a.csv in bucket orrery-reports: HTTP 403 SignatureDoesNotMatch: signature does not match' });
    await expect(store().put('../escape', 'x')).rejects.toThrow(/invalid object key/);
    expect(s3.requests).toHaveLength(1); // a bad key never leaves the process
  });

  it('gives up on a request after timeoutMs', async () => {
    s3.hang = true;
    await expect(store({ timeoutMs: 50 }).get('reports/a.csv')).rejects.toMatchObject({ name: 'S3RequestError', status: undefined, message: expect.stringMatching(/GET reports\/a.csv in bucket orrery-reports: .*(timeout|aborted)/i) });
  });

  it('is what the object_store resource builds when S3_ENDPOINT is set; the revenue export then lands in the bucket', async () => {
    const dir = await tempDir();
    const env = testEnv(dir, {
      S3_ENDPOINT: s3.endpoint, S3_ACCESS_KEY_ID: credentials.accessKeyId, S3_SECRET_ACCESS_KEY: credentials.secretAccessKey, S3_FORCE_PATH_STYLE: 'true',
    });
    const config = resources.object_store.resolveConfig(env, 'object_store');
    expect(config).toMatchObject({ endpoint: s3.endpoint, region: 'us-east-1', forcePathStyle: true });
    const context = { key: 'object_store', log: silentLogger, runId: 'test-run', signal: new AbortController().signal };
    expect(await resources.object_store.setup(config, {}, context)).toBeInstanceOf(S3ObjectStore);
    expect(await resources.object_store.setup(resources.object_store.resolveConfig(testEnv(dir)), {}, context)).toBeInstanceOf(LocalObjectStore);

    const now = new Date('2024-04-01T00:00:00Z');
    expect((await executeJob(definitions, { jobName: 'customers_job', env })).success).toBe(true);
    const sales = await executeJob(definitions, { jobName: 'daily_sales_job', partitionKey: '2024-03-15', now, env });
    expect(sales.success).toBe(true);
    const csv = s3.objects.get('/orrery-reports/reports/daily_revenue/2024-03-15.csv')?.toString();
    expect(csv?.split('\n')[0]).toBe('day,country,orders,net_revenue_eur');
    expect(sales.eventsOfType('ASSET_MATERIALIZATION').at(-1)).toMatchObject({
      assetKey: 'analytics/revenue_report_export',
      data: { metadata: { uri: { value: 's3://orrery-reports/reports/daily_revenue/2024-03-15.csv' }, url: { type: 'url', value: `${s3.endpoint}/orrery-reports/reports/daily_revenue/2024-03-15.csv` } } },
    });
  });

  it('refuses an endpoint without credentials, and a flag that is not true or false', () => {
    const env = testEnv('/tmp/unused', { S3_ENDPOINT: 'https://s3.example' });
    expect(() => resources.object_store.resolveConfig(env, 'object_store')).toThrow(ResourceConfigError);
    expect(() => resources.object_store.resolveConfig(env, 'object_store')).toThrow(/accessKeyId: required when an endpoint is set.*secretAccessKey: required when an endpoint is set/);
    expect(() => resources.object_store.resolveConfig({ ...env, S3_ENDPOINT: '', S3_FORCE_PATH_STYLE: 'yes' }, 'object_store')).toThrow(/forcePathStyle/);
    expect(() => resources.object_store.resolveConfig({ ...env, S3_ENDPOINT: 'ftp://files.example' }, 'object_store')).toThrow(/endpoint/);
  });
});
