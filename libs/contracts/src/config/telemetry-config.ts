import { z } from 'zod';
import { flag, text, urlOf } from './fields.js';

/** `telemetry:` — OpenTelemetry traces and metrics of the services. */
export const telemetryConfigSchema = z
  .strictObject({
    enabled: flag().default(false).describe('Export traces and metrics over OTLP. Default: false.'),
    service_name_prefix: text()
      .default('orrery')
      .describe('service.name of each service is <prefix>-<service>, e.g. orrery-api. Default: "orrery".'),
    otlp_endpoint: urlOf(['http', 'https'])
      .optional()
      .describe('OTLP/HTTP endpoint. Default: unset, the OpenTelemetry SDK\'s own (OTEL_EXPORTER_OTLP_ENDPOINT or http://localhost:4318).'),
  })
  .describe('OpenTelemetry export.');
