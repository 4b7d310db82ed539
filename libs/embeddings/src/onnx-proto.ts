/**
 * Just enough of the ONNX protobuf schema (onnx/onnx.proto, proto2) to write a model:
 * no onnx/protobuf dependency, because the only ONNX file we need is the one we build
 * from safetensors weights (minilm-graph.ts). Field numbers are onnx.proto's.
 */

export const enum OnnxType {
  Float = 1,
  Int64 = 7,
}

export type AttributeValue = number | bigint | string | number[] | bigint[];

export interface OnnxNode {
  op: string;
  inputs: string[];
  outputs: string[];
  attributes?: Record<string, AttributeValue>;
}

export type OnnxInitializer = {
  name: string;
  type: OnnxType;
  dims: number[];
} & (
  | {
      /** Little-endian element bytes (TensorProto.raw_data). */
      data: Uint8Array;
    }
  | {
      /**
       * The bytes stay in a file onnxruntime reads itself (TensorProto.external_data), so
       * the model proto is a few KB instead of a copy of the weights.
       */
      external: OnnxExternalData;
    }
);

export interface OnnxExternalData {
  /** Resolved against the model file's folder; for a model passed as bytes, see OnnxWorkerSession. */
  location: string;
  offset: number;
  length: number;
}

export interface OnnxValueInfo {
  name: string;
  type: OnnxType;
  /** A number is a fixed size, a string a symbolic (dynamic) dimension. */
  dims: (number | string)[];
}

export interface OnnxGraph {
  name: string;
  nodes: OnnxNode[];
  initializers: OnnxInitializer[];
  inputs: OnnxValueInfo[];
  outputs: OnnxValueInfo[];
}

export interface OnnxModel {
  graph: OnnxGraph;
  opset: number;
  /** IR version 8 goes with opsets up to 17 (onnx/docs/Versioning.md). */
  irVersion: number;
  producer: string;
}

/** A growable protobuf writer; nested messages are encoded first and embedded as bytes. */
class ProtoWriter {
  private readonly parts: Uint8Array[] = [];
  private scratch: number[] = [];

  varintField(field: number, value: number | bigint): this {
    this.tag(field, 0);
    this.varint(BigInt(value));
    return this;
  }

  floatField(field: number, value: number): this {
    this.tag(field, 5);
    const b = Buffer.alloc(4);
    b.writeFloatLE(value, 0);
    this.flush();
    this.parts.push(b);
    return this;
  }

  bytesField(field: number, value: Uint8Array | string): this {
    const bytes = typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
    this.tag(field, 2);
    this.varint(BigInt(bytes.length));
    this.flush();
    this.parts.push(bytes);
    return this;
  }

  finish(): Buffer {
    this.flush();
    return Buffer.concat(this.parts);
  }

  private tag(field: number, wireType: number): void {
    this.varint(BigInt((field << 3) | wireType));
  }

  /** int64 semantics: negatives are written as their 64-bit two's complement (10 bytes). */
  private varint(value: bigint): void {
    let v = BigInt.asUintN(64, value);
    while (v >= 0x80n) {
      this.scratch.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    this.scratch.push(Number(v));
  }

  private flush(): void {
    if (this.scratch.length) {
      this.parts.push(Uint8Array.from(this.scratch));
      this.scratch = [];
    }
  }
}

// AttributeProto.AttributeType
const ATTR_FLOAT = 1;
const ATTR_INT = 2;
const ATTR_STRING = 3;
const ATTR_FLOATS = 6;
const ATTR_INTS = 7;

function encodeAttribute(name: string, value: AttributeValue): Buffer {
  const w = new ProtoWriter().bytesField(1, name);
  if (typeof value === 'string') return w.bytesField(4, value).varintField(20, ATTR_STRING).finish();
  if (typeof value === 'bigint') return w.varintField(3, value).varintField(20, ATTR_INT).finish();
  if (typeof value === 'number') {
    // Integral numbers are INT attributes (axis, perm...); write 1e-12 etc. for FLOAT ones.
    return Number.isInteger(value)
      ? w.varintField(3, value).varintField(20, ATTR_INT).finish()
      : w.floatField(2, value).varintField(20, ATTR_FLOAT).finish();
  }
  const ints = value.every((v) => typeof v === 'bigint' || Number.isInteger(v));
  for (const v of value) {
    if (ints) w.varintField(8, v);
    else w.floatField(7, Number(v));
  }
  return w.varintField(20, ints ? ATTR_INTS : ATTR_FLOATS).finish();
}

function encodeNode(node: OnnxNode, index: number): Buffer {
  const w = new ProtoWriter();
  for (const input of node.inputs) w.bytesField(1, input);
  for (const output of node.outputs) w.bytesField(2, output);
  w.bytesField(3, `${node.op}_${index}`).bytesField(4, node.op);
  for (const [name, value] of Object.entries(node.attributes ?? {}))
    w.bytesField(5, encodeAttribute(name, value));
  return w.finish();
}

// TensorProto.DataLocation
const DATA_LOCATION_EXTERNAL = 1;

function encodeTensor(t: OnnxInitializer): Buffer {
  const w = new ProtoWriter();
  for (const d of t.dims) w.varintField(1, d);
  w.varintField(2, t.type).bytesField(8, t.name);
  if ('data' in t) return w.bytesField(9, t.data).finish();
  const entries: [string, string][] = [
    ['location', t.external.location],
    ['offset', String(t.external.offset)],
    ['length', String(t.external.length)],
  ];
  for (const [key, value] of entries)
    w.bytesField(13, new ProtoWriter().bytesField(1, key).bytesField(2, value).finish());
  return w.varintField(14, DATA_LOCATION_EXTERNAL).finish();
}

function encodeValueInfo(v: OnnxValueInfo): Buffer {
  const shape = new ProtoWriter();
  for (const d of v.dims) {
    const dim =
      typeof d === 'number' ? new ProtoWriter().varintField(1, d) : new ProtoWriter().bytesField(2, d);
    shape.bytesField(1, dim.finish());
  }
  const tensorType = new ProtoWriter().varintField(1, v.type).bytesField(2, shape.finish()).finish();
  const typeProto = new ProtoWriter().bytesField(1, tensorType).finish();
  return new ProtoWriter().bytesField(1, v.name).bytesField(2, typeProto).finish();
}

function encodeGraph(g: OnnxGraph): Buffer {
  const w = new ProtoWriter();
  g.nodes.forEach((n, i) => w.bytesField(1, encodeNode(n, i)));
  w.bytesField(2, g.name);
  for (const t of g.initializers) w.bytesField(5, encodeTensor(t));
  for (const v of g.inputs) w.bytesField(11, encodeValueInfo(v));
  for (const v of g.outputs) w.bytesField(12, encodeValueInfo(v));
  return w.finish();
}

/** Serialises a ModelProto (default domain only). */
export function encodeOnnxModel(model: OnnxModel): Buffer {
  const opset = new ProtoWriter().bytesField(1, '').varintField(2, model.opset).finish();
  return new ProtoWriter()
    .varintField(1, model.irVersion)
    .bytesField(2, model.producer)
    .bytesField(7, encodeGraph(model.graph))
    .bytesField(8, opset)
    .finish();
}

export function floatTensor(name: string, dims: number[], values: Float32Array | number[]): OnnxInitializer {
  const f = values instanceof Float32Array ? values : Float32Array.from(values);
  expectSize(name, dims, f.length);
  return { name, type: OnnxType.Float, dims, data: new Uint8Array(f.buffer, f.byteOffset, f.byteLength) };
}

export function int64Tensor(name: string, dims: number[], values: number[]): OnnxInitializer {
  expectSize(name, dims, values.length);
  const b = BigInt64Array.from(values.map((v) => BigInt(v)));
  return { name, type: OnnxType.Int64, dims, data: new Uint8Array(b.buffer) };
}

function expectSize(name: string, dims: number[], length: number): void {
  const size = dims.reduce((a, b) => a * b, 1);
  if (size !== length)
    throw new RangeError(`tensor ${name}: dims [${dims.join(',')}] need ${size} values, got ${length}`);
}
