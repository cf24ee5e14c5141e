// The object store interface the assets use, and its local backend: a directory standing
// in for the bucket (`<rootDir>/<bucket>/<key>`), so the example runs offline. The S3
// backend is s3-client.ts; s3.ts chooses between them.
import { mkdir, readFile, readdir, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';

/** One stored object. */
export interface StoredObject {
  readonly key: string;
  readonly size: number;
  readonly lastModified: Date;
}

/** Where {@link ObjectStore.put} wrote. */
export interface PutResult {
  /** `s3://<bucket>/<key>`: the object's address, whatever the backend. */
  readonly uri: string;
  /** The local backend: the file written. */
  readonly path?: string;
  /** An S3-compatible store: the object's URL. */
  readonly url?: string;
  readonly bytes: number;
}

/** The S3 operations the example uses. */
export interface ObjectStore {
  readonly bucket: string;
  put(key: string, body: string | Uint8Array): Promise<PutResult>;
  /** The object's bytes; undefined when there is none. */
  get(key: string): Promise<Buffer | undefined>;
  /** Objects whose key starts with `prefix`, by key. */
  list(prefix?: string): Promise<StoredObject[]>;
}

const KEY_PART = /^[A-Za-z0-9._=-]+$/;

/** Object keys are `/`-separated parts of safe characters; `.` and `..` parts are refused. */
export function assertObjectKey(key: string): void {
  const parts = key.split('/');
  if (key === '' || parts.some((part) => !KEY_PART.test(part) || part === '.' || part === '..')) {
    throw new RangeError(`invalid object key ${JSON.stringify(key)}`);
  }
}

/** An object store in a local directory. */
export class LocalObjectStore implements ObjectStore {
  private readonly bucketDir: string;

  constructor(
    rootDir: string,
    readonly bucket: string,
  ) {
    this.bucketDir = join(rootDir, bucket);
  }

  async put(key: string, body: string | Uint8Array): Promise<PutResult> {
    assertObjectKey(key);
    const path = join(this.bucketDir, ...key.split('/'));
    await mkdir(dirname(path), { recursive: true });
    await writeFile(`${path}.tmp`, body);
    await rename(`${path}.tmp`, path);
    const bytes = typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
    return { uri: `s3://${this.bucket}/${key}`, path, bytes };
  }

  async get(key: string): Promise<Buffer | undefined> {
    assertObjectKey(key);
    try {
      return await readFile(join(this.bucketDir, ...key.split('/')));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async list(prefix = ''): Promise<StoredObject[]> {
    let names: string[];
    try {
      names = await readdir(this.bucketDir, { recursive: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const objects: StoredObject[] = [];
    for (const name of names) {
      const key = name.split(sep).join('/');
      if (!key.startsWith(prefix) || key.endsWith('.tmp')) continue;
      const info = await stat(join(this.bucketDir, name));
      if (info.isFile()) objects.push({ key, size: info.size, lastModified: info.mtime });
    }
    return objects.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }
}
