// The governance checks bench/governance times one by one (the gateway runs them together),
// imported as '@andon/llm/bench' by bench/ only; never by production code.
export { checkCitations } from './governance/citation-check';
export { checkInputInjection, checkOutputInjection } from './governance/injection-detector';
export { checkNumbers } from './governance/number-check';
export { allStrings, stringLeaves } from './use-cases/use-case';
