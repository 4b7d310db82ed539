// Public API of @andon/contracts. Generated code lives in ./gen (run
// deploy/local/generate-contracts.sh); only the names below are public.

// envelope.proto
export { DataClassification, Envelope, Location, SourceSystem } from './gen/andon/v1/envelope';
// plant_events.proto and the payload files it imports
export { PlantEvent } from './gen/andon/v1/plant_events';
export {
  DowntimeEnd,
  DowntimeReason,
  DowntimeStart,
  LabourEvent,
  LabourEventKind,
  OperatorNote,
  ProductionCount,
  ScheduleChange,
  ShiftEnd,
  WorkOrderState,
  WorkOrderStatus,
} from './gen/andon/v1/production_events';
export {
  AlarmSeverity,
  AlarmState,
  HistorianReading,
  MachineAlarm,
  MaintenanceType,
  MaintenanceWorkOrder,
  MaintenanceWorkOrderState,
  ReadingQuality,
  SparePart,
} from './gen/andon/v1/equipment_events';
export {
  CheckResult,
  Nonconformance,
  NonconformanceSeverity,
  NonconformanceStatus,
  ProcedureStepCompleted,
  QualityCheck,
} from './gen/andon/v1/quality_events';
export { isRaisedNonconformance } from './nonconformance-status';
export { BatchGenealogyLink, MaterialState, MaterialStatus } from './gen/andon/v1/material_events';
// knowledge.proto
export {
  DocumentContentType,
  DocumentScope,
  DocumentStatus,
  DocumentType,
  KnowledgeDocument,
} from './gen/andon/v1/knowledge';
// provenance.proto
export { EvidenceKind, EvidenceRef, FallbackReason, GenerationInfo } from './gen/andon/v1/provenance';
// actions.proto
export { MesCall, ProposedAction, RiskClass, riskClassToJSON } from './gen/andon/v1/actions';
// decisions.proto
export {
  ApproverSignature,
  Decision,
  DecisionOutcome,
  ExecutionRecord,
  ExecutionStatus,
  MesResponse,
  ReauthMethod,
  RefusalReason,
  SignatureMeaning,
  decisionOutcomeToJSON,
  refusalReasonToJSON,
} from './gen/andon/v1/decisions';
// recommendations.proto
export {
  NcrTriageData,
  Recommendation,
  RecommendationKind,
  ShiftHandoffData,
} from './gen/andon/v1/recommendations';
// llm.proto
export { InjectionFinding, LlmCallOutcome, LlmCallRecord, ModelTier, Redaction } from './gen/andon/v1/llm';
// ledger.proto
export { LedgerCheckpoint, LedgerEntry, LedgerEntryKind } from './gen/andon/v1/ledger';
export { ShiftAcknowledgement } from './gen/andon/v1/shift_acknowledgement';
// dlq.proto
export { DeadLetter, DeadLetterReason, KafkaHeader } from './gen/andon/v1/dlq';
// retrieval_service.proto
export {
  AskRequest,
  AskResponse,
  Caller,
  RetrievalFilters,
  RetrievalHit,
  RetrievalServiceClient,
  RetrievalServiceService,
  RetrieveRequest,
  RetrieveResponse,
  Retriever,
  type RetrievalServiceServer,
} from './gen/andon/v1/retrieval_service';
// approval_service.proto
export {
  ActionState,
  ActionView,
  ApprovalServiceClient,
  ApprovalServiceService,
  DecideRequest,
  DecideResponse,
  GetActionRequest,
  GetActionResponse,
  ListActionsRequest,
  ListActionsResponse,
  Reauthentication,
  type ApprovalServiceServer,
} from './gen/andon/v1/approval_service';
// ledger_service.proto
export {
  ExportRequest,
  ExportResponse,
  LedgerServiceClient,
  LedgerServiceService,
  QueryRequest,
  QueryResponse,
  VerifyRequest,
  VerifyResponse,
  type LedgerServiceServer,
} from './gen/andon/v1/ledger_service';
// plant_query.proto
export {
  PlantQueryRecordLink,
  PlantQueryRefusal,
  PlantQueryRow,
  PlantQueryServiceAskRequest,
  PlantQueryServiceAskResponse,
  PlantQueryServiceClient,
  PlantQueryServiceService,
  PlantQueryTranslation,
  PlantQueryWindow,
  type PlantQueryServiceServer,
} from './gen/andon/v1/plant_query';

// Hand-written
export type { MessageCodec } from './message-codec';
export {
  ALL_TOPICS,
  ORIGINAL_RECORD,
  TOPIC_NAME_PATTERN,
  TOPIC_SPECS,
  Topics,
  type CleanupPolicy,
  type PayloadMessage,
  type TopicKey,
  type TopicName,
  type TopicSpec,
} from './topics';
export { PAYLOAD_CODECS, TOPIC_CODECS, type CodedTopic, type TopicPayloads } from './topic-codecs';
export { ContentTypes, HeaderNames, type ContentTypeValue, type HeaderName } from './headers';
export { deadLetterReasonCode, deadLetterReasonFromCode } from './dead-letter-reason';
export { LEDGER_CHAIN_KEY, documentRevisionKey, locationKey, type KeyLocation } from './keys';
export { documentPublishedMessage, type DocumentPublishedMessage } from './document-published';
export {
  PLANT_EVENT_TYPES,
  eventTypeOf,
  payloadCaseOf,
  type PlantEventCase,
  type PlantEventPayload,
} from './plant-event-types';
// gRPC server lifecycle shared by the services that serve the contracts' gRPC services
export { GrpcListener } from './grpc/grpc-listener';
