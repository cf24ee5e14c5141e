import { MS_PER_HOUR, MS_PER_MINUTE } from '../cron/civil.js';
import { zoneTimeline } from '../cron/zone-timeline.js';

/** The local time of an instant as ISO 8601 with its offset: `2025-11-02T01:30:00-05:00`. */
export function formatLocalTime(timezone: string, instantMs: number): string {
  const offset = zoneTimeline(timezone).offsetAt(instantMs);
  const local = new Date(instantMs + offset).toISOString().slice(0, 19);
  const magnitude = Math.abs(offset);
  const hours = Math.floor(magnitude / MS_PER_HOUR);
  const minutes = Math.floor((magnitude % MS_PER_HOUR) / MS_PER_MINUTE);
  const seconds = Math.floor((magnitude % MS_PER_MINUTE) / 1000);
  const pad = (value: number): string => String(value).padStart(2, '0');
  // Seconds appear only for historical local mean times (e.g. -04:56:02).
  const suffix = `${offset < 0 ? '-' : '+'}${pad(hours)}:${pad(minutes)}${seconds === 0 ? '' : `:${pad(seconds)}`}`;
  return `${local}${suffix}`;
}
