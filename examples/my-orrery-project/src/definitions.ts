// The code location's entry point (workspace.yaml: location my_orrery_project). The
// executor imports this module and uses its default export; everything the location
// defines is registered here.
import { defineDefinitions, env, filesystemIOManager } from '@orrery/sdk';
import { customerSummary, dailyRevenueReport, rainLast7Days, revenueReportExport, seattleWeatherRecords } from './assets/analytics.js';
import { rawCustomers, rawOrders, rawSeattleWeather } from './assets/raw-data.js';
import {
  cleanCustomers, cleanOrders, cleanOrdersHaveRows, cleanWeather, customerEmailsAreUnique, weatherReadingsArePlausible,
} from './assets/transformed-data.js';
import { customersJob, dailySalesJob, dataPipeline, seattleWeatherJob } from './jobs/data-pipeline.js';
import { shopApi } from './resources/apis.js';
import { warehouse } from './resources/database.js';
import { landingZone } from './resources/landing-zone.js';
import { objectStore } from './resources/s3.js';
import { weatherData } from './resources/weather-data.js';
import { customersSchedule, dailyPipelineSchedule, dailySalesSchedule } from './schedules/daily-pipeline.js';
import { landingFileSensor } from './sensors/file-sensors.js';

export const assets = [
  rawCustomers, rawOrders, cleanCustomers, cleanOrders, dailyRevenueReport, revenueReportExport, customerSummary,
  rawSeattleWeather, cleanWeather, rainLast7Days, seattleWeatherRecords,
];
export const assetChecks = [cleanOrdersHaveRows, customerEmailsAreUnique, weatherReadingsArePlausible];
export const jobs = [dataPipeline, dailySalesJob, customersJob, seattleWeatherJob];
export const schedules = [dailyPipelineSchedule, dailySalesSchedule, customersSchedule];
export const sensors = [landingFileSensor];

/**
 * Resources by key. Every value that differs between machines comes from the environment
 * through env(): the executor reads it when a run sets the resource up, and the snapshot
 * only ever holds the variable's name (see .env.example for the variables). An empty
 * variable picks the offline default: sample data, local directories, the shipped CSV.
 */
export const resources = {
  io_manager: filesystemIOManager({ baseDir: env('ORRERY_DATA_DIR') }),
  shop_api: shopApi.configured({ baseUrl: env('SHOP_API_URL'), token: env('SHOP_API_TOKEN') }),
  // Postgres when WAREHOUSE_DATABASE_URL is set, else JSON tables in WAREHOUSE_DIR. Not
  // DATABASE_URL: in the executor that names Orrery's own database.
  warehouse: warehouse.configured({ url: env('WAREHOUSE_DATABASE_URL'), dir: env('WAREHOUSE_DIR') }),
  // An S3-compatible bucket when S3_ENDPOINT is set, else a directory under OBJECT_STORE_DIR.
  object_store: objectStore.configured({
    bucket: 'orrery-reports',
    rootDir: env('OBJECT_STORE_DIR'),
    endpoint: env('S3_ENDPOINT'),
    region: env('S3_REGION'),
    accessKeyId: env('S3_ACCESS_KEY_ID'),
    secretAccessKey: env('S3_SECRET_ACCESS_KEY'),
    forcePathStyle: env('S3_FORCE_PATH_STYLE'),
  }),
  landing: landingZone.configured({ dir: env('LANDING_DIR') }),
  weather_data: weatherData.configured({ dir: env('WEATHER_DATA_DIR') }),
};

export const definitions = defineDefinitions({
  assets,
  assetChecks,
  jobs,
  schedules,
  sensors,
  resources,
  executor: { maxConcurrency: 4 },
});

export default definitions;
