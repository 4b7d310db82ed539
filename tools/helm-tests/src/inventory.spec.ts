import { removeStagedChart, render, serviceFolders, stageChart } from './chart';
import { allServicesEnabled, chartValues } from './fixtures';
import { component, ofKind, type K8sObject } from './manifests';

// services/ is read at test time, so adding a service without a chart entry (or keeping
// an entry for a service that was removed) fails here.
describe('service inventory', () => {
  let chart: string;
  let everything: K8sObject[];
  beforeAll(() => {
    chart = stageChart();
    everything = render(chart, { values: allServicesEnabled() });
  });
  afterAll(() => removeStagedChart(chart));

  it('has a Deployment for every folder in services/ (except standalone), and no other', () => {
    const deployed = ofKind(everything, 'Deployment')
      .map((d) => component(d) ?? `(unlabelled ${d.metadata.name})`)
      .sort();
    expect(deployed).toEqual(serviceFolders());
  });

  it('has a values entry for every folder in services/, and no other', () => {
    expect(Object.keys(chartValues().services).sort()).toEqual(serviceFolders());
  });

  it('gives every enabled Deployment a Service and a PodDisruptionBudget', () => {
    const deployments = ofKind(everything, 'Deployment').map(component).sort();
    expect(ofKind(everything, 'Service').map(component).sort()).toEqual(deployments);
    expect(ofKind(everything, 'PodDisruptionBudget').map(component).sort()).toEqual(deployments);
  });

  it('renders only enabled services by default (mes-sim is off)', () => {
    const deployed = ofKind(render(chart), 'Deployment').map(component);
    const enabled = Object.entries(chartValues().services)
      .filter(([, svc]) => svc.enabled)
      .map(([name]) => name);
    expect(deployed.sort()).toEqual(enabled.sort());
    expect(deployed).not.toContain('mes-sim');
  });
});
