export { main } from './main.js';
export { ExitCode, type CliIO } from './context.js';
export type { CliStream } from './progress.js';
export { UsageError, type ShardSpec } from './args.js';
export type { BackendName } from './backend.js';
export type { TrainCommandOptions, TrainSummary } from './commands/train.js';
export type {
  ModelTrainingOptions,
  ModelVariant,
  OptimizerName,
  L1Target,
} from './commands/trainFlags.js';
export type { SweepCommandOptions, SweepAxisOption, SweepAxisName } from './commands/sweep.js';
export type { PhaseDiagramCommandOptions } from './commands/phaseDiagram.js';
export type { MergeCommandOptions } from './commands/merge.js';
export type { MetricsCommandOptions } from './commands/metrics.js';
export type { FiguresCommandOptions } from './commands/figures.js';
export type { SweepSummary } from './commands/sweepRunner.js';
export type { RunMetrics, InstanceMetrics } from './runMetrics.js';
export type { PhaseDiagramDocument, PhaseDiagramCell } from './sweepOutputs.js';
export * from './experiments/index.js';
