export { ConsoleModule, resolveAsset, type ConsoleOptions } from './console.module';
