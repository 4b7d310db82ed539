import { resolve } from 'node:path';
import { siteId } from '@andon/plant-model';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { PlantEvent, eventTypeOf } from '@andon/contracts';
import type { Logger } from '@andon/observability';
import { AgentContext, AgentMetrics, Outbox, type DecodedPlantEvent } from '@andon/agent-kit';
import { Sweep } from '@andon/service-kit';
import type { ComplianceAgentSettings } from '../config/compliance-agent.config';
import { ComplianceFlagService } from './compliance-flag.service';
import { loadProcedureFolder, ProcedureLibrary } from './procedure-library';
import { ProcedureRevisionsRepository, type KnownRevision } from './procedure-revisions.repository';
import { supersededRevisionRunning } from './step-findings';
import { StepRecordsRepository, type StepRecord } from './step-records.repository';

export interface RevisionAnnouncerParts {
  library: ProcedureLibrary;
  revisions: ProcedureRevisionsRepository;
  steps: StepRecordsRepository;
  flags: ComplianceFlagService;
  outbox: Outbox;
  metrics: AgentMetrics;
  log: Logger;
  now: () => number;
  /** A line counts as running a document when its last step of it is at most this old at the new revision's effective time. */
  runningWindowMs: number;
}

/**
 * Keeps the in-memory library in step with the store, and, once per approved revision
 * that is in force, flags every line whose last step of that document was on another
 * revision. The flag goes through the outbox keyed by revision and line, so a second
 * replica or a restart between flagging and marking republishes the same bytes.
 */
@Injectable()
export class RevisionAnnouncer implements OnModuleInit {
  private running: Promise<void> = Promise.resolve();
  private readonly parts: RevisionAnnouncerParts;

  constructor(
    @Inject(ProcedureLibrary) library: ProcedureLibrary,
    @Inject(ProcedureRevisionsRepository) revisions: ProcedureRevisionsRepository,
    @Inject(StepRecordsRepository) steps: StepRecordsRepository,
    @Inject(ComplianceFlagService) flags: ComplianceFlagService,
    @Inject(Outbox) outbox: Outbox,
    @Inject(AgentMetrics) metrics: AgentMetrics,
    @Inject(AgentContext) private readonly agent: AgentContext<ComplianceAgentSettings>,
  ) {
    const runningWindowMs = agent.config.COMPLIANCE_RUNNING_WINDOW_HOURS * 3_600_000;
    this.parts = {
      library,
      revisions,
      steps,
      flags,
      outbox,
      metrics,
      log: agent.log,
      now: agent.nowMs,
      runningWindowMs,
    };
  }

  /**
   * Before any consumer starts: the seed corpus goes through the store like a published
   * revision (so both paths announce alike), the library learns what the store holds, and
   * what is already due is announced. Steps are judged from those revisions at once; the
   * documents group only adds what was published since it last committed.
   */
  async onModuleInit(): Promise<void> {
    const dir = this.agent.config.COMPLIANCE_KNOWLEDGE_DIR;
    if (dir)
      for (const revision of loadProcedureFolder(resolve(dir)))
        await this.parts.revisions.save(revision, this.parts.now());
    await this.refresh();
    if (this.agent.consuming) await this.announceDue();
  }

  /** Picks up revisions other replicas learned, and announces revisions whose effective time has come. */
  @Sweep((self: RevisionAnnouncer) =>
    self.agent.consuming
      ? { name: `${self.agent.id}.revision-sweep`, everyMs: self.agent.config.COMPLIANCE_REVISION_SWEEP_MS }
      : null,
  )
  async sweep(): Promise<void> {
    await this.refresh();
    await this.announceDue();
  }

  /** Learns, from the store, what other replicas (or an earlier run) learned from the documents topic. */
  async refresh(): Promise<void> {
    for (const known of await this.parts.revisions.all()) this.parts.library.learn(known.revision);
  }

  /** Announces every revision that has come into force and was not announced; calls are serialised. */
  announceDue(): Promise<void> {
    return this.serialised(async () => {
      for (const known of await this.parts.revisions.unannounced()) await this.announceIfDue(known);
    });
  }

  /** The same for one revision just learned, so reading a long documents topic does not rescan the store per record. */
  announceRevision(documentId: string, revision: string): Promise<void> {
    return this.serialised(async () => {
      const known = await this.parts.revisions.get(documentId, revision);
      if (known && known.announcedAt === null) await this.announceIfDue(known);
    });
  }

  private serialised(work: () => Promise<void>): Promise<void> {
    const next = this.running.then(work);
    this.running = next.catch(() => undefined);
    return next;
  }

  private async announceIfDue(known: KnownRevision): Promise<void> {
    const now = this.parts.now();
    const r = known.revision;
    if (r.status === 'approved' && this.parts.library.approvedAt(r.documentId, now)?.revision === r.revision)
      await this.announce(known, now);
  }

  private async announce(known: KnownRevision, now: number): Promise<void> {
    const { library, steps, outbox, flags, metrics } = this.parts;
    const inForce = known.revision;
    const since = (inForce.effectiveFrom ?? now) - this.parts.runningWindowMs;
    const stale = (await steps.latestPerLine(inForce.documentId, inForce.scope, since)).filter(
      (s) => s.revision !== inForce.revision,
    );
    for (const latest of stale) {
      const running = library.revision(latest.documentId, latest.revision);
      const key = `effective:${inForce.documentId}@${inForce.revision}:${latest.site}/${latest.line ?? ''}`;
      const earlier = latest.workOrderId ? await steps.before(latest) : [];
      const { replayed, messages } = await outbox.emit(latest.site, key, () =>
        flags.flag({
          trigger: triggerOf(latest),
          step: {
            documentId: latest.documentId,
            revision: latest.revision,
            stepNo: latest.stepNo,
            workOrderId: latest.workOrderId,
            operatorBadge: latest.operatorBadge,
            machineId: latest.machineId,
          },
          approved: inForce,
          earlier,
          findings: [supersededRevisionRunning(latest, inForce, running)],
          cited: running,
          key,
        }),
      );
      metrics.published(messages, replayed);
    }
    const marked = await this.parts.revisions.markAnnounced(known, now);
    this.parts.log.info(
      { documentId: inForce.documentId, revision: inForce.revision, linesFlagged: stale.length, marked },
      'procedure revision in force announced',
    );
  }
}

/** The line's last step as the event it was, so the flag cites it as its trigger (S0) and causation. */
function triggerOf(s: StepRecord): DecodedPlantEvent {
  const occurredAt = new Date(s.occurredAt);
  const payload = {
    $case: 'procedureStepCompleted' as const,
    value: {
      documentId: s.documentId,
      revision: s.revision,
      stepNumber: s.stepNo,
      operatorBadge: s.operatorBadge,
      workOrderId: s.workOrderId,
      machineId: s.machineId,
      recordedValues: {},
    },
  };
  const location = {
    enterprise: s.enterprise ?? '',
    site: s.site,
    area: s.area ?? '',
    line: s.line ?? '',
    cell: '',
  };
  const correlationId = s.correlationId || s.eventId;
  const event = PlantEvent.fromPartial({
    envelope: {
      eventId: s.eventId,
      eventType: eventTypeOf(payload.$case),
      location,
      occurredAt,
      correlationId,
    },
    payload,
  });
  return {
    event,
    payload,
    eventId: s.eventId,
    correlationId,
    enterprise: location.enterprise,
    site: siteId(s.site),
    area: location.area,
    line: location.line,
    occurredAt,
  };
}
