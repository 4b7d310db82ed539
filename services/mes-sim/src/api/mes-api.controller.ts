import { Body, Controller, Get, Headers, HttpException, Inject, Param, Post, Query } from '@nestjs/common';
import { MesError, type Effect, type MesCommand, type PlantSnapshot } from '../plant/plant-state';
import { PlantService } from '../plant/plant.service';
import { Authenticated } from '@andon/service-kit';

/** The MES's API clients (mes-writeback), authenticated by MES_SIM_TOKENS like a real MES's credentials. */
export const MES_CLIENT_SCHEME = 'mes-client';

type Json = Record<string, unknown>;

/**
 * The simulated MES REST API. Writes require an `Idempotency-Key` header and return the
 * recorded effect; a repeated key returns the original effect (status 200 instead of 201).
 */
@Controller('mes/v1')
@Authenticated(MES_CLIENT_SCHEME)
export class MesApiController {
  constructor(@Inject(PlantService) private readonly plant: PlantService) {}

  @Get('plant')
  sites() {
    return this.plant.state.sites;
  }

  @Get('lots')
  lots(@Query('site') site?: string, @Query('line') line?: string) {
    return this.plant.state.listLots({ ...(site ? { site } : {}), ...(line ? { line } : {}) });
  }

  @Get('lots/:lotId')
  lot(@Param('lotId') lotId: string) {
    const lot = this.plant.state.lot(lotId);
    if (!lot) throw new HttpException({ error: `lot ${lotId} does not exist` }, 404);
    return { ...lot, descendants: this.plant.state.descendants(lotId).map((l) => l.id) };
  }

  @Post('lots/:lotId/hold')
  hold(
    @Param('lotId') lotId: string,
    @Headers('idempotency-key') key: string | undefined,
    @Body() body: Json,
  ) {
    return this.write('hold_lot', key, { ...body, lotId });
  }

  @Post('investigations')
  investigation(@Headers('idempotency-key') key: string | undefined, @Body() body: Json) {
    return this.write('start_investigation', key, body);
  }

  @Post('maintenance-work-orders')
  workOrder(@Headers('idempotency-key') key: string | undefined, @Body() body: Json) {
    return this.write('create_work_order', key, body);
  }

  @Post('shift-log')
  shiftLog(@Headers('idempotency-key') key: string | undefined, @Body() body: Json) {
    return this.write('post_shift_log', key, body);
  }

  @Post('schedule-notices')
  scheduleNotice(@Headers('idempotency-key') key: string | undefined, @Body() body: Json) {
    return this.write('schedule_notice', key, body);
  }

  @Get('records/:command')
  records(@Param('command') command: string, @Query('site') site?: string) {
    const known: Array<keyof PlantSnapshot['records']> = [
      'start_investigation',
      'create_work_order',
      'post_shift_log',
      'schedule_notice',
    ];
    const match = known.find((k) => k === command);
    if (!match) throw new HttpException({ error: `unknown record kind ${command}` }, 404);
    return this.plant.state.listRecords(match, site);
  }

  /** Lets a write-back adapter reconcile after a crash: did this key already take effect? */
  @Get('effects/:key')
  effect(@Param('key') key: string): Effect {
    const effect = this.plant.state.effect(key);
    if (!effect) throw new HttpException({ error: `no effect for key ${key}` }, 404);
    return effect;
  }

  @Get('effects')
  effects(@Query('actionId') actionId: string) {
    return this.plant.state.effectsForAction(actionId);
  }

  private write(command: MesCommand, key: string | undefined, body: Json): Effect {
    if (!key) throw new HttpException({ error: 'Idempotency-Key header is required' }, 400);
    try {
      const effect = this.plant.state.apply(command, key, body);
      this.plant.persist();
      return effect;
    } catch (err) {
      if (err instanceof MesError) throw new HttpException({ error: err.message }, err.status);
      throw err;
    }
  }
}
