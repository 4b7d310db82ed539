import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OnnxWorkerSession } from './onnx-worker-session';
import { encodeOnnxModel, floatTensor, int64Tensor, OnnxType, type OnnxGraph } from './onnx-proto';

const model = (graph: OnnxGraph): Buffer =>
  encodeOnnxModel({ irVersion: 8, opset: 17, producer: 'spec', graph });

describe('encodeOnnxModel', () => {
  it('writes a model onnxruntime loads and runs, with dynamic dims, float initializers and float/int attributes', async () => {
    const bytes = model({
      name: 'g',
      nodes: [
        { op: 'Add', inputs: ['x', 'bias'], outputs: ['shifted'] },
        {
          op: 'LayerNormalization',
          inputs: ['shifted', 'gamma', 'beta'],
          outputs: ['y'],
          attributes: { axis: -1, epsilon: 0.5 },
        },
      ],
      initializers: [
        floatTensor('bias', [3], [1, 2, 3]),
        floatTensor('gamma', [3], [1, 1, 2]),
        floatTensor('beta', [3], [0, 0, 10]),
      ],
      inputs: [{ name: 'x', type: OnnxType.Float, dims: ['batch', 3] }],
      outputs: [{ name: 'y', type: OnnxType.Float, dims: ['batch', 3] }],
    });
    const session = await OnnxWorkerSession.create(bytes, { intraOpThreads: 1, output: 'y' });
    const y = await session.run({
      x: { type: 'float32', data: Float32Array.from([0, 0, 0, 3, 0, -3]), dims: [2, 3] },
    });
    // Row 1 shifted: [1,2,3] (mean 2, variance 2/3); row 2: [4,2,0] (mean 2, variance 8/3); eps 0.5.
    const s1 = Math.sqrt(2 / 3 + 0.5);
    const s2 = Math.sqrt(8 / 3 + 0.5);
    const expected = [-1 / s1, 0, 2 * (1 / s1) + 10, 2 / s2, 0, 2 * (-2 / s2) + 10];
    expect(y).toHaveLength(6);
    Array.from(y as Float32Array).forEach((v, i) => expect(v).toBeCloseTo(expected[i] as number, 5));
    await session.close();
  });

  it('encodes int64 initializers, negative ints and int-list attributes', async () => {
    const bytes = model({
      name: 'g',
      nodes: [
        { op: 'Reshape', inputs: ['x', 'shape'], outputs: ['r'] },
        { op: 'Transpose', inputs: ['r'], outputs: ['t'], attributes: { perm: [1, 0] } },
        { op: 'ReduceSum', inputs: ['t', 'axes'], outputs: ['y'], attributes: { keepdims: 0 } },
      ],
      initializers: [int64Tensor('shape', [2], [-1, 2]), int64Tensor('axes', [1], [-1])],
      inputs: [{ name: 'x', type: OnnxType.Int64, dims: ['n'] }],
      outputs: [{ name: 'y', type: OnnxType.Int64, dims: [2] }],
    });
    const session = await OnnxWorkerSession.create(bytes, { intraOpThreads: 1, output: 'y' });
    const y = await session.run({
      x: { type: 'int64', data: BigInt64Array.from([1n, 20n, 300n, 4000n, -5n, 60n]), dims: [6] },
    });
    // [[1,20],[300,4000],[-5,60]] transposed, summed per row.
    expect(Array.from(y as BigInt64Array)).toEqual([296n, 4080n]);
    await session.close();
  });

  it('reports a model onnxruntime rejects as an error, not a hang', async () => {
    const bytes = model({
      name: 'g',
      nodes: [{ op: 'NoSuchOp', inputs: ['x'], outputs: ['y'] }],
      initializers: [],
      inputs: [{ name: 'x', type: OnnxType.Float, dims: [1] }],
      outputs: [{ name: 'y', type: OnnxType.Float, dims: [1] }],
    });
    await expect(OnnxWorkerSession.create(bytes, { intraOpThreads: 1, output: 'y' })).rejects.toThrow(
      /NoSuchOp/,
    );
  });

  it('writes external-data initializers that onnxruntime reads from a file beside the model', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'onnx-external-'));
    try {
      // Three junk bytes first: the weights sit at an odd offset, as in a safetensors file.
      writeFileSync(
        join(dir, 'weights.bin'),
        Buffer.concat([Buffer.from([9, 9, 9]), Buffer.from(Float32Array.from([2, -1, 0.5, 4]).buffer)]),
      );
      const path = join(dir, 'model.onnx');
      writeFileSync(
        path,
        model({
          name: 'g',
          nodes: [{ op: 'MatMul', inputs: ['x', 'w'], outputs: ['y'] }],
          initializers: [
            {
              name: 'w',
              type: OnnxType.Float,
              dims: [2, 2],
              external: { location: 'weights.bin', offset: 3, length: 16 },
            },
          ],
          inputs: [{ name: 'x', type: OnnxType.Float, dims: [1, 2] }],
          outputs: [{ name: 'y', type: OnnxType.Float, dims: [1, 2] }],
        }),
      );
      const session = await OnnxWorkerSession.create({ path }, { intraOpThreads: 1, output: 'y' });
      const y = await session.run({ x: { type: 'float32', data: Float32Array.from([1, 10]), dims: [1, 2] } });
      // [1, 10] x [[2, -1], [0.5, 4]]
      expect(Array.from(y as Float32Array)).toEqual([7, 39]);
      await session.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects initializers whose values do not fill their dims', () => {
    expect(() => floatTensor('w', [2, 2], [1, 2, 3])).toThrow('dims [2,2] need 4 values, got 3');
  });
});
