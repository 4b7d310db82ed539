import { Server, ServerCredentials, credentials, type ServiceError } from '@grpc/grpc-js';
import {
  LedgerEntry,
  LedgerEntryKind,
  LedgerServiceClient,
  LedgerServiceService,
  QueryRequest,
  type ExportResponse,
  type LedgerServiceServer,
  type QueryResponse,
} from './index';

// Exercises the generated grpc-js definitions over a real loopback server: unary and
// server-streaming calls, with the generated codecs on both ends.
const entries = [1, 2, 3].map((seq) =>
  LedgerEntry.fromPartial({
    seq,
    entryId: `e-${seq}`,
    kind: LedgerEntryKind.ACTION_DECIDED,
    prevHash: seq === 1 ? '0'.repeat(64) : `h${seq - 1}`,
    hash: `h${seq}`,
    recordedAt: new Date(Date.UTC(2025, 0, 1, 0, 0, seq)),
    payload: Buffer.from([seq]),
  }),
);

const implementation: LedgerServiceServer = {
  query: (call, callback) => {
    const after = call.request.afterSeq;
    callback(null, { entries: entries.filter((e) => e.seq > after), nextAfterSeq: 0 });
  },
  verify: (_call, callback) => {
    callback(null, {
      intact: true,
      entriesChecked: entries.length,
      firstBadSeq: 0,
      problem: '',
      headHash: 'h3',
      anchorStatus: 'ANCHORED',
      checkpointSeq: 3,
      unanchoredEntries: 0,
      anchorDetail: '',
    });
  },
  export: (call) => {
    for (const entry of entries) {
      if (entry.seq >= call.request.fromSeq) call.write({ entry });
    }
    call.end();
  },
};

describe('LedgerService over grpc-js', () => {
  const server = new Server();
  let client: LedgerServiceClient;

  beforeAll(async () => {
    server.addService(LedgerServiceService, implementation);
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (err, boundPort) =>
        err ? reject(err) : resolve(boundPort),
      ),
    );
    client = new LedgerServiceClient(`127.0.0.1:${port}`, credentials.createInsecure());
  });

  afterAll(async () => {
    client.close();
    await new Promise<void>((resolve) => server.tryShutdown(() => resolve()));
  });

  it('answers a unary Query with decoded entries', async () => {
    const response = await new Promise<QueryResponse>((resolve, reject) =>
      // fromPartial fills the other scalars; a bare object literal would fail to serialize.
      client.query(QueryRequest.fromPartial({ afterSeq: 1 }), (err: ServiceError | null, res) =>
        err ? reject(err) : resolve(res),
      ),
    );
    expect(response.entries.map((e) => e.seq)).toEqual([2, 3]);
    expect(response.entries[0]?.recordedAt).toEqual(new Date(Date.UTC(2025, 0, 1, 0, 0, 2)));
    expect(response.entries[1]?.payload).toEqual(Buffer.from([3]));
  });

  it('streams Export in seq order', async () => {
    const received: ExportResponse[] = [];
    const stream = client.export({ fromSeq: 2, toSeq: 0 });
    await new Promise<void>((resolve, reject) => {
      stream.on('data', (message: ExportResponse) => received.push(message));
      stream.on('end', () => resolve());
      stream.on('error', reject);
    });
    expect(received.map((m) => m.entry?.hash)).toEqual(['h2', 'h3']);
  });
});
