export { freePort, isPortOpen } from './free-port.js';
export { startTcpProxy, type TcpProxy } from './tcp-proxy.js';
export { withDatabase, withHostPort } from './postgres-url.js';
export { useTestDatabase, adminQuery, testDatabaseName, type TestDatabase, type TestDatabaseOptions } from './database.js';
export { useTestNats, startNatsServer, type TestNats, type PrivateNatsServer } from './nats.js';
export { spawnService, waitForHttpStatus, type SpawnedService, type ServiceExit } from './spawned-service.js';
export { runStoreContract } from './suites/run-store-suite.js';
export { eventLogStoreContract } from './suites/event-log-store-suite.js';
export type { MakeStores } from './suites/store-fixtures.js';
