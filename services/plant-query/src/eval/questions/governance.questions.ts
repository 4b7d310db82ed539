import { A, AB, B, type EvalQuestion } from '../eval-question';

/** Scope, roles and line limits, and questions with no fit: refused or narrowed as the caller allows, never guessed. */
export const GOVERNANCE_QUESTIONS: readonly EvalQuestion[] = [
  // Scope and roles
  {
    id: 'scope-01',
    question: 'downtime last night by line',
    sites: B,
    roles: ['operator'],
    lines: ['line-4'],
    expect: {
      metric: 'downtime_minutes',
      sites: B,
      window: 'lastNight',
      filter: { line: ['line-4'] },
      groupBy: ['line'],
    },
  },
  {
    id: 'scope-02',
    question: 'scrap rate on line-1 this week',
    sites: B,
    expect: { refusal: 'site-out-of-scope' },
  },
  {
    id: 'scope-03',
    question: 'open NCRs this week',
    sites: A,
    roles: ['operator'],
    expect: { refusal: 'role-not-permitted' },
  },
  {
    id: 'scope-05',
    question: 'NCR cycle time this week',
    sites: A,
    roles: ['operator'],
    expect: { refusal: 'role-not-permitted' },
  },
  {
    id: 'scope-04',
    question: 'downtime on line 3 last night',
    sites: B,
    roles: ['operator'],
    lines: ['line-4'],
    expect: { refusal: 'line-out-of-scope' },
  },
  // No fit: never a guess
  {
    id: 'nofit-01',
    question: 'What is the energy consumption of press 2?',
    sites: AB,
    expect: { refusal: 'no-fit' },
  },
  {
    id: 'nofit-02',
    question: 'Delete the downtime records of line 3',
    sites: B,
    expect: { refusal: 'no-fit' },
  },
  { id: 'nofit-03', question: 'downtime of PX-100 yesterday', sites: AB, expect: { refusal: 'no-fit' } },
  {
    id: 'nofit-04',
    question: 'Who is the best operator on line 1?',
    sites: A,
    expect: { refusal: 'no-fit' },
  },
];
