import { GetObjectCommand, NoSuchKey, PutObjectCommand, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { streamPath, type LogStream } from './log-key.js';

/** Where and how compute logs are uploaded (`compute_logs` of type s3 in orrery.yaml). */
export interface S3LogStoreOptions {
  bucket: string;
  /** Key prefix without a trailing slash; objects are `<prefix>/<runId>/<stepKey>.out|.err`. Default "orrery". */
  prefix?: string;
  /** Endpoint of an S3-compatible store; unset = AWS S3. */
  endpoint?: string | undefined;
  /** Unset = the SDK's default chain (AWS_REGION, profile); "us-east-1" when an endpoint is set. */
  region?: string | undefined;
  /** Both or neither; neither = the SDK's credential chain. */
  accessKeyId?: string | undefined;
  secretAccessKey?: string | undefined;
  /** Bucket in the path rather than the host name (most S3-compatible stores need it). Default false. */
  forcePathStyle?: boolean;
  /** Longest wait for one S3 request, in ms: a hung request must not hold later uploads forever. Default 60000. */
  requestTimeoutMs?: number;
}

/**
 * Compute log objects in S3 or an S3-compatible store, through @aws-sdk/client-s3. Checksums
 * are sent and checked only where S3 requires them: the SDK's newer default (a CRC trailer
 * on every upload) is refused by several S3-compatible stores.
 */
export class S3LogStore {
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly prefix: string;

  constructor(options: S3LogStoreOptions) {
    this.bucket = options.bucket;
    this.prefix = (options.prefix ?? 'orrery').replace(/\/+$/, '');
    const config: S3ClientConfig = {
      forcePathStyle: options.forcePathStyle ?? false,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      requestHandler: { requestTimeout: options.requestTimeoutMs ?? 60_000, connectionTimeout: 10_000 },
    };
    if (options.endpoint !== undefined) config.endpoint = options.endpoint;
    const region = options.region ?? (options.endpoint !== undefined ? 'us-east-1' : undefined);
    if (region !== undefined) config.region = region;
    if (options.accessKeyId !== undefined && options.secretAccessKey !== undefined) {
      config.credentials = { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey };
    }
    this.client = new S3Client(config);
  }

  /** The object key of one stream of a log key. */
  keyOf(logKey: string, stream: LogStream): string {
    const path = streamPath(logKey, stream);
    return this.prefix === '' ? path : `${this.prefix}/${path}`;
  }

  /** Replaces the stream's object with `body` (the whole file: S3 has no append). */
  async put(logKey: string, stream: LogStream, body: string): Promise<void> {
    await this.client.send(new PutObjectCommand({
      Bucket: this.bucket, Key: this.keyOf(logKey, stream), Body: body, ContentType: 'text/plain; charset=utf-8',
    }));
  }

  /** The stream's text as last uploaded; null when there is no object. */
  async get(logKey: string, stream: LogStream): Promise<string | null> {
    try {
      const response = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: this.keyOf(logKey, stream) }));
      return (await response.Body?.transformToString('utf8')) ?? '';
    } catch (error) {
      if (error instanceof NoSuchKey) return null;
      throw error;
    }
  }

  /** Closes the client's connections. */
  destroy(): void {
    this.client.destroy();
  }
}
