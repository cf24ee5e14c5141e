// The code location's entry point (workspace.yaml: location my_orrery_project). The
// executor imports this module and uses its default export; everything the location
// defines is registered here.
import { defineDefinitions, env, filesystemIOManager } from '@orrery/sdk';
import { customerSummary, dailyRevenueReport, revenueReportExport } from './assets/analytics.js';
import { rawCustomers, rawOrders } from './assets/raw-data.js';
import { cleanCustomers, cleanOrders, cleanOrdersHaveRows, customerEmailsAreUnique } from './assets/transformed-data.js';
import { customersJob, dailySalesJob, dataPipeline } from './jobs/data-pipeline.js';
import { shopApi } from './resources/apis.js';
import { warehouse } from './resources/database.js';
import { landingZone } from './resources/landing-zone.js';
import { objectStore } from './resources/s3.js';
import { customersSchedule, dailyPipelineSchedule, dailySalesSchedule } from './schedules/daily-pipeline.js';
import { landingFileSensor } from './sensors/file-sensors.js';

export const assets = [rawCustomers, rawOrders, cleanCustomers, cleanOrders, dailyRevenueReport, revenueReportExport, customerSummary];
export const assetChecks = [cleanOrdersHaveRows, customerEmailsAreUnique];
export const jobs = [dataPipeline, dailySalesJob, customersJob];
export const schedules = [dailyPipelineSchedule, dailySalesSchedule, customersSchedule];
export const sensors = [landingFileSensor];

/**
 * Resources by key. Every value that differs between machines comes from the environment
 * through env(): the executor reads it when a run sets the resource up, and the snapshot
 * only ever holds the variable's name (see .env.example for the variables).
 */
export const resources = {
  io_manager: filesystemIOManager({ baseDir: env('ORRERY_DATA_DIR') }),
  shop_api: shopApi.configured({ baseUrl: env('SHOP_API_URL'), token: env('SHOP_API_TOKEN') }),
  warehouse: warehouse.configured({ dir: env('WAREHOUSE_DIR') }),
  object_store: objectStore.configured({ bucket: 'orrery-reports', rootDir: env('OBJECT_STORE_DIR') }),
  landing: landingZone.configured({ dir: env('LANDING_DIR') }),
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
