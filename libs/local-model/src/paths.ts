import { resolve } from 'node:path';

/** The server's entry file, for whoever spawns it as a process (test harness, start script). */
export const MODEL_SERVER_MAIN = resolve(__dirname, 'main.ts');
