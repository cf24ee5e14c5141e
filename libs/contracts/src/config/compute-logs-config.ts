import { z } from 'zod';
import { integer, flag, text } from './fields.js';

const localComputeLogsSchema = z
  .strictObject({
    type: z.literal('local').describe('Storage type: local files (the default).'),
    base_dir: text()
      .default('./compute-logs')
      .describe('Directory of the log files; a relative path is relative to each service\'s working directory. Default: "./compute-logs".'),
  })
  .describe('Keep stdout/stderr of steps as files on the executor\'s disk.');

const s3ComputeLogsSchema = z
  .strictObject({
    type: z.literal('s3').describe('Storage type: S3 or S3-compatible object store.'),
    bucket: text().describe('Bucket name. Required.'),
    prefix: z.string().default('orrery').describe('Key prefix of every log object. Default: "orrery".'),
    endpoint: text()
      .optional()
      .describe('Endpoint of an S3-compatible store (MinIO, R2). Default: unset, AWS S3.'),
    region: text().optional().describe('Bucket region. Default: unset, the SDK\'s default chain.'),
    access_key_id: text()
      .optional()
      .describe('Access key id; set together with secret_access_key. Default: unset, the SDK\'s credential chain.'),
    secret_access_key: text()
      .optional()
      .describe('Secret access key; set together with access_key_id. Default: unset.'),
    force_path_style: flag()
      .default(false)
      .describe('Address the bucket as a path (most S3-compatible stores need it). Default: false.'),
    upload_interval_seconds: integer({ min: 1 })
      .optional()
      .describe('Upload partial logs of running steps this often, in seconds. Default: unset, upload when the step ends.'),
  })
  .superRefine((value, ctx) => {
    // One key without the other would silently fall back to the SDK chain for both.
    if ((value.access_key_id === undefined) !== (value.secret_access_key === undefined)) {
      const missing = value.access_key_id === undefined ? 'access_key_id' : 'secret_access_key';
      ctx.addIssue({ code: 'custom', path: [missing], message: 'required when the other credential is set' });
    }
  })
  .describe('Upload stdout/stderr of steps to S3 or an S3-compatible store.');

/** `compute_logs:` — where stdout/stderr of steps is kept, chosen by `type`. */
export const computeLogsConfigSchema = z
  .discriminatedUnion('type', [localComputeLogsSchema, s3ComputeLogsSchema])
  .describe('Where stdout/stderr of steps is kept: type local (default) or s3.');
