export { runService, type HostedService, type ReadinessProbe, type ServiceContext, type ServiceDefinition, type ServiceName } from './run-service.js';
export { serviceEnvSchema, daemonEnvSchema, type ServiceEnv } from './service-env.js';
