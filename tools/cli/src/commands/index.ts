import type { CliContext } from '../cli-context';
import { dlqCommand } from './dlq.command';
import { evalCommand } from './eval.command';
import { ledgerCommand } from './ledger.command';
import { modelCommand } from './model.command';
import { policyCommand } from './policy.command';
import { promptsCommand } from './prompts.command';
import { replayCommand } from './replay.command';

export type Command = (argv: readonly string[], ctx: CliContext) => Promise<number>;

export const COMMANDS: Record<string, Command> = {
  prompts: promptsCommand,
  prompt: promptsCommand,
  dlq: dlqCommand,
  ledger: ledgerCommand,
  policy: policyCommand,
  eval: evalCommand,
  model: modelCommand,
  replay: replayCommand,
};

export const USAGE = `usage: andon <group> <command> [options]
  prompts list|show|diff|history|activate|rollback   versioned prompts (see andon prompts)
  dlq list|replay|unmapped [--since 15m ...]          ingest dead letters and unmapped site codes (andon dlq --help)
  ledger verify [--from N --to N]                     the audit ledger of the running deployment (ANDON_URL)
  ledger export --out F [--from WHEN --to WHEN]       its entries as JSON lines, optionally a time window
  policy shadow-report [--all]                        where the shadow policy would decide differently
  eval [--repeats N --per-use-case N --use-case a,b]   golden plant scenarios: deterministic engine and the configured model side by side
  model serve                                         the local model as an OpenAI-compatible server (LLM_PROVIDER=local)
  replay <id> [--prompt|--model recorded|current]     what produced a past proposal or output, re-run, with the differences
  eval harvest [--out DIR] | eval harvest add FILES   rejected proposals + approvers' reasons as scenarios for review; add reviewed ones
  eval route [--margin M] | route activate|rollback   tier per use case from evaluation evidence, a versioned routing file behind the gate
Every command takes --help. Configuration comes from the same variables as the services (.env.example); commands that
call the running deployment use ANDON_URL and ANDON_TOKEN (or ANDON_USER/ANDON_PASSWORD).`;
