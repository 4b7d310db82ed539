import {
  Metadata,
  status,
  type ServerUnaryCall,
  type ServiceError as GrpcServiceError,
  type handleUnaryCall,
} from '@grpc/grpc-js';
import { ServiceError } from '../errors/service-error';
import { grpcUnary } from './grpc-unary';

interface Question {
  text: string;
}

function callWith(token: string | undefined, request: Question): ServerUnaryCall<Question, string> {
  const metadata = new Metadata();
  if (token !== undefined) metadata.set('authorization', `Bearer ${token}`);
  // The two members the handler reads; grpc-js builds the rest for a real call.
  return { metadata, request, getPeer: () => 'ipv4:127.0.0.1:5000' } as unknown as ServerUnaryCall<
    Question,
    string
  >;
}

function answer(
  handler: handleUnaryCall<Question, string>,
  call: ServerUnaryCall<Question, string>,
): Promise<{ err: Partial<GrpcServiceError> | null; value?: string | null }> {
  return new Promise((resolve) =>
    handler(call, (err, value) =>
      resolve({ err: err as Partial<GrpcServiceError> | null, value: value ?? null }),
    ),
  );
}

describe('grpcUnary', () => {
  const internal: unknown[] = [];
  const unary = grpcUnary<string>({
    authenticate: async (bearer) => {
      if (bearer === 'Bearer qe.anna') return 'qe.anna';
      throw new ServiceError(401, 'UNAUTHENTICATED', 'a bearer token is required');
    },
    onInternal: (err) => internal.push(err),
  });
  const ask = unary<Question, string>(async (caller, call) => {
    if (call.request.text === '') throw new ServiceError(400, 'EMPTY_QUESTION', 'ask something');
    if (call.request.text === 'crash') throw new Error('store connection reset');
    return `${caller}: ${call.request.text}`;
  });

  beforeEach(() => internal.splice(0));

  it('answers the authenticated caller', async () => {
    expect(await answer(ask, callWith('qe.anna', { text: 'OEE line-1' }))).toEqual({
      err: null,
      value: 'qe.anna: OEE line-1',
    });
  });

  it('refuses without a valid token before the handler runs, with the code and message REST gives', async () => {
    const { err } = await answer(ask, callWith(undefined, { text: 'crash' }));
    expect(err).toMatchObject({
      code: status.UNAUTHENTICATED,
      name: 'UNAUTHENTICATED',
      details: 'a bearer token is required',
    });
    expect(internal).toEqual([]);
  });

  it('maps a ServiceError from the handler to its gRPC code', async () => {
    const { err } = await answer(ask, callWith('qe.anna', { text: '' }));
    expect(err).toMatchObject({
      code: status.INVALID_ARGUMENT,
      name: 'EMPTY_QUESTION',
      details: 'ask something',
    });
  });

  it('hides an unexpected failure as INTERNAL and logs it', async () => {
    const { err } = await answer(ask, callWith('qe.anna', { text: 'crash' }));
    expect(err).toMatchObject({ code: status.INTERNAL, details: 'internal error' });
    expect(internal).toHaveLength(1);
    expect(String(internal[0])).toMatch(/store connection reset/);
  });
});
