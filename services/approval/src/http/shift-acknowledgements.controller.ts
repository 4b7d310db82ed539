import { Body, Controller, Inject, Ip, Post } from '@nestjs/common';
import { CurrentCaller, ZodValidationPipe, type Caller } from '@andon/service-kit';
import { AcknowledgeShiftService, type AcknowledgementJson } from '../acknowledge/acknowledge-shift.service';
import { acknowledgementSchema, BAD_REQUEST, type AcknowledgementBody } from './request-schemas';

/**
 * POST /api/shift-acknowledgements: the incoming supervisor signs "what changed since the
 * last shift" (site and line scope as every signature, re-authentication, meaning review).
 * Recorded in the audit ledger as `shift.acknowledged`; no MES action follows from it.
 */
@Controller('api/shift-acknowledgements')
export class ShiftAcknowledgementsController {
  constructor(@Inject(AcknowledgeShiftService) private readonly acknowledging: AcknowledgeShiftService) {}

  @Post()
  acknowledge(
    @CurrentCaller() caller: Caller,
    @Body(new ZodValidationPipe(acknowledgementSchema, BAD_REQUEST)) input: AcknowledgementBody,
    @Ip() address: string,
  ): Promise<AcknowledgementJson> {
    if (!caller.principal) throw new Error('approval routes authenticate people');
    return this.acknowledging.acknowledge(caller.principal, {
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
