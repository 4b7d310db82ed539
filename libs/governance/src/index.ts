// Public API of @andon/governance: canonical hashing, decision signing, policy as code,
// the hash-chained ledger and authentication. Everything else is internal.

export type { JsonValue, JsonObject } from './model/json';
export { RISK_CLASSES, riskClassSchema, type RiskClass } from './model/risk-class';
export { SIGNATURE_MEANINGS, signatureMeaningSchema, type SignatureMeaning } from './model/signature-meaning';
export { parseIsoDuration } from './model/iso-duration';

export { canonicalize, CanonicalizationError } from './canonical/canonical-json';
export { sha256Hex } from './canonical/sha256';
export { ambiguousJsonProblems } from './canonical/strict-json';
export {
  actionHash,
  type ActionForHash,
  type EvidenceRef,
  type MesCall,
  type GenerationMetadata,
  type ActionLocation,
} from './canonical/action-hash';

export {
  generateSigningKeyPair,
  keyIdOf,
  loadPrivateKey,
  loadPublicKey,
  loadPublicKeySet,
  loadSigningKeyFromEnv,
  loadPublicKeysFromEnv,
  exportPrivateKeyPem,
  exportPublicKeyPem,
  type SigningKeyPair,
} from './signing/ed25519-keys';
export type {
  DecisionForSigning,
  DecisionSignature,
  DecisionOutcome,
  ApproverSignature,
} from './signing/decision';
export { signDecision } from './signing/sign-decision';
export {
  verifyDecision,
  type DecisionVerification,
  type VerifyDecisionOptions,
} from './signing/verify-decision';

export { loadPolicies, loadPolicySet, type LoadedPolicies } from './policy/load-policies';
export { parsePolicySet, type PolicySource } from './policy/parse-policy-set';
export { PolicyValidationError, type PolicyProblem } from './policy/policy-validation-error';
export { evaluate } from './policy/evaluate';
export { checkApprover, type ApproverCheck } from './policy/check-approver';
export {
  compareShadow,
  type ShadowCase,
  type ShadowCaseReport,
  type ShadowReport,
} from './policy/compare-shadow';
export { selectRule } from './policy/select-rule';
export type {
  PolicySet,
  PolicyRule,
  RuleRequirements,
  PolicyAction,
  Approval,
  PolicyEvaluation,
  DecisionState,
  Ineligibility,
  IneligibilityCode,
} from './policy/policy-types';
export type { Signer } from './policy/assess-approval';

export {
  Ledger,
  LedgerContentionError,
  LEDGER_COLLECTION,
  type LedgerOptions,
  type AppendInput,
  type LedgerQuery,
} from './ledger/ledger';
export {
  LEDGER_KINDS,
  GENESIS_HASH,
  entryId,
  seqFromId,
  canonicalHeader,
  headerHash,
  sealEntry,
  entryOf,
  type LedgerKind,
  type LedgerEntry,
  type EntryHeader,
  type LedgerDocument,
  type EntryFields,
  type ChainHead,
  type NewEntry,
} from './ledger/ledger-entry';
export {
  ChainAppender,
  type ChainAppenderOptions,
  type SealedItem,
  type BeforeInsert,
} from './ledger/chain-appender';
export {
  checkEntry,
  type ChainVerification,
  type ChainBreak,
  type ChainAnchor,
  type EntryProblem,
  type EntryToCheck,
} from './ledger/verify-chain';
export { verifyExport } from './ledger/verify-export';
export {
  signCheckpoint,
  verifyCheckpoint,
  checkpointStatement,
  CHECKPOINT_TYPE,
  type SignedCheckpoint,
  type CheckpointVerification,
} from './ledger/checkpoint';

export { ROLES, roleSchema, ALL_SITES, type Role } from './auth/role';
export {
  principalSchema,
  principalFromClaims,
  hasSite,
  hasLine,
  scopedSites,
  LINE_SCOPE,
  DEFAULT_CLAIM_MAPPING,
  type Principal,
  type ClaimMapping,
} from './auth/principal';
export {
  createJwtVerifier,
  type JwtVerifier,
  type JwtVerifierOptions,
  type JwtKeySource,
  type AuthResult,
  type AuthFailureCode,
} from './auth/jwt-verifier';
export { issueDevToken, type DevTokenOptions } from './auth/dev-token';
export { hashPassword, verifyPassword, DEFAULT_SCRYPT_COST, type ScryptCost } from './auth/password-hash';
export type { UserDirectory, DirectoryUser } from './auth/user-directory.port';
export { InMemoryUserDirectory } from './auth/in-memory-user-directory.adapter';
export { reauthenticate, type ReauthProof, type ReauthResult } from './auth/reauthenticate';

// Contract mapping (ProposedAction / Decision <-> what governance hashes, evaluates and signs)
export {
  actionForHash,
  evidenceKindName,
  policyActionOf,
  riskClassEnum,
  riskClassName,
} from './contracts-mapping/proposal-mapping';
export {
  approverSignatureToProto,
  decisionForSigningFromProto,
  decisionToProto,
  type DecisionContext,
  type SignedDecision,
} from './contracts-mapping/decision-mapping';
