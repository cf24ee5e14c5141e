import { OrreryError } from '@orrery/contracts';

/**
 * The input of {@link buildRunJobManifest} cannot make a valid Job. `field` names what to
 * fix: an `orrery.yaml` key path for config (`run_launcher.image`,
 * `run_launcher.env_vars[1]`) or the argument (`run.attempt`, `command`).
 */
export class RunJobManifestError extends OrreryError<'VALIDATION_FAILED', { field: string; reason: string }> {
  constructor(
    /** What to fix: an `orrery.yaml` key path or an argument of buildRunJobManifest. */
    readonly field: string,
    /** Why the value cannot be used, e.g. `is not a Kubernetes quantity`. */
    readonly reason: string,
  ) {
    super('VALIDATION_FAILED', { message: `Kubernetes run Job: ${field} ${reason}`, details: { field, reason } });
  }
}
