export { ConsoleModule, resolveAsset } from './console.module';
