/**
 * The part of a generated ts-proto message object that transport code needs. Declared
 * here because ts-proto keeps its own `MessageFns` private to each generated file
 * (exportCommonSymbols=false avoids duplicate exports across files).
 */
export interface MessageCodec<T> {
  encode(message: T): { finish(): Uint8Array };
  decode(input: Uint8Array): T;
  /** Accepts proto JSON (camelCase or snake_case field names, enum names or numbers). */
  fromJSON(object: unknown): T;
  /** Proto JSON: camelCase names, enum names, timestamps as RFC 3339, bytes as base64. */
  toJSON(message: T): unknown;
}
