import { resolve } from 'node:path';
import { IntentRenderer, loadActionTemplates, type MesIntent } from '@andon/mes-endpoints';
import { planCall } from './call-plan';
import { loadEndpointMaps } from './endpoint-map';

const DIR = resolve(__dirname, '../../../../config/mes-endpoints');
const location = (site: string) => ({ enterprise: 'acme', site, area: 'moulding', line: 'line-1', cell: '' });

const INTENTS: MesIntent[] = [
  { type: 'mes.hold_lot', body: { lotId: 'LOT-A1-00001', reason: 'NCR-A-2 on this lot' } },
  {
    type: 'mes.start_investigation',
    body: {
      site: 'SITE',
      line: 'line-1',
      ncrId: 'NCR-1',
      title: 't',
      category: 'dimensional',
      severity: 'major',
      dispositionHint: 'rework',
      product: 'PX',
      lotIds: ['LOT-1'],
      summary: 's',
      containment: ['c'],
    },
  },
  {
    type: 'mes.create_work_order',
    body: {
      site: 'SITE',
      line: 'line-1',
      machineId: 'm1',
      type: 'corrective',
      priority: 'urgent',
      title: 't',
      description: 'd',
      probableCauses: ['bearing (high)'],
      parts: [{ partNumber: 'P-1', quantity: 1, onHand: 2 }],
      window: { start: 'a', end: 'b' },
    },
  },
  {
    type: 'mes.post_shift_log',
    body: {
      site: 'SITE',
      line: 'line-1',
      shiftId: 's1',
      shiftCode: 'A',
      from: 'a',
      to: 'b',
      title: 't',
      summary: 's',
      body: 'b',
    },
  },
  {
    type: 'mes.publish_schedule_scenario',
    body: {
      site: 'SITE',
      line: 'line-1',
      orderId: 'WO-1',
      material: 'RESIN',
      riskLevel: 'high',
      summary: 's',
      scenarios: [{ name: 'n', description: 'd' }],
    },
  },
  { type: 'mes.raise_compliance_flag', body: { site: 'SITE', line: 'line-1', text: 'step 4 skipped' } },
];

/** What an agent renders from the endpoint maps is what write-back plans from the same maps: nothing re-rendered, nothing refused. */
describe("intents rendered by the agents pass write-back's plan unchanged", () => {
  const maps = loadEndpointMaps(DIR, {
    'plant-a': 'http://mes-a.local/mes/v1',
    'plant-b': 'http://mes-b.local/mes/v1',
  });
  const renderer = new IntentRenderer(loadActionTemplates(DIR));

  for (const site of ['plant-a', 'plant-b']) {
    for (const intent of INTENTS) {
      it(`${intent.type} on ${site}`, () => {
        const withSite = {
          ...intent,
          body: { ...intent.body, ...('site' in intent.body ? { site } : {}) },
        } as MesIntent;
        const call = renderer.render(site, 'act-1', withSite);
        const plan = planCall(
          { actionId: 'act-1', actionType: intent.type, location: location(site), ...call },
          maps,
        );
        expect(plan.request.url).toBe(`${maps.get(site)?.baseUrl}${call.path}`);
        // The approved bytes go out as they are, after any field the map injects.
        expect(plan.request.body.endsWith(call.payloadJson.slice(1))).toBe(true);
        expect(JSON.parse(plan.request.body)).toMatchObject(JSON.parse(call.payloadJson) as object);
      });
    }
  }
});
