import type { DocumentCollection, DocumentStore, Versioned } from '@andon/persistence';
import type { TokenReserveResult, TokenUsageStore } from './token-usage.port';

export const TOKEN_USAGE_COLLECTION = 'llm_token_usage';

interface TokenUsageDoc extends Versioned {
  site: string;
  /** UTC day, YYYY-MM-DD */
  day: string;
  tokens: number;
}

/**
 * Conditional writes lost to other gateways before giving up. Each loss means another
 * writer progressed, so this only ends a loop that something else keeps winning; after
 * the first few losses a short random pause spreads the writers out.
 */
const MAX_RACES = 1_000;
const pause = (race: number): Promise<void> =>
  race < 3 ? Promise.resolve() : new Promise((r) => setTimeout(r, Math.random() * Math.min(50, race * 2)));

/**
 * Daily token use per site in the shared document store (SQLite embedded, MongoDB wire
 * in a cluster): one document per (site, day), changed only by compare-and-set on its
 * version, so concurrent gateways never lose an update or overrun the limit together.
 */
export class DocumentTokenUsageStore implements TokenUsageStore {
  private constructor(private readonly usage: DocumentCollection<TokenUsageDoc>) {}

  static async open(store: DocumentStore): Promise<DocumentTokenUsageStore> {
    // Every read and write goes by _id ("<day>|<site>"), so no secondary index is needed.
    return new DocumentTokenUsageStore(await store.collection<TokenUsageDoc>(TOKEN_USAGE_COLLECTION));
  }

  async tryReserve(site: string, day: string, tokens: number, limit: number): Promise<TokenReserveResult> {
    let result: TokenReserveResult = { granted: true };
    await this.update(site, day, (used) => {
      if (used + tokens > limit) {
        result = { granted: false, used };
        return undefined;
      }
      result = { granted: true };
      return used + tokens;
    });
    return result;
  }

  async adjust(site: string, day: string, delta: number): Promise<void> {
    if (delta === 0) return;
    await this.update(site, day, (used) => Math.max(0, used + delta));
  }

  async used(site: string, day: string): Promise<number> {
    return (await this.usage.get(idOf(site, day)))?.tokens ?? 0;
  }

  /** `next` returns the new total, or undefined to leave the document as it is. */
  private async update(site: string, day: string, next: (used: number) => number | undefined): Promise<void> {
    const id = idOf(site, day);
    for (let race = 0; race < MAX_RACES; race++) {
      if (race > 0) await pause(race);
      const current = await this.usage.get(id);
      const tokens = next(current?.tokens ?? 0);
      if (tokens === undefined) return;
      if (!current) {
        if ((await this.usage.insert({ _id: id, site, day, tokens })) === 'inserted') return;
        continue;
      }
      if (await this.usage.compareAndSet(id, current.version, { tokens })) return;
    }
    throw new Error(`token usage of ${site} on ${day} kept changing under ${MAX_RACES} attempts`);
  }
}

const idOf = (site: string, day: string): string => `${day}|${site}`;
