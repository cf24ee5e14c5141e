export { buildExecutionPlan, InvalidExecutionPlanError, type ExecutionPlan, type PlanProblem, type PlanStep } from './execution-plan.js';
