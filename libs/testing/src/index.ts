export { freePort, isPortOpen } from './free-port.js';
export { startTcpProxy, type TcpProxy } from './tcp-proxy.js';
export { withDatabase, withHostPort } from './postgres-url.js';
export { useTestDatabase, type TestDatabase } from './database.js';
export { useTestNats, startNatsServer, type TestNats, type PrivateNatsServer } from './nats.js';
export { spawnService, waitForHttpStatus, type SpawnedService, type ServiceExit } from './spawned-service.js';
