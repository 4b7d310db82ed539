export { elapsedWindow, type TimeWindow } from './time-window';
export { clipStop, downtimeMinutes, mergedStops, type Interval, type Stop } from './stops';
export {
  availability,
  computeOee,
  oeeOverWindow,
  performance,
  quality,
  type OeeInput,
  type OeeResult,
  type WindowOeeInput,
} from './oee';
export { combineMtbf, combineMttr, mtbf, mttr, type MtbfResult, type MttrResult } from './reliability';
export { ncrCycleTime, type NcrCycle, type NcrCycleTimeResult } from './ncr-cycle-time';
