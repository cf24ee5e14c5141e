// AWS Signature Version 4 for S3 requests, signed in the Authorization header, with
// node:crypto only (AWS S3 API reference, "Authenticating Requests: Using the
// Authorization Header"). Small on purpose: the example needs PUT, GET and LIST, not an SDK.
import { createHash, createHmac } from 'node:crypto';

/** An access key pair. */
export interface AwsCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
}

/** What {@link signRequest} signs. */
export interface SignRequestInput {
  readonly method: string;
  /**
   * The request URL. Its path must already be URI-encoded the way S3 expects (each key
   * segment with {@link uriEncode}): S3 signs the path as sent and never normalizes it.
   */
  readonly url: URL;
  /** Headers to send and sign besides host, x-amz-date and x-amz-content-sha256 (any case). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Hex SHA-256 of the body ({@link EMPTY_SHA256} for none). */
  readonly payloadSha256: string;
  readonly region: string;
  /** Default `s3`. */
  readonly service?: string;
  readonly credentials: AwsCredentials;
  /** The signing time; the signature is valid for 15 minutes around it. */
  readonly now: Date;
}

/** A signed request. */
export interface SignedRequest {
  /** The headers to send (lower-case names, with `authorization`; without `host`, which fetch sets from the URL). */
  readonly headers: Record<string, string>;
  readonly authorization: string;
  readonly canonicalRequest: string;
  readonly stringToSign: string;
  /** Hex HMAC-SHA256 signature. */
  readonly signature: string;
}

/** SHA-256 of an empty body. */
export const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** Hex SHA-256. */
export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** `YYYYMMDDTHHMMSSZ`, the x-amz-date format. */
export function amzDate(now: Date): string {
  return now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

/**
 * Percent-encodes every byte of the UTF-8 text except `A-Z a-z 0-9 - . _ ~` (and `/` when
 * `keepSlash`), as SigV4 requires. encodeURIComponent leaves `! ' ( ) *` as they are: those are encoded too.
 */
export function uriEncode(text: string, keepSlash = false): string {
  const encoded = encodeURIComponent(text).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
  return keepSlash ? encoded.replaceAll('%2F', '/') : encoded;
}

/** The canonical query string: names and values encoded, sorted by name then value; `?lifecycle` is `lifecycle=`. */
export function canonicalQueryString(params: URLSearchParams | Iterable<readonly [string, string]>): string {
  return [...params]
    .map(([name, value]) => [uriEncode(name), uriEncode(value)] as const)
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

const hmac = (key: string | Buffer, data: string): Buffer => createHmac('sha256', key).update(data).digest();

/** Signs a request: adds x-amz-date, x-amz-content-sha256 and authorization to its headers. */
export function signRequest(input: SignRequestInput): SignedRequest {
  const service = input.service ?? 's3';
  const stamp = amzDate(input.now);
  const day = stamp.slice(0, 8);
  const scope = `${day}/${input.region}/${service}/aws4_request`;

  const headers = new Map<string, string>();
  for (const [name, value] of Object.entries(input.headers ?? {})) headers.set(name.toLowerCase(), value);
  headers.set('host', input.url.host);
  headers.set('x-amz-date', stamp);
  headers.set('x-amz-content-sha256', input.payloadSha256);
  const names = [...headers.keys()].sort();
  // Values are trimmed and inner runs of spaces collapsed to one.
  const canonicalHeaders = names.map((name) => `${name}:${headers.get(name)!.trim().replace(/\s+/g, ' ')}\n`).join('');
  const signedHeaders = names.join(';');

  const canonicalRequest = [
    input.method.toUpperCase(),
    input.url.pathname,
    canonicalQueryString(input.url.searchParams),
    canonicalHeaders,
    signedHeaders,
    input.payloadSha256,
  ].join('\n');
  const stringToSign = ['AWS4-HMAC-SHA256', stamp, scope, sha256Hex(canonicalRequest)].join('\n');
  const signingKey = hmac(hmac(hmac(hmac(`AWS4${input.credentials.secretAccessKey}`, day), input.region), service), 'aws4_request');
  const signature = createHmac('sha256', signingKey).update(stringToSign).digest('hex');
  const authorization = `AWS4-HMAC-SHA256 Credential=${input.credentials.accessKeyId}/${scope},SignedHeaders=${signedHeaders},Signature=${signature}`;

  headers.delete('host');
  return { headers: { ...Object.fromEntries(headers), authorization }, authorization, canonicalRequest, stringToSign, signature };
}
