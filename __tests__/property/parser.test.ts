import fc from 'fast-check';
import { parseCard } from '../../src/card/parse.js';
import { cardText, cardPath, lineOk } from './arbitraries.js';

const RUNS = { numRuns: 200 };
const snapshot = (card: ReturnType<typeof parseCard>): string => JSON.stringify({ ...card, locate: undefined });

describe('parseCard (property)', () => {
  it('never throws, is deterministic and places every problem inside the file', () => {
    fc.assert(
      fc.property(
        cardPath,
        cardText,
        fc.constantFrom('markdown', 'yaml', 'json') as fc.Arbitrary<'markdown' | 'yaml' | 'json'>,
        (path, text, format) => {
          const card = parseCard(path, text, format);
          expect(snapshot(parseCard(path, text, format))).toBe(snapshot(card));
          expect(card.lineCount).toBeGreaterThanOrEqual(1);
          for (const problem of card.problems) {
            expect(lineOk(problem.line, card.lineCount)).toBe(true);
            expect(problem.column).toBeGreaterThanOrEqual(1);
            expect(problem.message.length).toBeGreaterThan(0);
          }
          expect(card.data === undefined || (typeof card.data === 'object' && !Array.isArray(card.data))).toBe(true);
          if (card.data) {
            for (const key of Object.keys(card.data)) {
              for (const part of ['key', 'value'] as const) {
                const at = card.locate([key], part);
                if (at) expect(lineOk(at.line, card.lineCount)).toBe(true);
              }
            }
          }
        }
      ),
      RUNS
    );
  });
});
