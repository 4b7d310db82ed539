// What tools/cli (the `andon` command) calls in this service, imported as
// '@andon/service-ingest/cli' by tools/cli (and bench) only: the command and its argument
// parsing live in tools/cli; production code never imports this (ESLint refuses it).
export {
  openDlqOperations,
  DLQ_CODE_KINDS,
  type DlqOperations,
  type DlqOperationsDeps,
  type CodeKind,
} from './replay/dlq-operations';
