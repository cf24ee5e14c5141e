// An S3-compatible object store over HTTP: PutObject, GetObject and ListObjectsV2 signed
// with SigV4 (s3-signer.ts), using the global fetch. Works with AWS S3, MinIO, R2 and the
// like, addressed by endpoint: path style (`<endpoint>/<bucket>/<key>`) or virtual-hosted
// style (`<bucket>.<endpoint host>/<key>`).
import { assertObjectKey, type ObjectStore, type PutResult, type StoredObject } from './object-store.js';
import { EMPTY_SHA256, canonicalQueryString, sha256Hex, signRequest, uriEncode, type AwsCredentials } from './s3-signer.js';

/** Options of {@link S3ObjectStore}. */
export interface S3ObjectStoreOptions {
  /** `https://s3.eu-central-1.amazonaws.com`, `http://127.0.0.1:9000`, …: scheme, host and port only. */
  readonly endpoint: string;
  readonly region: string;
  readonly bucket: string;
  readonly credentials: AwsCredentials;
  /** Address the bucket in the path rather than the host name (MinIO and most S3-compatible stores need it). */
  readonly forcePathStyle: boolean;
  /** Time limit of one request, in ms. */
  readonly timeoutMs: number;
  /** Injected in tests; default the global fetch. */
  readonly fetch?: typeof fetch;
  /** The signing clock; default the system clock. */
  readonly now?: () => Date;
}

/** Thrown when the store answers with an error (or not at all); `code` is S3's error code when it sent one. */
export class S3RequestError extends Error {
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly code: string | undefined,
    options: { cause?: unknown } = {},
  ) {
    super(message, options);
    this.name = 'S3RequestError';
  }
}

/** An S3 bucket behind an S3-compatible endpoint. */
export class S3ObjectStore implements ObjectStore {
  readonly bucket: string;
  private readonly origin: URL;
  private readonly fetch: typeof fetch;
  private readonly now: () => Date;

  constructor(private readonly options: S3ObjectStoreOptions) {
    this.bucket = options.bucket;
    this.origin = new URL(options.endpoint);
    this.fetch = options.fetch ?? globalThis.fetch;
    this.now = options.now ?? (() => new Date());
  }

  /** The URL of `key` (or of the bucket, for an empty key), in the configured addressing style. */
  url(key: string, query: readonly (readonly [string, string])[] = []): URL {
    const path = key.split('/').map((part) => uriEncode(part)).join('/');
    const search = query.length > 0 ? `?${canonicalQueryString(query)}` : '';
    const { protocol, host } = this.origin;
    // The bucket itself is `/<bucket>` in path style, `/` on its own host.
    return this.options.forcePathStyle
      ? new URL(`${protocol}//${host}/${this.bucket}${path === '' ? '' : `/${path}`}${search}`)
      : new URL(`${protocol}//${this.bucket}.${host}/${path}${search}`);
  }

  async put(key: string, body: string | Uint8Array): Promise<PutResult> {
    assertObjectKey(key);
    const bytes = typeof body === 'string' ? Buffer.from(body) : body;
    const url = this.url(key);
    await this.request('PUT', url, `PUT ${key}`, bytes);
    return { uri: `s3://${this.bucket}/${key}`, url: url.href, bytes: bytes.byteLength };
  }

  async get(key: string): Promise<Buffer | undefined> {
    assertObjectKey(key);
    const response = await this.request('GET', this.url(key), `GET ${key}`, undefined, [404]);
    return response.status === 404 ? undefined : Buffer.from(await response.arrayBuffer());
  }

  async list(prefix = ''): Promise<StoredObject[]> {
    const objects: StoredObject[] = [];
    let token: string | undefined;
    // ListObjectsV2 returns at most 1,000 keys per page: follow the continuation tokens.
    do {
      const query: [string, string][] = [['list-type', '2'], ['prefix', prefix]];
      if (token !== undefined) query.push(['continuation-token', token]);
      const xml = await (await this.request('GET', this.url('', query), `LIST ${prefix || '(all)'}`)).text();
      for (const contents of xmlElements(xml, 'Contents')) {
        objects.push({
          key: xmlElements(contents, 'Key')[0] ?? '',
          size: Number(xmlElements(contents, 'Size')[0] ?? 0),
          lastModified: new Date(xmlElements(contents, 'LastModified')[0] ?? 0),
        });
      }
      token = xmlElements(xml, 'IsTruncated')[0] === 'true' ? xmlElements(xml, 'NextContinuationToken')[0] : undefined;
    } while (token !== undefined);
    return objects.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  private async request(method: string, url: URL, what: string, body?: Uint8Array, acceptedStatuses: readonly number[] = []): Promise<Response> {
    const signed = signRequest({
      method,
      url,
      payloadSha256: body === undefined ? EMPTY_SHA256 : sha256Hex(body),
      region: this.options.region,
      credentials: this.options.credentials,
      now: this.now(),
    });
    let response: Response;
    try {
      response = await this.fetch(url, { method, headers: signed.headers, body, signal: AbortSignal.timeout(this.options.timeoutMs) });
    } catch (error) {
      throw new S3RequestError(`${what} in bucket ${this.bucket}: ${(error as Error).message}`, undefined, undefined, { cause: error });
    }
    if (response.ok || acceptedStatuses.includes(response.status)) return response;
    const text = await response.text().catch(() => '');
    const code = xmlElements(text, 'Code')[0];
    const message = xmlElements(text, 'Message')[0];
    throw new S3RequestError(
      `${what} in bucket ${this.bucket}: HTTP ${response.status}${code === undefined ? '' : ` ${code}`}${message === undefined ? '' : `: ${message}`}`,
      response.status,
      code,
    );
  }
}

/**
 * The text of each `<tag>…</tag>` in `xml`, entities decoded. S3's responses are flat and
 * regular enough for this; it is no general XML parser.
 */
export function xmlElements(xml: string, tag: string): string[] {
  return [...xml.matchAll(new RegExp(`<${tag}>([\\s\\S]*?)</${tag}>`, 'g'))].map((match) => decodeXml(match[1]!));
}

function decodeXml(text: string): string {
  return text.replace(/&(lt|gt|quot|apos|amp|#\d+|#x[0-9a-fA-F]+);/g, (_entity, name: string) => {
    if (name.startsWith('#x')) return String.fromCodePoint(Number.parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(Number(name.slice(1)));
    return { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' }[name]!;
  });
}
