import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { ioManagerResource, type ResourceDefinition } from '../resources/resource.js';
import type { ConfigValues } from '../resources/env-var.js';
import {
  StoredValueNotFoundError,
  describeStored,
  loadByPartition,
  valuesByPartition,
  type IOManager,
  type InputContext,
  type OutputContext,
} from './io-manager.js';
import { jsonSerializer, type Serializer } from './serializers.js';

/** Default base directory, relative to the executor's working directory. */
export const DEFAULT_STORAGE_DIR = '.orrery/storage';

/** Options of {@link FilesystemIOManager}. */
export interface FilesystemIOManagerOptions {
  /** Root of the stored files. Default {@link DEFAULT_STORAGE_DIR}. */
  readonly baseDir?: string;
  /** Default {@link jsonSerializer}. */
  readonly serializer?: Serializer;
}

/**
 * Stores each output as a file (Dagster's FilesystemIOManager / UPathIOManager layout):
 * assets at `<baseDir>/<key parts>[/<partition>]<ext>`, op outputs at
 * `<baseDir>/<runId>/<stepKey>/<output><ext>`. Files are written to a temporary name and
 * renamed, so a reader never sees half a file.
 */
export class FilesystemIOManager implements IOManager {
  readonly baseDir: string;
  readonly serializer: Serializer;

  constructor(options: FilesystemIOManagerOptions = {}) {
    this.baseDir = options.baseDir ?? DEFAULT_STORAGE_DIR;
    this.serializer = options.serializer ?? jsonSerializer;
  }

  async handleOutput(context: OutputContext, value: unknown): Promise<void> {
    for (const [partitionKey, partValue] of valuesByPartition('filesystemIOManager', context, value)) {
      const path = this.pathFor(context, partitionKey);
      await mkdir(dirname(path), { recursive: true });
      const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
      await writeFile(temporary, this.serializer.serialize(partValue));
      await rename(temporary, path);
    }
  }

  async loadInput(context: InputContext): Promise<unknown> {
    return loadByPartition(context, async (partitionKey) => {
      const upstream = context.upstreamOutput;
      const path =
        context.assetKey === undefined && upstream !== undefined
          ? this.opPath(upstream.runId, upstream.stepKey, upstream.outputName)
          : this.pathFor(context, partitionKey);
      let data: Uint8Array;
      try {
        data = await readFile(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new StoredValueNotFoundError(describeStored(context, partitionKey));
        throw error;
      }
      return this.serializer.deserialize(data);
    });
  }

  /** The file of an output or input (asset outputs by key and partition). */
  pathFor(context: OutputContext | InputContext, partitionKey: string): string {
    if (context.assetKey !== undefined) {
      const parts = context.assetKey.map(safeSegment);
      if (partitionKey === '') return join(this.baseDir, ...parts) + this.serializer.extension;
      return join(this.baseDir, ...parts, safeSegment(partitionKey)) + this.serializer.extension;
    }
    // A mapped dynamic step's key already carries its mapping key (`process[file_3]`).
    const outputName = 'outputName' in context ? context.outputName : context.inputName;
    return this.opPath(context.runId, context.stepKey, outputName);
  }

  private opPath(runId: string, stepKey: string, outputName: string): string {
    return join(this.baseDir, safeSegment(runId), safeSegment(stepKey), safeSegment(outputName)) + this.serializer.extension;
  }
}

/**
 * One path segment from a key part or partition key: percent-encoded so `/`, `|` and the
 * like cannot create directories, and `.`/`..` encoded so nothing escapes `baseDir`.
 */
export function safeSegment(part: string): string {
  const encoded = encodeURIComponent(part);
  return encoded === '.' || encoded === '..' ? encoded.replaceAll('.', '%2E') : encoded;
}

const configSchema = z.object({ baseDir: z.string().min(1).default(DEFAULT_STORAGE_DIR) });

/**
 * The default IO manager as a resource: `resources: { io_manager: filesystemIOManager({ baseDir: env('DATA_DIR') }) }`.
 * `baseDir` may be an env reference; the serializer stays in code (not in snapshots).
 */
export function filesystemIOManager(
  options: { readonly baseDir?: ConfigValues<string>; readonly serializer?: Serializer } = {},
): ResourceDefinition<FilesystemIOManager, typeof configSchema, never> {
  const serializer = options.serializer ?? jsonSerializer;
  return ioManagerResource({
    description: `Files under baseDir (${serializer.extension})`,
    config: configSchema,
    setup: (config) => new FilesystemIOManager({ baseDir: config.baseDir, serializer }),
  }).configured(options.baseDir === undefined ? {} : { baseDir: options.baseDir });
}
