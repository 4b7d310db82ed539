import { ContentTypes, HeaderNames, type SourceSystem } from '@andon/contracts';
import { decodeJsonEvent } from './decode-json';
import { decodeProtobufEvent } from './decode-protobuf';
import type { RawEvent } from './raw-event';
import { reject } from './rejection';

export type InputFormat = 'protobuf' | 'json';

/** content-type -> format; parameters (`; charset=utf-8`) and case are ignored. Absent means protobuf. */
export function formatOf(contentType: string | undefined): InputFormat | undefined {
  const media = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (media === '' || media === ContentTypes.Protobuf || media === 'application/protobuf') return 'protobuf';
  if (media === ContentTypes.Json || media.endsWith('+json')) return 'json';
  return undefined;
}

/** Size, then content type, then the format's decoder. Throws IngestRejection for bad input. */
export function decodeInput(
  bytes: Uint8Array,
  headers: Readonly<Record<string, string>>,
  options: { maxBytes: number; defaultSource: SourceSystem | undefined },
): RawEvent {
  if (bytes.byteLength > options.maxBytes) {
    reject('oversized', `${bytes.byteLength} bytes exceed the limit of ${options.maxBytes}`);
  }
  const contentType = headers[HeaderNames.ContentType];
  const format = formatOf(contentType);
  if (format === undefined) {
    reject(
      'unsupported_content_type',
      `content-type "${(contentType ?? '').slice(0, 64)}" is neither ${ContentTypes.Protobuf} nor ${ContentTypes.Json}`,
    );
  }
  return format === 'json'
    ? decodeJsonEvent(bytes, options.defaultSource)
    : decodeProtobufEvent(bytes, options.defaultSource);
}
