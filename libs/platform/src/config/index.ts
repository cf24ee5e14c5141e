export { ConfigError, formatConfigProblem, type ConfigErrorOptions, type ConfigProblem } from './config-error.js';
export { interpolateEnv, type InterpolationProblem } from './interpolate.js';
export { parseConfigText, type ParseConfigTextOptions } from './parse-config-text.js';
export {
  DEFAULT_INSTANCE_CONFIG_PATH,
  loadInstanceConfig,
  parseInstanceConfig,
  type LoadInstanceConfigOptions,
  type ParseInstanceConfigOptions,
} from './load-instance-config.js';
export {
  loadWorkspaceConfig,
  parseWorkspaceConfig,
  type LoadWorkspaceConfigOptions,
  type ResolvedCodeLocationConfig,
  type ResolvedWorkspaceConfig,
} from './load-workspace-config.js';
