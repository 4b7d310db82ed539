import { randomUUID, sign } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { EVENT_BUS, type EventBus } from '@andon/bus';
import { ContentTypes, HeaderNames, ShiftAcknowledgement, Topics, locationKey } from '@andon/contracts';
import { approverSignatureToProto, type SigningKeyPair } from '@andon/governance/policy';
import { canonicalize } from '@andon/governance/canonical';
import { hasLine, hasSite, type Principal, type Role, type UserDirectory } from '@andon/governance/auth';
import type { Logger } from '@andon/observability';
import { SERVICE_LOG, SERVICE_CLOCK, type Clock } from '@andon/service-kit';
import { APPROVAL_SIGNING_KEY, APPROVAL_USERS } from '../approval.tokens';
import { AuthService } from '../auth/auth.service';
import { ApprovalError } from '../domain/approval-error';
import { printedName, proveSigner, type ReauthInput } from '../domain/signer-proof';

/** Who takes over a shift: supervisors, and the managers and administrators above them. */
export const ACKNOWLEDGING_ROLES: readonly Role[] = ['production_supervisor', 'plant_manager', 'admin'];

export interface AcknowledgeShiftInput extends ReauthInput {
  site: string;
  line: string;
  shiftId: string;
  /** sha256 (hex) of the canonical "what changed" content the signer was shown */
  contentHash: string;
  reason: string;
}

export interface AcknowledgementJson {
  acknowledgementId: string;
  site: string;
  line: string;
  shiftId: string;
  contentHash: string;
  userId: string;
  printedName: string;
  role: Role;
  meaning: 'REVIEW';
  reason: string;
  acknowledgedAt: string;
  reauthenticatedAt: string;
  reauthMethod: string;
  keyId: string;
}

/**
 * The incoming supervisor's e-signature on "what changed since the last shift". Same
 * re-authentication and printed name as an action's signature, meaning REVIEW, scoped by
 * site and line like every signature. It is not an MES action: it is published on
 * andon.shift.acknowledged.v1, which only the audit ledger reads (never mes-writeback).
 */
@Injectable()
export class AcknowledgeShiftService {
  constructor(
    @Inject(EVENT_BUS) private readonly bus: EventBus,
    @Inject(APPROVAL_USERS) private readonly users: UserDirectory,
    @Inject(AuthService) private readonly auth: AuthService,
    @Inject(APPROVAL_SIGNING_KEY) private readonly signingKey: SigningKeyPair,
    @Inject(SERVICE_CLOCK) private readonly clock: Clock,
    @Inject(SERVICE_LOG) private readonly log: Logger,
  ) {}

  async acknowledge(principal: Principal, input: AcknowledgeShiftInput): Promise<AcknowledgementJson> {
    if (!hasSite(principal, input.site))
      throw new ApprovalError(
        403,
        'SITE_OUT_OF_SCOPE',
        `${principal.userId} is not scoped to site ${input.site}`,
      );
    if (!hasLine(principal, input.site, input.line))
      throw new ApprovalError(
        403,
        'LINE_OUT_OF_SCOPE',
        `${principal.userId} is not scoped to ${input.site}/${input.line}`,
      );
    const role = ACKNOWLEDGING_ROLES.find((r) => principal.roles.includes(r));
    if (!role)
      throw new ApprovalError(
        403,
        'ROLE_NOT_PERMITTED',
        `acknowledging a shift needs one of ${ACKNOWLEDGING_ROLES.join(', ')}`,
      );
    const proof = await proveSigner(principal, input, {
      auth: this.auth,
      users: this.users,
      clock: this.clock,
    });
    const now = this.clock.now().toISOString();
    const ack: AcknowledgementJson = {
      acknowledgementId: randomUUID(),
      site: input.site,
      line: input.line,
      shiftId: input.shiftId,
      contentHash: input.contentHash,
      userId: principal.userId,
      printedName: await printedName(principal, this.users),
      role,
      meaning: 'REVIEW',
      reason: input.reason.trim(),
      acknowledgedAt: now,
      reauthenticatedAt: proof.authenticatedAt,
      reauthMethod: proof.method,
      keyId: this.signingKey.keyId,
    };
    const message = ShiftAcknowledgement.fromPartial({
      acknowledgementId: ack.acknowledgementId,
      location: { site: ack.site, line: ack.line },
      shiftId: ack.shiftId,
      contentHash: ack.contentHash,
      signature: approverSignatureToProto({ ...ack, approved: true, signedAt: now }),
      serviceSignature: sign(
        null,
        Buffer.from(acknowledgementSigningBytes(ack)),
        this.signingKey.privateKey,
      ).toString('base64url'),
      keyId: ack.keyId,
      correlationId: `${ack.site}/${ack.line}/${ack.shiftId}`,
      acknowledgedAt: new Date(now),
    });
    try {
      await this.bus.publish([
        {
          topic: Topics.ShiftAcknowledged,
          key: locationKey(message.location),
          value: ShiftAcknowledgement.encode(message).finish(),
          headers: {
            [HeaderNames.EventId]: ack.acknowledgementId,
            [HeaderNames.EventType]: 'shift_acknowledged',
            [HeaderNames.ContentType]: ContentTypes.Protobuf,
            [HeaderNames.CorrelationId]: message.correlationId,
            [HeaderNames.Site]: ack.site,
            [HeaderNames.ProducedBy]: 'approval',
          },
        },
      ]);
    } catch (err) {
      this.log.warn(
        { err, shiftId: ack.shiftId },
        'shift acknowledgement not published; nothing was recorded',
      );
      throw new ApprovalError(503, 'NOT_RECORDED', 'the acknowledgement could not be recorded; sign again');
    }
    this.log.info(
      {
        acknowledgementId: ack.acknowledgementId,
        site: ack.site,
        line: ack.line,
        shiftId: ack.shiftId,
        userId: ack.userId,
      },
      'shift acknowledged',
    );
    return ack;
  }
}

/** What the service signature covers: every field of the acknowledgement, canonical JSON. */
export function acknowledgementSigningBytes(ack: AcknowledgementJson): string {
  return canonicalize({ type: 'andon.shift-acknowledgement.v1', ...ack });
}
