// @andon/governance/policy: policy as code, decision signing and the mapping between the
// contracts and what governance hashes, evaluates and signs.

export { RISK_CLASSES, riskClassSchema, type RiskClass } from '../model/risk-class';
export {
  SIGNATURE_MEANINGS,
  signatureMeaningSchema,
  type SignatureMeaning,
} from '../model/signature-meaning';
export { parseIsoDuration } from '../model/iso-duration';

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
} from '../signing/ed25519-keys';
export type {
  DecisionForSigning,
  DecisionSignature,
  DecisionOutcome,
  ApproverSignature,
} from '../signing/decision';
export { signDecision } from '../signing/sign-decision';
export {
  verifyDecision,
  type DecisionVerification,
  type VerifyDecisionOptions,
} from '../signing/verify-decision';

export { loadPolicies, loadPolicySet, type LoadedPolicies } from './load-policies';
export { parsePolicySet, type PolicySource } from './parse-policy-set';
export { PolicyValidationError, type PolicyProblem } from './policy-validation-error';
export { evaluate } from './evaluate';
export { checkApprover, type ApproverCheck } from './check-approver';
export { compareShadow, type ShadowCase, type ShadowCaseReport, type ShadowReport } from './compare-shadow';
export { selectRule } from './select-rule';
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
} from './policy-types';
export type { Signer } from './assess-approval';

// Contract mapping (ProposedAction / Decision <-> what governance hashes, evaluates and signs)
export {
  actionForHash,
  evidenceKindName,
  policyActionOf,
  riskClassEnum,
  riskClassName,
} from '../contracts-mapping/proposal-mapping';
export {
  approverSignatureToProto,
  decisionForSigningFromProto,
  decisionToProto,
  type DecisionContext,
  type SignedDecision,
} from '../contracts-mapping/decision-mapping';
