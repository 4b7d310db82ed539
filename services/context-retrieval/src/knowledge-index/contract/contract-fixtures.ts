import {
  DataClassification,
  DocumentContentType,
  DocumentStatus,
  DocumentType,
  PlantEvent,
  AlarmSeverity,
  AlarmState,
  SourceSystem,
  type KnowledgeDocument,
} from '@andon/contracts';
import type { EmbeddingsPort } from '@andon/llm';
import type { CallerContext } from '../../domain/access-policy';
import { DocumentIngestion } from '../../ingest-documents/document-ingestion.service';
import { RecordIndexer } from '../../index-records/record-indexer.service';
import type { FusionPolicy } from '../../retrieve/fusion-policy';
import { HybridRetriever } from '../../retrieve/hybrid-retriever';
import { RetrieveService } from '../../retrieve/retrieve.service';
import type { KnowledgeIndex } from '../knowledge-index.port';

/** Everything a contract case needs, wired on the adapter under test. */
export interface ContractHarness {
  index: KnowledgeIndex;
  ingestion: DocumentIngestion;
  records: RecordIndexer;
  retrieve: RetrieveService;
  /** Moves the clock the use cases judge "now" by. */
  setNow(ms: number): void;
}

export interface IndexFactoryOptions {
  vectorDims: number | null;
}

/** Creates a fresh, initialised, empty index; `dispose` removes it. */
export interface IndexFactory {
  create(options: IndexFactoryOptions): Promise<KnowledgeIndex>;
  dispose(index: KnowledgeIndex): Promise<void>;
}

export const DAY = 86_400_000;
export const T0 = Date.parse('2026-01-01T00:00:00Z');
export const NOW = Date.parse('2026-11-20T12:00:00Z');

export function harness(
  index: KnowledgeIndex,
  embeddings: EmbeddingsPort | null = null,
  wrap?: (i: KnowledgeIndex) => KnowledgeIndex,
  fusion?: FusionPolicy,
): ContractHarness {
  let now = NOW;
  const clock = () => now;
  const writeIndex = wrap ? wrap(index) : index;
  return {
    index,
    ingestion: new DocumentIngestion(writeIndex, embeddings, { now: clock }),
    records: new RecordIndexer(index, embeddings),
    retrieve: new RetrieveService(new HybridRetriever(index, embeddings, fusion ? { fusion } : {}), {
      now: clock,
      defaultTopK: 10,
    }),
    setNow: (ms) => (now = ms),
  };
}

export interface DocSpec {
  id: string;
  revision?: string;
  title?: string;
  type?: DocumentType;
  status?: DocumentStatus;
  from?: number;
  to?: number;
  site?: string;
  line?: string;
  product?: string;
  classification?: DataClassification;
  body: string;
  contentType?: DocumentContentType;
}

export function doc(spec: DocSpec): KnowledgeDocument {
  return {
    documentId: spec.id,
    title: spec.title ?? spec.id,
    docType: spec.type ?? DocumentType.SOP,
    revision: spec.revision ?? 'A',
    status: spec.status ?? DocumentStatus.APPROVED,
    effectiveFrom: new Date(spec.from ?? T0),
    effectiveTo: spec.to !== undefined ? new Date(spec.to) : undefined,
    scope: { site: spec.site ?? 'plant-a', line: spec.line ?? '', product: spec.product ?? '' },
    dataClassification: spec.classification ?? DataClassification.INTERNAL,
    owner: 'qa-docs@plant-a',
    contentType: spec.contentType ?? DocumentContentType.MARKDOWN,
    content: Buffer.from(spec.body, 'utf8'),
    publishedAt: new Date(spec.from ?? T0),
    sourceRecordId: `dms:${spec.id}:${spec.revision ?? 'A'}`,
  };
}

export const operator = (sites: string[] = ['plant-a']): CallerContext => ({
  userId: 'op-1',
  roles: ['operator'],
  sites,
});
export const qualityEngineer = (sites: string[] = ['plant-a']): CallerContext => ({
  userId: 'qe-1',
  roles: ['quality_engineer'],
  sites,
});
export const supervisor = (sites: string[] = ['plant-a']): CallerContext => ({
  userId: 'sup-1',
  roles: ['production_supervisor'],
  sites,
});

export function alarmEvent(
  id: string,
  at: number,
  site: string,
  line: string,
  machine: string,
  code: string,
  message: string,
): PlantEvent {
  return {
    envelope: {
      eventId: id,
      eventType: 'machine_alarm',
      sourceSystem: SourceSystem.MES,
      location: { enterprise: 'acme', site, area: '', line, cell: '' },
      occurredAt: new Date(at),
      ingestedAt: new Date(at + 1000),
      correlationId: `corr-${id}`,
      causationId: '',
      schemaVersion: 1,
      dataClassification: DataClassification.INTERNAL,
      sourceRecordId: `mes:${id}`,
    },
    payload: {
      $case: 'machineAlarm',
      value: {
        machineId: machine,
        alarmCode: code,
        severity: AlarmSeverity.HIGH,
        state: AlarmState.RAISED,
        message,
        alarmInstanceId: `ai-${id}`,
      },
    },
  };
}

/** Small corpus shared by the ranking and filter cases. */
export const CORPUS: readonly KnowledgeDocument[] = [
  doc({
    id: 'SOP-A-014',
    title: 'Clearing a jam on a molding press',
    line: 'line-1',
    product: 'PX-100',
    body: '# Clearing a jam\n\n## Procedure\n1. Press cycle stop on the press and wait for alarm A-400 to latch.\n2. Apply lockout at the main disconnect.\n3. Open the guard and remove the jammed part with the brass hook.\n4. Close the guard and reset the press.\n',
  }),
  doc({
    id: 'SOP-A-021',
    title: 'Responding to press overtemperature',
    line: 'line-1',
    body: '# Overtemperature\n\n## Procedure\n1. On alarm A-100 stop the press and check the barrel heater band on a-l1-m1.\n2. Check the cooling water flow at the press manifold.\n3. Call maintenance when the press does not cool within 15 minutes.\n',
  }),
  doc({
    id: 'SOP-A-030',
    title: 'Responding to press vibration',
    line: 'line-1',
    body: '# Vibration\n\n## Procedure\n1. On alarm A-200 on a-l1-m2 stop the press and check the press mounting bolts.\n2. Check the pump coupling of the press for wear.\n3. Call maintenance when the press vibration does not drop.\n',
  }),
  doc({
    id: 'MM-A-003',
    title: 'Press hydraulics maintenance manual',
    type: DocumentType.MAINTENANCE_MANUAL,
    line: 'line-1',
    body: '# Hydraulics\n\n## Pressure loss\nAlarm A-300 means the press hydraulic pressure is low. Replace the pump seal with seal kit HP-2210 and bleed the press circuit.\n',
  }),
  doc({
    id: 'SOP-A-040',
    title: 'Assembly line start-up',
    line: 'line-2',
    product: 'PX-200',
    body: '# Start-up\n\n## Procedure\n1. Check the torque tools on the assembly line.\n2. Run the first-article check on the press-fit station.\n',
  }),
  doc({
    id: 'SOP-B-005',
    title: 'Mixer overtemperature',
    site: 'plant-b',
    line: 'line-3',
    body: '# TEMP_HI on the mixer\n\n## Procedure\n1. On TEMP_HI stop the mixer b-l3-m1 and open the jacket cooling valve.\n2. Hold the batch until the temperature is below 60 C.\n',
  }),
  doc({
    id: 'SOP-Q-001',
    title: 'Lot hold and containment for an NCR',
    site: '',
    body: '# Lot hold\n\n## Procedure\n1. Put every suspect lot on hold in the MES.\n2. Tag the held lots and move them to the quarantine cage.\n3. Notify the quality engineer of the NCR.\n',
  }),
  doc({
    id: 'NCR-H-001',
    title: 'NCR history line 1',
    type: DocumentType.NCR_HISTORY,
    line: 'line-1',
    classification: DataClassification.CONFIDENTIAL,
    body: '# NCR history\n\n## NCR-1042\nShort shots on PX-100 traced to a blocked press nozzle; lots held and sorted.\n',
  }),
];
