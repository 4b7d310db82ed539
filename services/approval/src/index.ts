// Public API of the approval service, for the process that composes it (services/standalone).
export {
  ApprovalModule,
  APPROVAL_GRPC,
  APPROVAL_TOPICS,
  type ApprovalModuleOptions,
  type ApprovalModuleConfig,
} from './approval.module';
export { approvalConfigSchema, loadApprovalConfig, type ApprovalConfig } from './config/approval.config';
export { resolveSigningKey, DEV_SIGNING_KEY_FILE } from './config/signing-key';
export { loadUserDirectory, DEMO_USERS_FILE } from './users/load-users';
export { resolveUserDirectory, isDemoUsersFile } from './users/resolve-user-directory';
export { APPROVAL_PRODUCTION_CHECKS } from './config/production-checks';
