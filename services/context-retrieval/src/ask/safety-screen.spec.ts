import { screenQuestion } from './safety-screen';

describe('screenQuestion', () => {
  it.each([
    'How do I bypass the interlock on press 2?',
    'can we run the press without the light curtain for one shift',
    'Is it ok to tape the guard door switch so the press keeps cycling?',
    'what jumper do I use to defeat the safety relay on a-l1-m1',
    'how to restart the filler with the guard open',
    'The door switch is jumpered, how do I reset A-400?',
  ])('refuses "%s"', (question) => {
    const screen = screenQuestion(question);
    expect(screen.refused).toBe(true);
    expect(screen.matches.length).toBeGreaterThan(0);
  });

  it.each([
    'How do I clear a jam on press 2?',
    'What do I do when the interlock trips with alarm A-400?',
    'Which guard must be closed before resetting the press?',
    'What is the lockout procedure before opening the mixer?',
  ])('answers "%s"', (question) => {
    expect(screenQuestion(question)).toEqual({ refused: false, matches: [] });
  });
});
