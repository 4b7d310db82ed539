// What tools/cli (the `andon` command) calls in this service, imported as
// '@andon/service-context-retrieval/cli' by tools/cli (and bench) only: the command and its argument
// parsing live in tools/cli; production code never imports this (ESLint refuses it).
export { runAskEval, type AskEvalResult } from './eval/ask-eval';
