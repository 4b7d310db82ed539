import { resolve } from 'node:path';
import { planCall, recordIdOf } from './call-plan';
import { loadEndpointMaps } from './endpoint-map';
import { MesValidationError, type MesCallRequest } from './mes.port';

const maps = loadEndpointMaps(resolve(__dirname, '../../../../config/mes-endpoints'), {
  'plant-a': 'http://mes-a.local/mes/v1/',
});

function call(overrides: Partial<MesCallRequest> = {}): MesCallRequest {
  return {
    actionId: 'act-1',
    actionType: 'mes.hold_lot',
    method: 'POST',
    path: '/lots/LOT-A1-00001/hold',
    payloadJson: '{"reason":"NCR-88","qty":12345678901234567891, "note" : "keep   spacing"}',
    location: { enterprise: 'acme', site: 'plant-a', area: 'molding', line: 'line-1', cell: '' },
    ...overrides,
  };
}

describe('planCall', () => {
  it('sends the approved body byte for byte behind the injected fields', () => {
    const plan = planCall(call(), maps);
    expect(plan.request).toEqual({
      method: 'POST',
      url: 'http://mes-a.local/mes/v1/lots/LOT-A1-00001/hold',
      body: '{"actionId":"act-1","reason":"NCR-88","qty":12345678901234567891, "note" : "keep   spacing"}',
    });
  });

  it('injects site and line into an empty body without a dangling comma', () => {
    const plan = planCall(
      call({ actionType: 'mes.post_shift_log', path: '/shift-log', payloadJson: ' { } ' }),
      maps,
    );
    expect(plan.request.body).toBe(' {"actionId":"act-1","site":"plant-a","line":"line-1" } ');
    expect(JSON.parse(plan.request.body)).toEqual({ actionId: 'act-1', site: 'plant-a', line: 'line-1' });
  });

  it('keeps a field the body already carries with the same value', () => {
    expect(planCall(call({ payloadJson: '{"actionId":"act-1","reason":"r"}' }), maps).request.body).toBe(
      '{"actionId":"act-1","reason":"r"}',
    );
  });

  it.each([
    [
      'an unknown site',
      call({ location: { ...call().location, site: 'plant-z' } }),
      /no MES endpoint map for site "plant-z"/,
    ],
    [
      'an unmapped action type',
      call({ actionType: 'mes.launch_rocket' }),
      /maps no MES endpoint for action type mes.launch_rocket/,
    ],
    ['another method', call({ method: 'DELETE' }), /must be POST/],
    ['an extra path segment', call({ path: '/lots/LOT-1/hold/now' }), /does not fit/],
    ['a dot segment', call({ path: '/lots/../hold' }), /does not fit/],
    ['an encoded slash', call({ path: '/lots/a%2Fb/hold' }), /does not fit/],
    ['a body that is not JSON', call({ payloadJson: '{reason:1}' }), /is not JSON/],
    ['a JSON array body', call({ payloadJson: '[1]' }), /must be a JSON object/],
    ['an empty required field', call({ payloadJson: '{"reason":""}' }), /needs reason/],
  ])('refuses %s before anything is sent', (_case, request, message) => {
    expect(() => planCall(request, maps)).toThrow(MesValidationError);
    expect(() => planCall(request, maps)).toThrow(message);
  });
});

describe('recordIdOf', () => {
  it('reads a dotted path and ignores what is not a scalar', () => {
    expect(recordIdOf('{"response":{"lotId":"LOT-1","n":7,"o":{}}}', 'response.lotId')).toBe('LOT-1');
    expect(recordIdOf('{"response":{"n":7}}', 'response.n')).toBe('7');
    expect(recordIdOf('{"response":{"o":{}}}', 'response.o')).toBe('');
    expect(recordIdOf('not json', 'response.lotId')).toBe('');
    expect(recordIdOf('{"id":"x"}', undefined)).toBe('');
  });
});
