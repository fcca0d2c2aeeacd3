import fc from 'fast-check';
import { parseCard } from '../../src/card/parse.js';
import { check } from '../../src/engine.js';
import { defaultPolicy } from '../../src/policy/defaults.js';
import { cardPath, cardText, lineOk } from './arbitraries.js';

const RUNS = { numRuns: 150 };

describe('check with the default policy (property)', () => {
  it('never throws, is deterministic, stays inside the file, and no rule crashes on any shape', () => {
    fc.assert(
      fc.property(cardPath, cardText, (path, text) => {
        const card = parseCard(path, text);
        const run = (): string => JSON.stringify(check({ cards: [card], policy: defaultPolicy(), today: '2026-01-01' }));
        const first = run();
        expect(run()).toBe(first);
        const report = JSON.parse(first) as ReturnType<typeof check>;
        expect(['pass', 'fail']).toContain(report.result);
        for (const finding of report.cards[0].findings) {
          expect(lineOk(finding.line, card.lineCount)).toBe(true);
          expect(finding.column).toBeGreaterThanOrEqual(1);
          if (finding.endLine !== undefined) expect(lineOk(finding.endLine, card.lineCount)).toBe(true);
          // "Internal error in rule" means a rule threw on this shape of metadata.
          expect(finding.message).not.toMatch(/^Internal error in rule/);
        }
        // A card that did not parse must fail the gate: a hostile card cannot pass by breaking.
        if (card.problems.length > 0) expect(report.result).toBe('fail');
      }),
      RUNS
    );
  });
});
