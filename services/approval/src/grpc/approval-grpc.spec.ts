import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Metadata, credentials, status, type ServiceError } from '@grpc/grpc-js';
import { InProcessEventBus } from '@andon/bus';
import {
  ActionState,
  ApprovalServiceClient,
  DecideRequest,
  DecisionOutcome,
  GetActionRequest,
  ListActionsRequest,
  ReauthMethod,
  SignatureMeaning,
  type ActionView,
  type DecideResponse,
  type GetActionResponse,
  type ListActionsResponse,
} from '@andon/contracts';
import { createLogger } from '@andon/observability';
import { SqliteDocumentStore } from '@andon/persistence';
import { startApprovalApp, type ApprovalApp } from '../testing/approval-app';
import { DEMO_PASSWORD } from '../testing/approval-harness';
import { encodeProposal, proposal } from '../testing/proposals';

type Callback<Res> = (err: ServiceError | null, res: Res) => void;

/** Promisified calls; the generated client methods are overloaded, so each is spelled out. */
function rpc(client: ApprovalServiceClient) {
  const promise = <Res>(start: (cb: Callback<Res>) => void) =>
    new Promise<Res>((resolve, reject) => start((err, res) => (err ? reject(err) : resolve(res))));
  return {
    list: (req: ListActionsRequest, md: Metadata) =>
      promise<ListActionsResponse>((cb) => client.listActions(req, md, cb)),
    get: (req: GetActionRequest, md: Metadata) =>
      promise<GetActionResponse>((cb) => client.getAction(req, md, cb)),
    decide: (req: DecideRequest, md: Metadata) => promise<DecideResponse>((cb) => client.decide(req, md, cb)),
  };
}

const refusal = (promise: Promise<unknown>): Promise<ServiceError> =>
  promise.then(
    () => {
      throw new Error('expected the call to be refused');
    },
    (err: unknown) => err as ServiceError,
  );

describe('ApprovalService over grpc-js', () => {
  let dir: string;
  let bus: InProcessEventBus;
  let store: SqliteDocumentStore;
  let approval: ApprovalApp;
  let client: ApprovalServiceClient;

  const tokenFor = async (userId: string): Promise<Metadata> => {
    const { token } = await approval.auth.login(userId, DEMO_PASSWORD);
    const metadata = new Metadata();
    metadata.set('authorization', `Bearer ${token}`);
    return metadata;
  };

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'approval-grpc-'));
    bus = new InProcessEventBus({ logger: createLogger('approval-test', 'silent') });
    store = SqliteDocumentStore.open(join(dir, 'approval.sqlite'));
    approval = await startApprovalApp({ bus, store });
    client = new ApprovalServiceClient(`127.0.0.1:${approval.grpcPort}`, credentials.createInsecure());
  });
  afterAll(async () => {
    client.close();
    await approval.close();
    await bus.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses calls without a valid bearer token', async () => {
    const err = await refusal(
      rpc(client).list(ListActionsRequest.fromPartial({ site: 'plant-a' }), new Metadata()),
    );
    expect(err.code).toBe(status.UNAUTHENTICATED);
  });

  it('lists, reads and decides with the same site scoping and policy as REST', async () => {
    const action = proposal('post_shift_log', new Date());
    await approval.intake.handle(encodeProposal(action), approval.log);
    const ben = await tokenFor('sup.ben');

    const call = rpc(client);
    const listed = await call.list(
      ListActionsRequest.fromPartial({ site: 'plant-a', state: ActionState.PENDING }),
      ben,
    );
    expect(listed.actions.map((a: ActionView) => a.action?.actionId)).toContain(action.actionId);
    const outOfScope = await refusal(call.list(ListActionsRequest.fromPartial({ site: 'plant-b' }), ben));
    expect(outOfScope.code).toBe(status.PERMISSION_DENIED);

    const got = await call.get(GetActionRequest.fromPartial({ actionId: action.actionId }), ben);
    expect(got.action?.requiredSignatures).toBe(1);
    expect(got.action?.eligibleRoles).toEqual(['production_supervisor']);
    const hash = got.action?.actionHash ?? '';

    const forSomeoneElse = await refusal(
      call.decide(
        DecideRequest.fromPartial({
          actionId: action.actionId,
          userId: 'sup.bea',
          approve: true,
          meaning: SignatureMeaning.APPROVAL,
          reason: 'x',
        }),
        ben,
      ),
    );
    expect(forSomeoneElse.code).toBe(status.PERMISSION_DENIED);

    const wrongPassword = await refusal(
      call.decide(
        DecideRequest.fromPartial({
          actionId: action.actionId,
          actionHash: hash,
          approve: true,
          meaning: SignatureMeaning.APPROVAL,
          reason: 'handoff reviewed',
          reauth: { method: ReauthMethod.PASSWORD, credential: 'wrong' },
        }),
        ben,
      ),
    );
    expect(wrongPassword.code).toBe(status.UNAUTHENTICATED);

    const decided = await call.decide(
      DecideRequest.fromPartial({
        actionId: action.actionId,
        actionHash: hash,
        userId: 'sup.ben',
        role: 'production_supervisor',
        approve: true,
        meaning: SignatureMeaning.APPROVAL,
        reason: 'handoff reviewed',
        reauth: { method: ReauthMethod.PASSWORD, credential: DEMO_PASSWORD },
      }),
      ben,
    );
    expect(decided.action?.state).toBe(ActionState.APPROVED);
    expect(decided.action?.decision?.outcome).toBe(DecisionOutcome.APPROVED);
    expect(decided.action?.decision?.signatures[0]?.printedName).toBe('Ben Sutter');

    const anna = await tokenFor('qe.anna');
    const outOfSite = await refusal(
      call.get(GetActionRequest.fromPartial({ actionId: action.actionId }), await tokenFor('qe.carla')),
    );
    expect(outOfSite.code).toBe(status.NOT_FOUND);
    const again = await refusal(
      call.decide(
        DecideRequest.fromPartial({
          actionId: action.actionId,
          approve: false,
          meaning: SignatureMeaning.REVIEW,
          reason: 'late',
          reauth: { method: ReauthMethod.PASSWORD, credential: DEMO_PASSWORD },
        }),
        anna,
      ),
    );
    expect(again.code).toBe(status.FAILED_PRECONDITION);
  });
});
