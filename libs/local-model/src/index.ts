export { loadModelServerConfig, modelServerEnvSchema, type ModelServerConfig } from './model-server.config';
export {
  startModelServer,
  type ModelEngine,
  type RunningModelServer,
  type CompletionLog,
} from './model-server';
export { serveLocalModel, type ServingModel } from './serve';
export { RequestGate, QueueFullError, QueueAbortedError } from './request-gate';
export type { GenerateRequest, GenerateResult, GrammarMode, ChatTurn } from './llama-runtime';
export { MODEL_SERVER_MAIN } from './paths';
export { resolveModelPath, INSTALL_SCRIPT } from './model-path';
