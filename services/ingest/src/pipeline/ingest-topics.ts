import { SourceSystem, TOPIC_SPECS, Topics, type TopicName } from '@andon/contracts';
import type { TopicSpec } from '@andon/bus';

export interface IngestTopicNames {
  raw: Readonly<Record<'MES' | 'ERP' | 'HISTORIAN' | 'QMS' | 'CMMS', string>>;
  plantEvents: string;
  deadLetters: string;
}

const SOURCE_OF: ReadonlyArray<['MES' | 'ERP' | 'HISTORIAN' | 'QMS' | 'CMMS', SourceSystem]> = [
  ['MES', SourceSystem.MES],
  ['ERP', SourceSystem.ERP],
  ['HISTORIAN', SourceSystem.HISTORIAN],
  ['QMS', SourceSystem.QMS],
  ['CMMS', SourceSystem.CMMS],
];

export const DEFAULT_TOPIC_NAMES: IngestTopicNames = {
  raw: {
    MES: Topics.RawMes,
    ERP: Topics.RawErp,
    HISTORIAN: Topics.RawHistorian,
    QMS: Topics.RawQms,
    CMMS: Topics.RawCmms,
  },
  plantEvents: Topics.PlantEvents,
  deadLetters: Topics.DeadLetters,
};

/**
 * The topics one ingest instance reads and writes. The catalogue names by default;
 * tests give each run its own names so runs on one broker do not see each other.
 */
export class IngestTopics {
  readonly rawTopics: readonly string[];
  readonly plantEvents: string;
  readonly deadLetters: string;
  private readonly sourceByTopic: ReadonlyMap<string, SourceSystem>;
  private readonly topicBySource: ReadonlyMap<SourceSystem, string>;

  constructor(private readonly names: IngestTopicNames = DEFAULT_TOPIC_NAMES) {
    this.rawTopics = SOURCE_OF.map(([name]) => names.raw[name]);
    this.plantEvents = names.plantEvents;
    this.deadLetters = names.deadLetters;
    this.sourceByTopic = new Map(SOURCE_OF.map(([name, source]) => [names.raw[name], source]));
    this.topicBySource = new Map(SOURCE_OF.map(([name, source]) => [source, names.raw[name]]));
  }

  /** The source system a raw topic carries (the default when a record omits it). */
  sourceOf(topic: string | undefined): SourceSystem | undefined {
    return topic === undefined ? undefined : this.sourceByTopic.get(topic);
  }

  /** The raw topic of a source system; MES for one that cannot be read. */
  rawTopicOf(source: SourceSystem | undefined): string {
    return (source === undefined ? undefined : this.topicBySource.get(source)) ?? this.names.raw.MES;
  }

  isRawTopic(topic: string): boolean {
    return this.sourceByTopic.has(topic);
  }

  /** Specs for ensureTopics: partitions and retention from the catalogue of the topic each name stands for. */
  specs(): TopicSpec[] {
    const catalogue: Array<[string, TopicName]> = [
      ...SOURCE_OF.map(([name]): [string, TopicName] => [
        this.names.raw[name],
        DEFAULT_TOPIC_NAMES.raw[name] as TopicName,
      ]),
      [this.plantEvents, Topics.PlantEvents],
      [this.deadLetters, Topics.DeadLetters],
    ];
    return catalogue.map(([name, like]) => {
      const spec = TOPIC_SPECS[like];
      return {
        name,
        partitions: spec.partitions,
        configEntries: { 'cleanup.policy': spec.cleanupPolicy, 'retention.ms': String(spec.retentionMs) },
      };
    });
  }
}
