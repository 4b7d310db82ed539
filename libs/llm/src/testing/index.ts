// Test support of @andon/llm, imported as '@andon/llm/testing' by specs and benchmarks,
// never by production code: the scripted OpenAI-compatible server (the one allowed mock of
// a third-party API) and the scripted "obedient" model of the red-team suites.
export { ScriptedOpenAiServer, type ScriptedReply, type RecordedRequest } from './scripted-openai-server';
export {
  ATTACKS,
  OBEDIENT_MODES,
  attackSentences,
  obedientAnswer,
  leakedAttacks,
  type Attack,
  type ObedientMode,
} from './obedient-model';
