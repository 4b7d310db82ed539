import {
  Controller,
  Get,
  Inject,
  Module,
  NotFoundException,
  Param,
  Res,
  type DynamicModule,
} from '@nestjs/common';
import { BusModule, type EventBus } from '@andon/bus';
import type { Logger } from '@andon/observability';
import { LiveEventsController } from './live/live-events.controller';
import { LiveEventsService } from './live/live-events.service';
import {
  DEAD_LETTER_DESK,
  DeadLettersController,
  type DeadLetterDeskPort,
} from './dead-letters/dead-letters.controller';
import { REPLAY_DESK, ReplayController, type ReplayDeskPort } from './replay/replay.controller';
import type { Response } from 'express';
import { existsSync, readFileSync } from 'node:fs';
import { join, normalize } from 'node:path';
import { Public, ServiceKitModule } from '@andon/service-kit';

const ASSETS = join(__dirname, '..', 'assets');
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

/** What the console needs to know about the deployment before anyone signs in. */
export interface ConsoleOptions {
  /** IANA time zone per site: times are shown in the plant's local time, zone named. */
  siteTimeZones: Readonly<Record<string, string>>;
  /** Live updates (GET /api/console/events, people's tokens through the kit's guard): the bus to watch. */
  live?: { bus: EventBus; log: Logger };
  /** The dead-letter view (GET /api/console/dead-letters, administrators through the kit's guard). */
  deadLetters?: DeadLetterDeskPort;
  /** Decision replay (GET /api/console/replay/:id, reviewers through the kit's guard): ledger + captures, re-run on engines that record nothing. */
  replay?: ReplayDeskPort;
}

const CONSOLE_OPTIONS = Symbol('ConsoleOptions');

/** Resolves a console asset path, refusing anything that escapes the assets folder. */
export function resolveAsset(path: string): string | undefined {
  const full = normalize(join(ASSETS, path));
  if (!full.startsWith(ASSETS + '/') || !existsSync(full)) return undefined;
  const ext = full.slice(full.lastIndexOf('.'));
  return TYPES[ext] ? full : undefined;
}

/**
 * Static assets and the console's public configuration. Nothing here carries data a
 * user may not see: every figure the console shows comes from the authenticated APIs.
 */
@Controller()
@Public("the console is static files; every API call it makes carries the signed-in user's token")
export class ConsoleController {
  constructor(@Inject(CONSOLE_OPTIONS) private readonly options: ConsoleOptions) {}

  @Get()
  index(@Res() res: Response): void {
    res.type('text/html').send(readFileSync(join(ASSETS, 'index.html')));
  }

  /** Site time zones (public: no plant data), read before sign-in to format every time. */
  @Get('console/config.json')
  config(): { siteTimeZones: Readonly<Record<string, string>> } {
    return { siteTimeZones: this.options.siteTimeZones };
  }

  @Get('console/*path')
  asset(@Param('path') path: string | string[], @Res() res: Response): void {
    const file = resolveAsset(Array.isArray(path) ? path.join('/') : path);
    if (!file) throw new NotFoundException();
    res.type(TYPES[file.slice(file.lastIndexOf('.'))] ?? 'application/octet-stream').send(readFileSync(file));
  }
}

/** Serves the supervisor console (static, no build step) at `/`, with its live-update stream. */
@Module({})
export class ConsoleModule {
  static forRoot(options: ConsoleOptions): DynamicModule {
    const { live, deadLetters, replay } = options;
    return {
      module: ConsoleModule,
      // The kit's guard authenticates the console's API routes with the same tokens as every service.
      imports: [ServiceKitModule, ...(live ? [BusModule.shared(live.bus)] : [])],
      controllers: [
        ConsoleController,
        ...(live ? [LiveEventsController] : []),
        ...(deadLetters ? [DeadLettersController] : []),
        ...(replay ? [ReplayController] : []),
      ],
      providers: [
        { provide: CONSOLE_OPTIONS, useValue: options },
        // Consumes through the bus module (@Subscribe) while the app runs.
        ...(live ? [{ provide: LiveEventsService, useValue: new LiveEventsService(live.log) }] : []),
        ...(deadLetters ? [{ provide: DEAD_LETTER_DESK, useValue: deadLetters }] : []),
        ...(replay ? [{ provide: REPLAY_DESK, useValue: replay }] : []),
      ],
    };
  }
}
