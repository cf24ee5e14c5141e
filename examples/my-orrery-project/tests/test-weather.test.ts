// The weather assets on the real dataset (data/seattle-weather.csv) through materialize()
// and executeJob(): one day, a range of days, the whole period. Expected values come from
// the CSV read here independently of the code under test, and a few were checked by hand
// (awk over the file); see data/README.md for the dataset.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { InMemoryIOManager, buildInputContext } from '@orrery/sdk';
import { executeJob, materialize } from '@orrery/engine';
import { describe, expect, it } from 'vitest';
import { rainLast7Days, seattleWeatherRecords } from '../src/assets/analytics.js';
import { rawSeattleWeather } from '../src/assets/raw-data.js';
import { cleanWeather, weatherReadingsArePlausible } from '../src/assets/transformed-data.js';
import { definitions } from '../src/definitions.js';
import { SHIPPED_DATA_DIR } from '../src/resources/weather-data.js';
import { InvalidWeatherRowError, parseWeatherDay, rainWindow, weatherRecords, type RainWindow, type WeatherDay, type WeatherRecords } from '../src/utils/weather.js';
import { definitionResources, tempDir, testEnv } from './support.js';

const weatherAssets = [rawSeattleWeather, cleanWeather, weatherReadingsArePlausible, rainLast7Days, seattleWeatherRecords];
const dailyAssets = 'tag:domain=weather and not key:analytics/seattle_weather_records';
const CSV = readFileSync(join(SHIPPED_DATA_DIR, 'seattle-weather.csv'), 'utf8');

/** The file read the plain way: it has no quoted fields. */
const reference: WeatherDay[] = CSV.trim().split('\n').slice(1).map((line) => {
  const [date, precipitation, tempMax, tempMin, wind, weather] = line.split(',') as [string, string, string, string, string, string];
  return { date, precipitationMm: Number(precipitation), tempMaxC: Number(tempMax), tempMinC: Number(tempMin), wind: Number(wind), weather: weather as WeatherDay['weather'] };
});

/** The 7-day rain of the day at `index` of the reference, summed the naive way and rounded. */
function expectedWindow(index: number): Omit<RainWindow, 'wettest'> {
  const window = reference.slice(Math.max(0, index - 6), index + 1);
  let streak = 0;
  while (streak < window.length && window[window.length - 1 - streak]!.precipitationMm > 0) streak += 1;
  return {
    date: reference[index]!.date,
    from: window[0]!.date,
    days: window.length,
    rainMm: Math.round(window.reduce((sum, day) => sum + day.precipitationMm, 0) * 10) / 10,
    rainyDays: window.filter((day) => day.precipitationMm > 0).length,
    rainyStreak: streak,
  };
}

/** What a run stored for `key` (and `partitionKey`) in a shared in-memory IO manager. */
function stored(io: InMemoryIOManager, key: string, partitionKey?: string): Promise<unknown> {
  return io.loadInput(buildInputContext({ assetKey: key, partitionKeys: partitionKey === undefined ? [] : [partitionKey] }));
}

/** A copy of the data directory with some lines of the CSV replaced. */
async function editedDataDir(edit: (lines: string[]) => string[]): Promise<string> {
  const dir = await tempDir();
  await writeFile(join(dir, 'seattle-weather.csv'), `${edit(CSV.trimEnd().split('\n')).join('\n')}\n`);
  return dir;
}

describe('the dataset', () => {
  it('is the unchanged file of vega-datasets 3.2.1: its bytes and the git blob SHA-1 of datapackage.json', () => {
    const bytes = readFileSync(join(SHIPPED_DATA_DIR, 'seattle-weather.csv'));
    expect(bytes.byteLength).toBe(48_219);
    // datapackage.json's "sha1:…" is the git object id of the file: SHA-1 of "blob <size>\0" + bytes.
    const blob = createHash('sha1').update(`blob ${bytes.byteLength}\0`).update(bytes).digest('hex');
    expect(blob).toBe('0f38b53bdc1c42c5e5d484f33b9d4d7b229e0e59');
    expect(reference).toHaveLength(1461); // 2012 (leap year) to 2015, a row a day
    expect([reference[0]!.date, reference.at(-1)!.date]).toEqual(['2012-01-01', '2015-12-31']);
  });
});

describe('one day and a range of days', () => {
  it('materializes a range of days in one run, then a single day reading the six before it from the store', async () => {
    const io = new InMemoryIOManager();
    const resources = { ...definitionResources(), io_manager: io };
    const env = testEnv(await tempDir());

    const range = await materialize(weatherAssets, { selection: dailyAssets, partitionKeyRange: { start: '2012-01-01', end: '2012-01-10' }, resources, env });
    expect(range.success).toBe(true);
    expect(range.eventsOfType('ASSET_CHECK_EVALUATION')).toMatchObject([{ data: { checkName: 'plausible_readings', passed: true, metadata: { days: { value: 10 } } } }]);

    // The real values of 2012-01-02, as the file has them and typed.
    expect(await stored(io, 'raw/seattle_weather', '2012-01-02')).toEqual({
      date: '2012-01-02', precipitation: '10.9', temp_max: '10.6', temp_min: '2.8', wind: '4.5', weather: 'rain',
    });
    expect(await stored(io, 'clean_weather', '2012-01-02')).toEqual({
      date: '2012-01-02', precipitationMm: 10.9, tempMaxC: 10.6, tempMinC: 2.8, wind: 4.5, weather: 'rain',
    });
    // Checked by hand: 0 + 10.9 + 0.8 + 20.3 + 1.3 + 2.5 (+ 0 on the 7th) = 35.8 mm.
    expect(await stored(io, 'analytics/rain_last_7_days', '2012-01-06')).toEqual({
      date: '2012-01-06', from: '2012-01-01', days: 6, rainMm: 35.8, rainyDays: 5, rainyStreak: 5, wettest: { date: '2012-01-04', precipitationMm: 20.3 },
    });
    expect(await stored(io, 'analytics/rain_last_7_days', '2012-01-07')).toEqual({
      date: '2012-01-07', from: '2012-01-01', days: 7, rainMm: 35.8, rainyDays: 5, rainyStreak: 0, wettest: { date: '2012-01-04', precipitationMm: 20.3 },
    });
    // 20.3 + 1.3 + 2.5 + 0 + 0 + 4.3 + 1.0
    expect(await stored(io, 'analytics/rain_last_7_days', '2012-01-10')).toMatchObject({ from: '2012-01-04', rainMm: 29.4, rainyDays: 5, rainyStreak: 2 });
    for (let i = 0; i < 10; i += 1) {
      expect(await stored(io, 'analytics/rain_last_7_days', reference[i]!.date)).toMatchObject(expectedWindow(i));
    }

    // 2012-01-11 alone: its window reads 01-05 … 01-10 from the store, written by the range run.
    const day = await materialize(weatherAssets, { selection: dailyAssets, partitionKey: '2012-01-11', resources, env });
    expect(day.success).toBe(true);
    expect(day.eventsOfType('LOADED_INPUT').find((event) => event.stepKey === 'analytics__rain_last_7_days')?.data).toMatchObject({
      partitionKeys: ['2012-01-05', '2012-01-06', '2012-01-07', '2012-01-08', '2012-01-09', '2012-01-10', '2012-01-11'],
    });
    expect(await stored(io, 'analytics/rain_last_7_days', '2012-01-11')).toMatchObject({ ...expectedWindow(10), rainMm: 9.1, rainyDays: 4, rainyStreak: 0 });
    expect(day.eventsOfType('ASSET_MATERIALIZATION').at(-1)).toMatchObject({
      assetKey: 'analytics/rain_last_7_days', partition: '2012-01-11', data: { metadata: { rain_mm: { type: 'float', value: 9.1 }, rainy_days: { value: 4 } } },
    });
  });

  it('refuses a day outside the data: the partitions end with 2015', async () => {
    const result = await materialize(weatherAssets, { selection: dailyAssets, partitionKey: '2016-01-01', resources: definitionResources(), env: testEnv(await tempDir()) });
    expect(result.status).toBe('FAILURE');
    expect(result.events.at(-1)?.message).toMatch(/partition "2016-01-01" does not exist/);
  });
});

describe('the whole period', () => {
  it('backfills all 1,461 days in one run, then computes the records from every partition', async () => {
    const io = new InMemoryIOManager();
    const resources = { ...definitionResources(), io_manager: io };
    const env = testEnv(await tempDir());
    const backfill = await materialize(weatherAssets, { selection: dailyAssets, partitionKeyRange: { start: '2012-01-01', end: '2015-12-31' }, resources, env });
    expect(backfill.success).toBe(true);
    for (let i = 0; i < reference.length; i += 1) {
      expect(await stored(io, 'analytics/rain_last_7_days', reference[i]!.date), reference[i]!.date).toMatchObject(expectedWindow(i));
    }

    const result = await materialize(weatherAssets, { selection: 'key:analytics/seattle_weather_records', resources, env });
    expect(result.success).toBe(true);
    const records = (await stored(io, 'analytics/seattle_weather_records')) as WeatherRecords;
    // Checked by hand (awk over the file).
    expect(records).toMatchObject({
      days: 1461,
      from: '2012-01-01',
      to: '2015-12-31',
      hottest: { date: '2014-08-11', tempMaxC: 35.6 },
      coldest: { date: '2013-12-07', tempMinC: -7.1 },
      wettest: { date: '2015-03-15', precipitationMm: 55.9 },
      windiest: { date: '2012-12-17', wind: 9.5 },
      longestRainyStreak: { from: '2012-12-09', to: '2012-12-27', days: 19 },
    });
    expect(records.byYear.map(({ year, days, rainMm, rainyDays }) => [year, days, rainMm, rainyDays])).toEqual([
      ['2012', 366, 1226, 177], ['2013', 365, 828, 152], ['2014', 365, 1232.8, 150], ['2015', 365, 1139.2, 144],
    ]);
    for (const year of records.byYear) {
      const days = reference.filter((day) => day.date.startsWith(year.year));
      const mean = (values: number[]) => Math.round((values.reduce((sum, value) => sum + value, 0) / values.length) * 100) / 100;
      expect(year).toMatchObject({ meanTempMaxC: mean(days.map((day) => day.tempMaxC)), meanTempMinC: mean(days.map((day) => day.tempMinC)) });
    }
    expect(result.eventsOfType('ASSET_MATERIALIZATION')[0]).toMatchObject({
      data: { metadata: { days: { value: 1461 }, hottest: { value: '2014-08-11: 35.6 °C' }, wettest: { value: '2015-03-15: 55.9 mm' } } },
    });
  });

  it('runs seattle_weather_job over January 2012 as deployed: the filesystem IO manager writes a file per day', async () => {
    const env = testEnv(await tempDir());
    const run = await executeJob(definitions, { jobName: 'seattle_weather_job', partitionKeyRange: { start: '2012-01-01', end: '2012-01-31' }, env });
    expect(run.success).toBe(true);
    const storage = env.ORRERY_DATA_DIR!;
    const jan10 = JSON.parse(await readFile(join(storage, 'analytics', 'rain_last_7_days', '2012-01-10.json'), 'utf8')) as RainWindow;
    expect(jan10).toMatchObject({ rainMm: 29.4, rainyStreak: 2 });
    const jan31 = JSON.parse(await readFile(join(storage, 'clean_weather', '2012-01-31.json'), 'utf8')) as WeatherDay;
    expect(jan31).toEqual(reference[30]);
  });
});

describe('bad data', () => {
  it('stops before the summaries when a reading is impossible (the blocking plausible_readings check)', async () => {
    const dir = await editedDataDir((lines) => lines.map((line) =>
      line.startsWith('2012-01-03,') ? '2012-01-03,0.8,11.7,13.0,2.3,rain' : line.startsWith('2012-01-04,') ? '2012-01-04,-1.0,12.2,5.6,4.7,rain' : line));
    const result = await materialize(weatherAssets, {
      selection: dailyAssets, partitionKeyRange: { start: '2012-01-01', end: '2012-01-05' }, resources: definitionResources(), env: testEnv(await tempDir(), { WEATHER_DATA_DIR: dir }),
    });
    expect(result.success).toBe(false);
    expect(result.eventsOfType('ASSET_CHECK_EVALUATION')[0]).toMatchObject({
      data: {
        checkName: 'plausible_readings', passed: false, severity: 'ERROR',
        metadata: { implausible: { value: 2 }, problems: { value: ['2012-01-03: temp_min 13 > temp_max 11.7', '2012-01-04: precipitation -1 < 0'] } },
      },
    });
    expect(result.steps.get('clean_weather')).toBe('success');
    expect(result.steps.get('analytics__rain_last_7_days')).toBe('skipped');
  });

  it('fails clean_weather, naming every bad field, for a row that is not a weather day', async () => {
    const dir = await editedDataDir((lines) => lines.map((line) => (line.startsWith('2012-01-02,') ? '2012-01-02,n/a,10.6,2.8,4.5,hail' : line)));
    const result = await materialize(weatherAssets, {
      selection: dailyAssets, partitionKey: '2012-01-02', resources: definitionResources(), env: testEnv(await tempDir(), { WEATHER_DATA_DIR: dir }),
    });
    expect(result.success).toBe(false);
    expect(result.eventsOfType('STEP_FAILURE')[0]).toMatchObject({
      stepKey: 'clean_weather',
      data: { error: { message: 'invalid weather row "2012-01-02": precipitation "n/a" is not a number; weather "hail" is none of drizzle, rain, snow, sun, fog' } },
    });
  });

  it('fails raw/seattle_weather for a day the file lacks', async () => {
    const dir = await editedDataDir((lines) => lines.filter((line) => !line.startsWith('2013-06-01,')));
    const result = await materialize(weatherAssets, {
      selection: 'key:raw/seattle_weather', partitionKey: '2013-06-01', resources: definitionResources(), env: testEnv(await tempDir(), { WEATHER_DATA_DIR: dir }),
    });
    expect(result.eventsOfType('STEP_FAILURE')[0]?.data).toMatchObject({ error: { message: `${join(dir, 'seattle-weather.csv')} has no row for 2013-06-01` } });
  });
});

describe('the rules, directly', () => {
  const day = (date: string, precipitationMm: number, fields: Partial<WeatherDay> = {}): WeatherDay =>
    ({ date, precipitationMm, tempMaxC: 10, tempMinC: 5, wind: 3, weather: 'rain', ...fields });

  it('parses text into numbers and refuses what is not a day of weather', () => {
    expect(parseWeatherDay({ date: '2012-01-01', precipitation: '0.0', temp_max: '12.8', temp_min: '-5.0', wind: '4.7', weather: 'drizzle' }))
      .toEqual({ date: '2012-01-01', precipitationMm: 0, tempMaxC: 12.8, tempMinC: -5, wind: 4.7, weather: 'drizzle' });
    expect(() => parseWeatherDay({ date: '2012-02-30', precipitation: '', temp_max: '1e3', temp_min: '0', wind: '1', weather: 'sun' }))
      .toThrow(new InvalidWeatherRowError('2012-02-30', ['date is not a YYYY-MM-DD day', 'precipitation "" is not a number', 'temp_max "1e3" is not a number']));
  });

  it('keeps the earliest of equal records, and a missing day breaks a rainy streak', () => {
    const records = weatherRecords([day('2020-01-03', 5), day('2020-01-01', 5), day('2020-01-02', 1), day('2020-01-05', 1), day('2020-01-06', 1)]);
    expect(records.wettest).toEqual({ date: '2020-01-01', precipitationMm: 5 });
    expect(records.hottest.date).toBe('2020-01-01');
    // 01-01 … 01-03 are three days in a row; 01-04 is missing, so 01-05 and 01-06 are two.
    expect(records.longestRainyStreak).toEqual({ from: '2020-01-01', to: '2020-01-03', days: 3 });
    expect(weatherRecords([day('2020-01-01', 0)]).longestRainyStreak).toBeNull();
  });

  it('sums rain exactly in tenths of a mm, and a dry window has no wettest day', () => {
    const days = [0.1, 0.2, 0.7].map((mm, i) => day(`2020-01-0${i + 1}`, mm));
    expect(rainWindow('2020-01-03', days).rainMm).toBe(1); // 0.1 + 0.2 + 0.7 is 0.9999999999999999 in floats
    expect(rainWindow('2020-01-01', [day('2020-01-01', 0)])).toMatchObject({ rainMm: 0, rainyStreak: 0, wettest: null });
    expect(() => rainWindow('2020-01-09', days)).toThrow(/no weather for 2020-01-09/);
  });
});
