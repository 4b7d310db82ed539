import { Body, Controller, Inject, Ip, Post } from '@nestjs/common';
import { z } from 'zod';
import { CurrentCaller, type Caller } from '@andon/service-kit';
import type { AcknowledgementJson } from '../acknowledge/acknowledge-shift.service';
import type { ApprovalCore } from '../approval-core';
import { APPROVAL_CORE } from '../approval.tokens';
import { parseBody } from './request-schemas';

const CODE = /^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,127}$/;

export const acknowledgementSchema = z.object({
  site: z.string().regex(CODE, { error: 'site must be a site code' }),
  line: z.string().regex(CODE, { error: 'line must be a line code' }),
  shiftId: z.string().regex(CODE, { error: 'shiftId must be a shift id' }),
  contentHash: z
    .string()
    .regex(/^[0-9a-f]{64}$/, { error: 'contentHash must be 64 lower-case hex characters' }),
  // An acknowledgement means one thing: the signer reviewed what changed. Stated, not implied.
  meaning: z.literal('review', {
    error: 'meaning must be "review": an acknowledgement records that you reviewed the shift change',
  }),
  reason: z.string({ error: 'reason is required' }).trim().min(1, { error: 'reason is required' }).max(2000),
  password: z.string({ error: 'password is required: re-enter it to sign' }),
});

/**
 * POST /api/shift-acknowledgements: the incoming supervisor signs "what changed since the
 * last shift" (site and line scope as every signature, re-authentication, meaning review).
 * Recorded in the audit ledger as `shift.acknowledged`; no MES action follows from it.
 */
@Controller('api/shift-acknowledgements')
export class ShiftAcknowledgementsController {
  constructor(@Inject(APPROVAL_CORE) private readonly core: ApprovalCore) {}

  @Post()
  acknowledge(
    @CurrentCaller() caller: Caller,
    @Body() body: unknown,
    @Ip() address: string,
  ): Promise<AcknowledgementJson> {
    if (!caller.principal) throw new Error('approval routes authenticate people');
    const input = parseBody(acknowledgementSchema, body);
    return this.core.acknowledge.acknowledge(caller.principal, {
      site: input.site,
      line: input.line,
      shiftId: input.shiftId,
      contentHash: input.contentHash,
      reason: input.reason,
      password: input.password,
      ...(caller.authTime !== undefined ? { idpAuthTime: caller.authTime } : {}),
      address,
    });
  }
}
