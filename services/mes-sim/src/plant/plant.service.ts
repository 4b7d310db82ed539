import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Inject, Injectable, Optional } from '@nestjs/common';
import { Rng } from '../generator/rng';
import { MES_SIM_SITES, MES_SIM_SNAPSHOT } from '../mes-sim.tokens';
import type { SiteSeed } from './plant-seed';
import { PlantState, type PlantSnapshot } from './plant-state';

/**
 * Owns the simulator's state and persists it as a JSON snapshot after every write,
 * so a standalone restart keeps lots, holds and effects (the exactly-once proof
 * depends on effects surviving a restart).
 */
/** The seed of the starting lots: every fresh plant starts with the same lots. */
const LOT_SEED = 42;

@Injectable()
export class PlantService {
  readonly state: PlantState;

  constructor(
    @Inject(MES_SIM_SITES) sites: readonly SiteSeed[],
    @Optional() @Inject(MES_SIM_SNAPSHOT) private readonly snapshotFile: string | undefined,
  ) {
    if (snapshotFile && existsSync(snapshotFile)) {
      this.state = PlantState.restore(JSON.parse(readFileSync(snapshotFile, 'utf8')) as PlantSnapshot, sites);
      return;
    }
    this.state = new PlantState(sites);
    // Every line starts with a few lots so holds and genealogy have something to act on.
    const rng = new Rng(LOT_SEED);
    for (const site of this.state.sites) {
      for (const line of site.lines) for (let i = 0; i < 4; i++) this.state.createLot(site.id, line.id, rng);
    }
    this.persist();
  }

  persist(): void {
    if (!this.snapshotFile) return;
    mkdirSync(dirname(this.snapshotFile), { recursive: true });
    const tmp = `${this.snapshotFile}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.state.snapshot()));
    renameSync(tmp, this.snapshotFile);
  }
}
