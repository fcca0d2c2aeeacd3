/** Reports the Model Openness Framework class the release reaches, and what the next class needs. */
import { isRecord, releaseOf } from '../meta.js';
import { CLASS_NAMES, classifyOpenness } from '../openness.js';
import { createRule } from './create.js';

const NEXT: Record<string, string> = { none: 'Class III', III: 'Class II', II: 'Class I' };

export default createRule({
  id: 'openness-class',
  defaultSeverity: 'notice',
  description: 'Report the Model Openness Framework class the release reaches and what is missing for the next one.',
  check(ctx) {
    const release = releaseOf(ctx.meta);
    if (!release) return;
    const result = classifyOpenness(ctx.meta);
    const parts: string[] = [];
    if (result.missingForNext.length > 0)
      parts.push(`For ${NEXT[result.class]}, release under an open licence: ${result.missingForNext.join('; ')}.`);
    if (result.conditional.length > 0) parts.push(`Conditional passes: ${result.conditional.join('; ')}.`);
    const n = result.missingForNext.length;
    const message =
      n > 0
        ? `Model Openness Framework: ${CLASS_NAMES[result.class]}; ${n} item${n === 1 ? '' : 's'} must be released openly for ${NEXT[result.class]}.`
        : `Model Openness Framework: ${CLASS_NAMES[result.class]}, the highest class.`;
    ctx.report({
      message,
      detail: parts.length > 0 ? parts.join(' ') : undefined,
      path: isRecord(release.artefacts) ? ['release', 'artefacts'] : ['release']
    });
  }
});
