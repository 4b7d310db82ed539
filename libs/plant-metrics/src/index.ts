export { type TimeWindow } from './time-window';
export { downtimeMinutes, type Stop } from './stops';
export {
  availability,
  computeOee,
  oeeOverWindow,
  performance,
  quality,
  type OeeInput,
  type OeeResult,
} from './oee';
export { combineMtbf, combineMttr, mtbf, mttr, type MtbfResult, type MttrResult } from './reliability';
export { ncrCycleTime, type NcrCycle } from './ncr-cycle-time';
