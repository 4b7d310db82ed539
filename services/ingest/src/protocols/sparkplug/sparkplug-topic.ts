export const SPARKPLUG_NAMESPACE = 'spBv1.0';

export const SPARKPLUG_MESSAGE_TYPES = [
  'NBIRTH',
  'NDEATH',
  'DBIRTH',
  'DDEATH',
  'NDATA',
  'DDATA',
  'NCMD',
  'DCMD',
] as const;
export type SparkplugMessageType = (typeof SPARKPLUG_MESSAGE_TYPES)[number];

export type SparkplugTopic =
  | { kind: 'state'; hostId: string }
  | { kind: 'message'; group: string; type: SparkplugMessageType; node: string; device: string | undefined };

/**
 * `spBv1.0/<group>/<type>/<edge node>[/<device>]`, or the Sparkplug 3.0 host state topic
 * `spBv1.0/STATE/<host id>`. Anything else under the namespace is undefined (refused).
 */
export function parseSparkplugTopic(topic: string): SparkplugTopic | undefined {
  const parts = topic.split('/');
  if (parts[0] !== SPARKPLUG_NAMESPACE) return undefined;
  if (parts[1] === 'STATE' && parts.length === 3 && parts[2]) return { kind: 'state', hostId: parts[2] };
  const [, group, type, node, device, ...rest] = parts;
  if (!group || !type || !node || rest.length > 0) return undefined;
  if (!(SPARKPLUG_MESSAGE_TYPES as readonly string[]).includes(type)) return undefined;
  const isDevice = type.startsWith('D');
  if (isDevice !== (device !== undefined && device !== '')) return undefined;
  return {
    kind: 'message',
    group,
    type: type as SparkplugMessageType,
    node,
    device: isDevice ? device : undefined,
  };
}

export function ncmdTopic(group: string, node: string): string {
  return `${SPARKPLUG_NAMESPACE}/${group}/NCMD/${node}`;
}

export function stateTopic(hostId: string): string {
  return `${SPARKPLUG_NAMESPACE}/STATE/${hostId}`;
}
