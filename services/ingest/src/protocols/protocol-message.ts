import type { PlantUnit, UnitRefusal } from './plant-mapping/metric-event';

/** Something the protocol maps do not place, for the work list (like unmapped site codes). */
export interface UnmappedSighting {
  site: string;
  protocol: 'sparkplug' | 'uns' | 'b2mml' | 'opcua';
  /** `group/node/device/metric`, a UNS topic, a B2MML topic, or `<server>/<node id>` (OPC UA). */
  path: string;
}

/**
 * What one protocol message became. Each unit goes through the ingest pipeline (and ends
 * published, dead-lettered or deduped); each refusal is dead-lettered with the message's
 * original bytes; `control` counts what carries no plant data (deaths, commands, STATE,
 * session metrics, ignored metrics). A message with no unit and no refusal is control.
 */
export interface ProtocolMessage {
  units: PlantUnit[];
  refusals: UnitRefusal[];
  control: number;
  unmapped: UnmappedSighting[];
  /** Ask this Sparkplug edge node to publish its births again (NCMD Rebirth). */
  rebirth?: { group: string; node: string };
  /** A Sparkplug birth or death changed this node's certificates: persist them before acknowledging. */
  session?: { group: string; node: string };
}

export function refusedMessage(
  reason: UnitRefusal['reason'],
  detail: string,
  extra: Partial<ProtocolMessage> = {},
): ProtocolMessage {
  return {
    units: [],
    refusals: [{ label: '(message)', reason, detail }],
    control: 0,
    unmapped: [],
    ...extra,
  };
}
