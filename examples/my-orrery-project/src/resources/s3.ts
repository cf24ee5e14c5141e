// The object store reports are published to, chosen by config: with an endpoint, an
// S3-compatible bucket over HTTP (s3-client.ts, SigV4-signed); without one, a local
// directory standing in for the bucket (object-store.ts), so the example runs offline.
import { resource } from '@orrery/sdk';
import { z } from 'zod';
import { LocalObjectStore, type ObjectStore } from './object-store.js';
import { S3ObjectStore } from './s3-client.js';

/** `true`/`false` (also `1`/`0`) as env() gives them; empty is false. */
const flag = z
  .union([z.boolean(), z.enum(['', 'true', 'false', '1', '0'], { error: 'expected true or false' })])
  .transform((value) => value === true || value === 'true' || value === '1');

/** Config of {@link objectStore}. Every field but `bucket` may come from env(); empty strings take the defaults. */
export const objectStoreConfig = z
  .object({
    /** S3 bucket naming rules. */
    bucket: z.string().regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'a bucket name is 3-63 of a-z 0-9 . -'),
    /** Local mode: the directory holding the local buckets. */
    rootDir: z.string().default(''),
    /** S3 mode: `http(s)://host[:port]` of the store; empty for local mode. */
    endpoint: z.union([z.literal(''), z.url({ protocol: /^https?$/, error: 'expected an http(s) URL or nothing' })]).default(''),
    /** Region the requests are signed for; empty: `us-east-1` (what MinIO expects by default). */
    region: z.string().default('').transform((region) => (region === '' ? 'us-east-1' : region)),
    accessKeyId: z.string().default(''),
    secretAccessKey: z.string().default(''),
    /** Bucket in the path (`<endpoint>/<bucket>/<key>`) rather than the host name. */
    forcePathStyle: flag.default(false),
    /** Time limit of one S3 request, in ms. */
    timeoutMs: z.coerce.number().int().positive().default(30_000),
  })
  .superRefine((config, context) => {
    if (config.endpoint === '') {
      if (config.rootDir === '') context.addIssue({ code: 'custom', path: ['rootDir'], message: 'required when no endpoint is set (local mode)' });
      return;
    }
    for (const field of ['accessKeyId', 'secretAccessKey'] as const) {
      if (config[field] === '') context.addIssue({ code: 'custom', path: [field], message: 'required when an endpoint is set' });
    }
  });

/** The object store resource (key `object_store`). */
export const objectStore = resource({
  description: 'Object store for published reports: an S3-compatible bucket when an endpoint is set, else a local directory',
  config: objectStoreConfig,
  setup: (config, _deps, context): ObjectStore => {
    if (config.endpoint === '') return new LocalObjectStore(config.rootDir, config.bucket);
    context.log.info('object store: S3-compatible endpoint', { endpoint: config.endpoint, bucket: config.bucket, pathStyle: config.forcePathStyle });
    return new S3ObjectStore({
      endpoint: config.endpoint,
      region: config.region,
      bucket: config.bucket,
      credentials: { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey },
      forcePathStyle: config.forcePathStyle,
      timeoutMs: config.timeoutMs,
    });
  },
});
