export { ConsoleModule, resolveAsset, type ConsoleOptions } from './console.module';
export type { DeadLetterDeskPort, DeadLetterView } from './dead-letters/dead-letters.controller';
export type { ReplayDeskPort } from './replay/replay.controller';
