// The weather dataset: the directory holding seattle-weather.csv. By default
// (WEATHER_DATA_DIR empty) the copy shipped in this project's data/ directory, found from
// this module's own path, so it works from src/ and dist/ and from any working directory.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { resource } from '@orrery/sdk';
import { z } from 'zod';
import { parseCsv } from '../utils/helpers.js';
import { WEATHER_COLUMNS, type RawWeatherDay } from '../utils/weather.js';

/** The file the dataset reads, in its directory. */
export const SEATTLE_WEATHER_FILE = 'seattle-weather.csv';

/** This project's data/ directory (src/resources/ and dist/resources/ are both two levels below it). */
export const SHIPPED_DATA_DIR = fileURLToPath(new URL('../../data/', import.meta.url));

/** Thrown by {@link WeatherDataset.day} for a day the file has no row for. */
export class WeatherDayNotFoundError extends Error {
  constructor(
    readonly date: string,
    readonly file: string,
  ) {
    super(`${file} has no row for ${date}`);
    this.name = 'WeatherDayNotFoundError';
  }
}

/** Thrown when the file lacks a column the assets read, or holds a day twice. */
export class WeatherFileError extends Error {
  constructor(
    message: string,
    readonly file: string,
  ) {
    super(`${file}: ${message}`);
    this.name = 'WeatherFileError';
  }
}

/** The rows of seattle-weather.csv by date. The file is read once per instance (once per run). */
export class WeatherDataset {
  private rows: Promise<Map<string, RawWeatherDay>> | undefined;

  constructor(readonly dir: string) {}

  /** The CSV file read. */
  get file(): string {
    return join(this.dir, SEATTLE_WEATHER_FILE);
  }

  /** The row of `date` (`YYYY-MM-DD`), as text. */
  async day(date: string): Promise<RawWeatherDay> {
    const row = (await this.load()).get(date);
    if (row === undefined) throw new WeatherDayNotFoundError(date, this.file);
    return row;
  }

  /** Every date of the file, in file order. */
  async dates(): Promise<string[]> {
    return [...(await this.load()).keys()];
  }

  private load(): Promise<Map<string, RawWeatherDay>> {
    // A failed read is not cached: the next call tries again.
    this.rows ??= this.read().catch((error: unknown) => {
      this.rows = undefined;
      throw error;
    });
    return this.rows;
  }

  private async read(): Promise<Map<string, RawWeatherDay>> {
    const records = parseCsv(await readFile(this.file, 'utf8'));
    const missing = WEATHER_COLUMNS.filter((column) => records[0] !== undefined && !(column in records[0]));
    if (missing.length > 0) throw new WeatherFileError(`missing columns ${missing.join(', ')}`, this.file);
    const rows = new Map<string, RawWeatherDay>();
    for (const record of records) {
      const row = Object.fromEntries(WEATHER_COLUMNS.map((column) => [column, record[column] ?? ''])) as unknown as RawWeatherDay;
      if (rows.has(row.date)) throw new WeatherFileError(`${row.date} appears twice`, this.file);
      rows.set(row.date, row);
    }
    return rows;
  }
}

/** Config of {@link weatherData}. */
export const weatherDataConfig = z.object({
  /** Directory holding seattle-weather.csv; empty: this project's data/ directory. */
  dir: z.string().default(''),
});

/** The weather dataset resource (key `weather_data`). */
export const weatherData = resource({
  description: "Seattle's daily weather 2012-2015 (NOAA, via vega-datasets): data/seattle-weather.csv unless dir is set",
  config: weatherDataConfig,
  setup: (config, _deps, context) => {
    const dataset = new WeatherDataset(config.dir === '' ? SHIPPED_DATA_DIR : config.dir);
    context.log.info('weather data', { file: dataset.file });
    return dataset;
  },
});
