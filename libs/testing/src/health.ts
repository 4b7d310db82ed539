import { elasticsearchAnswers } from './elasticsearch-server';
import { mongoAnswers } from './ferretdb-server';
import type { ServerRecord } from './harness-state';
import { kafkaAnswers } from './kafka-server';
import { llmAnswers } from './llm-server';
import { mqttAnswers } from './mosquitto-server';
import { jaegerAnswers, jaegerUrls } from './jaeger-server';
import { opensearchAnswers } from './opensearch-server';
import type { HealthProbe } from './local-server';

/** The real health probe for a recorded server. */
export function healthProbe(record: ServerRecord): HealthProbe {
  switch (record.name) {
    case 'kafka':
      return () => kafkaAnswers(record.address.split(','));
    case 'ferretdb':
      return () => mongoAnswers(record.address);
    case 'elasticsearch':
      return () => elasticsearchAnswers(record.address);
    case 'mosquitto':
      return () => mqttAnswers(record.address);
    case 'opensearch':
      return () => opensearchAnswers(record.address);
    case 'jaeger':
      return () => jaegerAnswers(jaegerUrls(record).query);
    case 'llm':
      return () => llmAnswers(record.address);
  }
}
