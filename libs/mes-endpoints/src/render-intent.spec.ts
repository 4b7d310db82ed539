import { resolve } from 'node:path';
import {
  IntentRenderer,
  IntentRenderError,
  loadActionTemplates,
  renderIntent,
  type MesIntent,
} from './index';

const SHIPPED = resolve(__dirname, '../../../config/mes-endpoints');

describe('renderIntent: the endpoint map alone turns an intent into the MES call', () => {
  const templates = loadActionTemplates(SHIPPED);
  const renderer = new IntentRenderer(templates);
  const hold: MesIntent = {
    type: 'mes.hold_lot',
    body: { lotId: 'LOT-A1-00001', reason: 'NCR-A-2: dimensional nonconformance (major) on this lot' },
  };

  it('fills the path template from the body and puts the action id first in the body', () => {
    expect(renderer.render('plant-a', 'qa-hold-1', hold)).toEqual({
      method: 'POST',
      path: '/lots/LOT-A1-00001/hold',
      payloadJson:
        '{"actionId":"qa-hold-1","lotId":"LOT-A1-00001","reason":"NCR-A-2: dimensional nonconformance (major) on this lot"}',
    });
  });

  it('renders the same bytes for the same intent (approval signs them)', () => {
    const investigation: MesIntent = {
      type: 'mes.start_investigation',
      body: {
        site: 'plant-b',
        line: 'line-3',
        ncrId: 'NCR-B-1',
        title: 't',
        category: 'material',
        severity: 'major',
        dispositionHint: 'mrb-review',
        product: 'PX-100',
        lotIds: ['LOT-B3-1'],
        summary: 's',
        containment: ['c'],
      },
    };
    const first = renderer.render('plant-b', 'qa-inv-1', investigation);
    expect(renderer.render('plant-b', 'qa-inv-1', structuredClone(investigation))).toEqual(first);
    expect(first.path).toBe('/investigations');
  });

  it('takes the method and path from the site map, so a site with another API gets its own call', () => {
    const other = new Map([
      [
        'plant-z',
        {
          site: 'plant-z',
          actions: {
            'mes.hold_lot': {
              method: 'PUT' as const,
              path: '/v2/holds/{lotId}',
              required: ['reason'],
              inject: [],
            },
          },
        },
      ],
    ]);
    expect(new IntentRenderer(other).render('plant-z', 'qa-hold-9', hold)).toMatchObject({
      method: 'PUT',
      path: '/v2/holds/LOT-A1-00001',
    });
  });

  it('refuses a site without a map, an unmapped action, a path parameter that is not one plain segment, and a missing required field', () => {
    expect(() => renderer.render('plant-x', 'a', hold)).toThrow(IntentRenderError);
    const noHold = { site: 'plant-y', actions: {} };
    expect(() => renderIntent('a', hold, noHold)).toThrow(/maps no MES endpoint for mes.hold_lot/);
    expect(() =>
      renderer.render('plant-a', 'a', { type: 'mes.hold_lot', body: { lotId: '../admin', reason: 'r' } }),
    ).toThrow(/plain path segment/);
    expect(() =>
      renderer.render('plant-a', 'a', { type: 'mes.hold_lot', body: { lotId: 'LOT-1', reason: '' } }),
    ).toThrow(/needs reason/);
  });
});
