/**
 * Headers ingest adds beyond HeaderNames (libs/contracts). Lineage and code-map facts
 * that the PlantEvent message has no field for live here, so a consumer or an auditor
 * can trace a plant event back to the exact raw record and code map that produced it.
 * Candidates to move into HeaderNames once a second service reads them.
 */
export const IngestHeaders = {
  /** The source system's own event id (the canonical event id is derived from it). */
  SourceEventId: 'andon-source-event-id',
  /** Where the raw input was read: `topic/partition/offset`, or `http/<request id>/<index>`. */
  IngestSource: 'andon-ingest-source',
  /** The code map version that translated the event, e.g. `plant-a@v1`. */
  CodeMap: 'andon-code-map',
  /** Site-local codes that were translated, `kind:code` comma-separated. */
  SourceCodes: 'andon-source-codes',
  /** Site-local codes with no map entry (passed through as sent), `kind:code` comma-separated. */
  UnmappedCodes: 'andon-unmapped-codes',
  /** Set on a replayed raw record: the archive id of the dead letter it came from. */
  ReplayOf: 'andon-replay-of',
  /** When the raw record was first received (ISO); replays keep it so skew is judged against it. */
  ReceivedAt: 'andon-ingest-received-at',
  /** `http` for records that entered through POST /ingest/v1/events. */
  Origin: 'andon-ingest-origin',
  /** Unique id of a dead letter ingest wrote itself (HTTP input has no topic position). */
  DlqId: 'andon-dlq-id',
} as const;

/** `kind:code` list; commas and colons inside a code are percent-encoded so the list stays parseable. */
export function codeList(items: ReadonlyArray<{ kind: string; code: string }>): string {
  return items.map((i) => `${i.kind}:${encodeURIComponent(i.code)}`).join(',');
}
