import type { RejectionReason } from '../../normalise/rejection';
import type { DecodedMetric, DecodedPayload } from './sparkplug-codec';
import type { SparkplugMessageType } from './sparkplug-topic';

/** A metric value with its name resolved from the birth certificate. */
export interface ResolvedMetric {
  name: string;
  value: unknown;
  /** Metric timestamp, else the payload's; undefined when the edge node sent neither. */
  timestamp: number | undefined;
}

export type SessionVerdict =
  /** Session bookkeeping only (deaths, a stale death, commands): no plant data. */
  | { kind: 'control'; note: string }
  /** Data to map: births' current values and NDATA/DDATA, with the bdSeq/seq that identify the message. */
  | { kind: 'data'; metrics: ResolvedMetric[]; unresolved: string[]; bdSeq: number; seq: number }
  /** The whole message is refused; `rebirth` asks the caller to send the node an NCMD Rebirth. */
  | { kind: 'refused'; reason: RejectionReason; detail: string; rebirth: boolean };

interface DeviceState {
  aliases: Map<string, string>;
}

/** What survives a restart: the births (aliases, bdSeq); the sequence position is a {@link SequencePosition}. */
export interface PersistedNode {
  node: string;
  bdSeq: number;
  aliases: Record<string, string>;
  devices: Record<string, Record<string, string>>;
}

/** The last seq handled of a node's session (bdSeq), saved after each batch, before its acknowledgements. */
export interface SequencePosition {
  node: string;
  bdSeq: number;
  seq: number;
}

/**
 * After a restart with a saved position, messages up to this far behind it are the
 * broker re-sending what the stopped process handled but never acknowledged (its
 * in-flight window): they resolve as data (and dedupe drops the published ones) without
 * moving the position. Anything else that is not the next seq is a gap across the restart.
 */
const REPLAY_WINDOW = 128;

interface NodeState {
  bdSeq: number;
  seq: number;
  /** Restored from the store after a restart: the next message re-anchors the sequence (no saved position) or is checked against it. */
  resync?: boolean;
  /** Restored with its saved position: a gap across the restart is detected. */
  anchored?: boolean;
  aliases: Map<string, string>;
  devices: Map<string, DeviceState>;
  /** A sequence broke or a birth is missing: data is refused until the next NBIRTH. */
  awaitingRebirth: boolean;
}

// Metrics that describe the session, never the plant (Sparkplug B 3.0, section 6.4).
const SESSION_METRICS = ['bdSeq', 'Node Control/', 'Device Control/', 'Properties/'];

function isSessionMetric(name: string): boolean {
  return SESSION_METRICS.some((m) => (m.endsWith('/') ? name.startsWith(m) : name === m));
}

function bdSeqOf(payload: DecodedPayload): number | undefined {
  const metric = payload.metrics.find((m) => m.name === 'bdSeq');
  return typeof metric?.value === 'number' ? metric.value : undefined;
}

/**
 * The host application's view of every edge node's session, as Sparkplug B 3.0 asks:
 * birth certificates per node and device (so aliases in NDATA/DDATA resolve), the
 * message sequence (0..255, wrapping) from NBIRTH on, bdSeq to tell a current NDEATH
 * from a stale one. A broken sequence or data without a birth refuses the message and
 * asks for a rebirth; the node's data is refused until its NBIRTH arrives, because
 * aliases from a birth we did not see could name other metrics.
 * Births and the last sequence positions are saved by the source, so a restart keeps both.
 */
export class SparkplugSessions {
  private readonly nodes = new Map<string, NodeState>();

  accept(
    group: string,
    node: string,
    device: string | undefined,
    type: SparkplugMessageType,
    payload: DecodedPayload,
  ): SessionVerdict {
    const id = `${group}/${node}`;
    const state = this.nodes.get(id);
    switch (type) {
      case 'NCMD':
      case 'DCMD':
        return { kind: 'control', note: `${type} (commands are for edge nodes)` };
      case 'NBIRTH':
        return this.nodeBirth(id, payload);
      case 'NDEATH': {
        const bdSeq = bdSeqOf(payload);
        if (state && bdSeq !== undefined && bdSeq !== state.bdSeq)
          return { kind: 'control', note: `stale NDEATH (bdSeq ${bdSeq}, session ${state.bdSeq})` };
        this.nodes.delete(id);
        return { kind: 'control', note: 'NDEATH: node and its devices offline' };
      }
      default:
        break;
    }
    if (!state || state.awaitingRebirth) {
      return {
        kind: 'refused',
        reason: state ? 'sequence_gap' : 'sparkplug_no_birth',
        detail: `${type} from ${id} ${state ? 'while awaiting its rebirth' : 'before its NBIRTH'}`,
        rebirth: true,
      };
    }
    const seq = payload.seq;
    let replay = false;
    if (state.resync && seq !== undefined) {
      if (state.anchored) {
        const behind = (state.seq - seq + 256) % 256;
        if (seq !== (state.seq + 1) % 256 && behind < REPLAY_WINDOW) replay = true;
        else state.resync = false;
      } else {
        state.resync = false;
        state.seq = (seq + 255) % 256;
      }
    }
    const expected = replay && seq !== undefined ? seq : (state.seq + 1) % 256;
    if (seq !== expected) {
      state.awaitingRebirth = true;
      return {
        kind: 'refused',
        reason: 'sequence_gap',
        detail: `${type} from ${id}${device ? `/${device}` : ''}: seq ${String(seq)}, expected ${expected}`,
        rebirth: true,
      };
    }
    if (!replay) state.seq = expected;
    if (type === 'DBIRTH') {
      const deviceState: DeviceState = { aliases: new Map() };
      this.learnAliases(deviceState.aliases, payload.metrics);
      state.devices.set(device ?? '', deviceState);
      return this.data(deviceState.aliases, payload, state.bdSeq, expected);
    }
    if (type === 'DDEATH') {
      state.devices.delete(device ?? '');
      return { kind: 'control', note: `DDEATH: ${device ?? ''} offline` };
    }
    if (type === 'NDATA') return this.data(state.aliases, payload, state.bdSeq, expected);
    const deviceState = state.devices.get(device ?? '');
    if (!deviceState)
      return {
        kind: 'refused',
        reason: 'sparkplug_no_birth',
        detail: `DDATA from ${id}/${device ?? ''} before its DBIRTH`,
        rebirth: true,
      };
    return this.data(deviceState.aliases, payload, state.bdSeq, expected);
  }

  /** A node's births, to persist after an NBIRTH/DBIRTH (undefined once it died). */
  exportNode(group: string, node: string): PersistedNode | undefined {
    const id = `${group}/${node}`;
    const state = this.nodes.get(id);
    if (!state) return undefined;
    const devices = Object.fromEntries(
      [...state.devices.entries()].map(([d, s]) => [d, Object.fromEntries(s.aliases)]),
    );
    return { node: id, bdSeq: state.bdSeq, aliases: Object.fromEntries(state.aliases), devices };
  }

  /** Where each live node's sequence stands (to save after a batch, before acknowledging it). */
  position(group: string, node: string): SequencePosition | undefined {
    const id = `${group}/${node}`;
    const state = this.nodes.get(id);
    if (!state || state.awaitingRebirth || state.resync) return undefined;
    return { node: id, bdSeq: state.bdSeq, seq: state.seq };
  }

  /**
   * Births persisted before a restart, with the last sequence positions saved. A message
   * re-sent by the broker after the restart resolves its aliases (and is deduped if it was
   * published). With a saved position for the node's session (same bdSeq), the first new
   * message must be the next seq: one further on is a gap across the restart (refused, and
   * a rebirth requested). Without one, the first message re-anchors the sequence.
   */
  restore(nodes: readonly PersistedNode[], positions: readonly SequencePosition[] = []): void {
    const saved = new Map(positions.map((p) => [p.node, p]));
    for (const n of nodes) {
      const position = saved.get(n.node);
      const anchored = position !== undefined && position.bdSeq === n.bdSeq;
      const devices = new Map(
        Object.entries(n.devices).map(([d, aliases]) => [d, { aliases: new Map(Object.entries(aliases)) }]),
      );
      this.nodes.set(n.node, {
        bdSeq: n.bdSeq,
        seq: anchored ? position.seq : 0,
        resync: true,
        anchored,
        aliases: new Map(Object.entries(n.aliases)),
        devices,
        awaitingRebirth: false,
      });
    }
  }

  /** Nodes known and whether each awaits a rebirth (for health and tests). */
  snapshot(): Array<{
    node: string;
    bdSeq: number;
    seq: number;
    devices: string[];
    awaitingRebirth: boolean;
  }> {
    return [...this.nodes.entries()].map(([node, s]) => ({
      node,
      bdSeq: s.bdSeq,
      seq: s.seq,
      devices: [...s.devices.keys()],
      awaitingRebirth: s.awaitingRebirth,
    }));
  }

  private nodeBirth(id: string, payload: DecodedPayload): SessionVerdict {
    const bdSeq = bdSeqOf(payload);
    if (bdSeq === undefined || payload.seq === undefined) {
      return {
        kind: 'refused',
        reason: 'schema_invalid',
        detail: `NBIRTH from ${id} without ${bdSeq === undefined ? 'a bdSeq metric' : 'a seq'}`,
        rebirth: false,
      };
    }
    const state: NodeState = {
      bdSeq,
      seq: payload.seq,
      aliases: new Map(),
      devices: new Map(),
      awaitingRebirth: false,
    };
    this.learnAliases(state.aliases, payload.metrics);
    this.nodes.set(id, state);
    return this.data(state.aliases, payload, bdSeq, payload.seq);
  }

  private learnAliases(aliases: Map<string, string>, metrics: readonly DecodedMetric[]): void {
    for (const m of metrics) if (m.alias !== undefined && m.name) aliases.set(m.alias, m.name);
  }

  private data(
    aliases: ReadonlyMap<string, string>,
    payload: DecodedPayload,
    bdSeq: number,
    seq: number,
  ): SessionVerdict {
    const metrics: ResolvedMetric[] = [];
    const unresolved: string[] = [];
    for (const m of payload.metrics) {
      const name = m.name ?? (m.alias !== undefined ? aliases.get(m.alias) : undefined);
      if (name === undefined) {
        unresolved.push(`alias ${m.alias ?? '(none)'}`);
        continue;
      }
      if (isSessionMetric(name) || m.isNull) continue;
      metrics.push({ name, value: m.value, timestamp: m.timestamp ?? payload.timestamp });
    }
    return { kind: 'data', metrics, unresolved, bdSeq, seq };
  }
}
