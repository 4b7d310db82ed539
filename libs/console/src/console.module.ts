import { Controller, Get, Module, NotFoundException, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { existsSync, readFileSync } from 'node:fs';
import { join, normalize } from 'node:path';

const ASSETS = join(__dirname, '..', 'assets');
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

/** Resolves a console asset path, refusing anything that escapes the assets folder. */
export function resolveAsset(path: string): string | undefined {
  const full = normalize(join(ASSETS, path));
  if (!full.startsWith(ASSETS + '/') || !existsSync(full)) return undefined;
  const ext = full.slice(full.lastIndexOf('.'));
  return TYPES[ext] ? full : undefined;
}

@Controller()
export class ConsoleController {
  @Get()
  index(@Res() res: Response): void {
    res.type('text/html').send(readFileSync(join(ASSETS, 'index.html')));
  }

  @Get('console/*path')
  asset(@Param('path') path: string | string[], @Res() res: Response): void {
    const file = resolveAsset(Array.isArray(path) ? path.join('/') : path);
    if (!file) throw new NotFoundException();
    res.type(TYPES[file.slice(file.lastIndexOf('.'))] ?? 'application/octet-stream').send(readFileSync(file));
  }
}

/** Serves the supervisor console (static, no build step) at `/`. */
@Module({ controllers: [ConsoleController] })
export class ConsoleModule {}
