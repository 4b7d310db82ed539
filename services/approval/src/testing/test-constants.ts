import { join } from 'node:path';

/** The repository's real policies: tests exercise what ships. */
export const POLICY_ROOT = join(__dirname, '..', '..', '..', '..', 'policies');
export const DEMO_PASSWORD = 'andon-demo';
export const TEST_HS256_SECRET = 'approval-test-secret-at-least-32-characters';
