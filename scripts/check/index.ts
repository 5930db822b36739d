/** The check stage: ESLint-style rules over loaded manifests. */
export type { AnyRule, KindSelector, Rule, RuleContext, RuleMeta, RuleReport, WorkloadMatchers } from './types.ts';
export type { ScopeIndex } from './scope.ts';
export {
  ConfigError,
  defaultCheckConfig,
  loadCheckConfig,
  parseCheckConfig,
  type CheckConfig,
  type ConfigExemption,
  type RenderSettings,
} from './config.ts';
export { runRules, type CheckResult, type CheckOptions } from './engine.ts';
export { rules as ruleRegistry } from './rules/index.ts';
