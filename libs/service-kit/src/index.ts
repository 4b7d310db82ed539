// The service kit: how every Andon service starts, stops, authenticates and refuses.
export {
  Public,
  Authenticated,
  USER_SCHEME,
  ACCESS_METADATA,
  type RouteAccess,
} from './auth/access.decorators';
export {
  authenticatorToken,
  type Authenticator,
  type Caller,
  type CredentialCarrier,
} from './auth/authenticator';
export {
  UserAuthenticator,
  userAuthenticatorFrom,
  type UserAuthOptions,
  type UserAuthConfig,
} from './auth/user-authenticator';
export { userAuthProvider, schemeProvider } from './auth/auth-providers';
export {
  StaticTokenAuthenticator,
  parseBoundTokens,
  boundTokenProblems,
  type BoundToken,
} from './auth/static-token-authenticator';
export { KitAuthGuard, routeAccess, type AuthenticatedRequest } from './auth/kit-auth.guard';
export { CurrentCaller, CurrentPrincipal } from './auth/current-caller.decorator';
export { AttemptLimiter, type AttemptLimiterOptions } from './auth/attempt-limiter';
export { ServiceError, type ServiceErrorStatus, type ErrorBody } from './errors/service-error';
export { KitExceptionFilter, toErrorResponse } from './errors/kit-exception.filter';
export { ServiceKitModule } from './service-kit.module';
export { HealthController } from './http/health.controller';
export { startMetricsServer, type MetricsServer } from './http/metrics-server';
export { bootstrapService, type BootstrapOptions, type RunningService } from './http/bootstrap-service';
export { listRoutes, type RouteEntry } from './routes/route-inventory';
export {
  activeProfile,
  enforceProductionProfile,
  productionChecks,
  ProductionProfileError,
  profileSchema,
  type AndonProfile,
  type ProfileCheck,
  type ProfileViolation,
} from './profile/production-profile';
export { toGrpcError, type GrpcErrorStatus } from './errors/grpc-error';
export { installPreAuthentication, type PreAuthRule } from './auth/pre-authentication';
export { Sweep, type SweepSpec, type SweepResolver } from './schedule/sweep.decorator';
export { SweepExplorer } from './schedule/sweep.explorer';
export { grpcUnary, bearerOf, type GrpcUnaryOptions, type UnaryRun } from './grpc/grpc-unary';
export { ZodValidationPipe, describeIssues } from './validation/zod-validation.pipe';
export {
  DOCUMENT_STORE,
  SERVICE_LOG,
  servicePortProviders,
  storeRepository,
  type OpensOnStore,
  type ServicePorts,
} from './ports/service-ports';
export { SERVICE_CLOCK, systemClock, clockOf, type Clock } from './ports/clock';
