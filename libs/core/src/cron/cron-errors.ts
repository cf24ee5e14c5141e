import { OrreryError } from '@orrery/contracts';

/** Details of {@link InvalidCronError}, sent on the wire. */
export interface InvalidCronDetails {
  /** The cron string as the user wrote it. */
  cron: string;
  /** Why it was refused, in words a user can act on. */
  reason: string;
}

/**
 * Thrown when a cron string is refused at load time: not five fields, a value out of
 * range, a syntax croner rejects, or a day that never occurs (`0 0 31 2 *`).
 */
export class InvalidCronError extends OrreryError<'VALIDATION_FAILED', InvalidCronDetails> {
  readonly cron: string;
  readonly reason: string;

  constructor(cron: string, reason: string, cause?: unknown) {
    super('VALIDATION_FAILED', { message: `invalid cron "${cron}": ${reason}`, details: { cron, reason }, cause });
    this.cron = cron;
    this.reason = reason;
  }
}

/** Thrown when a schedule names a time zone that is not an IANA zone name. */
export class InvalidTimeZoneError extends OrreryError<'VALIDATION_FAILED', { timezone: string }> {
  readonly timezone: string;

  constructor(timezone: string, cause?: unknown) {
    super('VALIDATION_FAILED', {
      message: `invalid time zone "${timezone}": use an IANA name such as "America/New_York" or "UTC"`,
      details: { timezone },
      cause,
    });
    this.timezone = timezone;
  }
}
