/**
 * The PR comment (also the job summary and `--format markdown`). A reviewer should see at a glance
 * whether the release may go out and why: a verdict line, then per card the findings, what the
 * licence allows, the access tier, the artefacts and the openness class.
 *
 * Everything a card supplies goes through escape.ts: rule messages quote card values between
 * backticks, so a message is split there and each piece is escaped as text or as a code span.
 * The comment must stay under GitHub's size limit: the least important cards are compacted first,
 * step by step, and only then are whole cards left out, with a pointer to the full report.
 */
import { docsUrl } from '../rules/create.js';
import {
  DEFAULT_REQUIRED_ARTEFACTS,
  type ArtefactDetail,
  type CardReport,
  type Finding,
  type Light,
  type Report,
  type Severity
} from '../types.js';
import { codeSpan, escapeMarkdownText, revealPath, truncate } from './escape.js';
import { orderedArtefactKeys } from './json.js';
import { pathToUri } from './sarif.js';
import type { ReporterFactory } from './reporter.js';
import { TOOL } from './tool.js';
import { compareRuns, readState, stateBlock, type RunChanges } from './changes.js';

export interface MarkdownOptions {
  /** A name shown in the title, keeping this comment apart from another use of the gate. */
  header?: string;
  /** e.g. https://github.com/o/r/blob/<sha>/ ; findings link to `${linkBase}${path}#L${line}`. */
  linkBase?: string;
  /** Messages about the run, shown after the cards (added to the report's own notes). */
  notes?: string[];
  /** Longest comment in characters (default 65,000, under GitHub's 65,536). */
  maxLength?: number;
  /** Where the full report is when cards had to be left out: a URL or a sentence. */
  summaryPointer?: string;
  /** Artefacts shown as "not stated" when a card leaves them out (default: the card's own list, else the contract's). */
  requiredArtefacts?: string[];
  /** Hide this run's findings in the comment, so the next run can say what changed (the sticky comment). */
  trackChanges?: boolean;
  /** The body of the comment an earlier run wrote: the comment then says what changed since. */
  previousComment?: string;
}

export const DEFAULT_MARKDOWN_MAX = 65_000;

const SEVERITY_ICON: Record<Severity, string> = { error: '❌', warning: '⚠️', notice: 'ℹ️' };
const LIGHT: Record<Light, { icon: string; word: string }> = {
  green: { icon: '🟢', word: 'yes' },
  amber: { icon: '🟠', word: 'with conditions' },
  red: { icon: '🔴', word: 'no' },
  unknown: { icon: '⚪', word: 'unknown' }
};
const STATUS: Record<string, string> = { released: '✅ released', withheld: '🔒 withheld', 'not-applicable': '➖ not applicable' };
const RULE_ID = /^[a-z0-9][a-z0-9-]{0,80}$/;
const MESSAGE_MAX = 1500;
const MAX_NOTES = 20;

/** Detail levels of a card section, most detailed first. */
const FULL = 0;
const COMPACT = 1;
const FINDINGS_ONLY = 2;
const ONE_LINE = 3;

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * Untrusted text with `code` spans kept: pieces between backtick pairs become safe code spans, the
 * rest escaped text. An unpaired backtick stays a literal (escaped) backtick.
 */
export function richText(s: string, options: { maxLength?: number; table?: boolean } = {}): string {
  const max = options.maxLength ?? MESSAGE_MAX;
  const parts = truncate(String(s), max).split('`');
  let out = '';
  for (let i = 0; i < parts.length; i++) {
    const inside = i % 2 === 1 && i < parts.length - 1;
    if (inside) out += codeSpan(parts[i], { table: options.table ?? true, maxLength: 200 });
    else if (parts[i] !== '' || i % 2 === 1) out += escapeMarkdownText(i % 2 === 1 ? `\`${parts[i]}` : parts[i], { maxLength: max });
  }
  return out;
}

/** A URL we made ourselves from a trusted base and an untrusted path, safe as a link target. */
function lineUrl(linkBase: string, path: string, line: number): string {
  return `${linkBase}${pathToUri(path)}#L${line}`;
}

/** A trusted http(s) URL, or undefined when it is not one (it is then not linked). */
function safeUrl(url: string | undefined): string | undefined {
  if (!url || !/^https?:\/\/[^\s<>()[\]`"']+$/.test(url)) return undefined;
  return url;
}

/**
 * Only ordinary repository paths become links: a path with URL or markdown punctuation (`:`, `[`,
 * `!`, `#`, `?`, `%` …) or a `..` segment is shown as text, so that a crafted file name can never
 * make a link that reads like, or resolves to, somewhere else.
 */
const LINKABLE_PATH = /^[\p{L}\p{N}._\-/ @+~,=()]+$/u;
function linkablePath(p: string): boolean {
  return LINKABLE_PATH.test(p) && !p.split('/').includes('..');
}

function ruleLink(rule: string): string {
  return RULE_ID.test(rule) ? `[\`${rule}\`](${docsUrl(rule)})` : codeSpan(rule);
}

function where(card: CardReport, f: Finding, options: MarkdownOptions): string {
  const base = safeUrl(options.linkBase);
  if (base && linkablePath(card.path)) return `[L${f.line}](${lineUrl(base, card.path, f.line)})`;
  return codeSpan(`${revealPath(card.path)}:${f.line}`, { maxLength: 300 });
}

function fold(summary: string, body: string, open = false): string {
  return `<details${open ? ' open' : ''}>\n<summary>${summary}</summary>\n\n${body}\n\n</details>`;
}

function counts(card: CardReport): { errors: number; warnings: number; notices: number; waived: number } {
  const c = { errors: 0, warnings: 0, notices: 0, waived: 0 };
  for (const f of card.findings) {
    if (f.waived) c.waived++;
    else if (f.severity === 'error') c.errors++;
    else if (f.severity === 'warning') c.warnings++;
    else c.notices++;
  }
  return c;
}

function cardIcon(card: CardReport): string {
  const c = counts(card);
  return c.errors > 0 ? '❌' : c.warnings > 0 ? '⚠️' : '✅';
}

function countsText(card: CardReport): string {
  const c = counts(card);
  const parts: string[] = [];
  if (c.errors) parts.push(plural(c.errors, 'error'));
  if (c.warnings) parts.push(plural(c.warnings, 'warning'));
  if (c.notices) parts.push(plural(c.notices, 'notice'));
  if (c.waived) parts.push(`${c.waived} waived`);
  return parts.length > 0 ? parts.join(', ') : 'no findings';
}

function findingsTable(card: CardReport, findings: Finding[], options: MarkdownOptions, messageMax = MESSAGE_MAX): string {
  const rows = findings.map((f) => {
    const severity = f.waived ? `💤 ${f.severity}, waived` : `${SEVERITY_ICON[f.severity]} ${f.severity}`;
    const waiver = f.waived
      ? ` — waived: ${richText(f.waived.reason, { maxLength: 300 })}${f.waived.expires ? ` (until ${escapeMarkdownText(f.waived.expires, { maxLength: 20 })})` : ''}`
      : '';
    return `| ${severity} | ${ruleLink(f.rule)} | ${richText(f.message, { maxLength: messageMax })}${waiver} | ${where(card, f, options)} |`;
  });
  return ['| Severity | Rule | Finding | Line |', '|---|---|---|---|', ...rows].join('\n');
}

/** The longer why of each finding that has one, in one collapsed section per card. */
function whyBlock(card: CardReport, findings: Finding[], options: MarkdownOptions): string | undefined {
  const items = findings
    .filter((f) => f.detail)
    .slice(0, 40)
    .map(
      (f) =>
        `- ${ruleLink(f.rule)} (${where(card, f, options)}): ${richText((f.detail as string).replace(/\s*\n\s*/g, ' '), { maxLength: 1500, table: false })}`
    );
  return items.length === 0 ? undefined : fold(`Why (${items.length})`, items.join('\n'));
}

function factsLine(card: CardReport): string {
  const parts: string[] = [];
  const declared = card.licenceSummary?.declared ?? card.licence ?? undefined;
  const name = card.licenceSummary?.name;
  if (declared !== undefined)
    parts.push(`**Licence** ${codeSpan(declared, { table: false })}${name ? ` (${escapeMarkdownText(name, { maxLength: 120 })})` : ''}`);
  else parts.push('**Licence** not stated');
  parts.push(card.access !== null ? `**Access** ${codeSpan(card.access, { table: false, maxLength: 40 })}` : '**Access** not stated');
  if (card.opennessClass !== null) parts.push(`**Openness** ${card.opennessClass === 'none' ? 'no class' : `Class ${card.opennessClass}`}`);
  if (card.riskLevel) parts.push(`**Dual-use risk** ${codeSpan(card.riskLevel, { table: false, maxLength: 40 })}`);
  return parts.join(' · ');
}

function licenceTable(card: CardReport): string | undefined {
  const s = card.licenceSummary;
  if (!s) return undefined;
  const row = (what: string, v: { light: Light; text: string }): string => {
    const light = LIGHT[v.light] ?? LIGHT.unknown;
    return `| ${what} | ${light.icon} ${light.word} | ${richText(v.text, { maxLength: 600 })} |`;
  };
  return [
    '| May you use and share… | | |',
    '|---|---|---|',
    row('the weights', s.weights),
    row('the training data', s.data),
    row('the outputs', s.outputs)
  ].join('\n');
}

function licenceLine(card: CardReport): string | undefined {
  const s = card.licenceSummary;
  if (!s) return undefined;
  const light = (v: { light: Light }): string => `${(LIGHT[v.light] ?? LIGHT.unknown).icon} ${(LIGHT[v.light] ?? LIGHT.unknown).word}`;
  return `**May you use and share** the weights: ${light(s.weights)} · the training data: ${light(s.data)} · the outputs: ${light(s.outputs)}`;
}

function dutiesBlock(card: CardReport): string | undefined {
  const s = card.licenceSummary;
  if (!s) return undefined;
  const items: string[] = s.duties.slice(0, 30).map((d) => `- ${richText(d, { maxLength: 400, table: false })}`);
  if (s.duties.length > 30) items.push(`- …and ${s.duties.length - 30} more`);
  const inherited = s.inherited
    .slice(0, 20)
    .map((i) => `- inherits ${codeSpan(i.licence, { table: false })} from ${codeSpan(i.from, { table: false })}`);
  if (items.length + inherited.length === 0) return undefined;
  return fold(`Duties and inherited licences (${items.length + inherited.length})`, [...items, ...inherited].join('\n'));
}

function artefactRows(card: CardReport, options: MarkdownOptions): { key: string; detail?: ArtefactDetail; status: string }[] {
  const details: Record<string, ArtefactDetail> =
    card.artefactDetails ?? Object.fromEntries(Object.entries(card.artefacts).map(([k, v]) => [k, { status: v }]));
  const required = options.requiredArtefacts ?? card.requiredArtefacts ?? DEFAULT_REQUIRED_ARTEFACTS;
  const keys = orderedArtefactKeys([...new Set([...Object.keys(details), ...required])]);
  return keys.map((key) => {
    const detail = Object.hasOwn(details, key) ? details[key] : undefined;
    return { key, detail, status: detail?.status ?? 'not stated' };
  });
}

function artefactSummary(rows: { status: string }[]): string {
  const released = rows.filter((r) => r.status === 'released').length;
  const withheld = rows.filter((r) => r.status === 'withheld').length;
  const notApplicable = rows.filter((r) => r.status === 'not-applicable').length;
  const missing = rows.filter((r) => r.status === 'not stated').length;
  const other = rows.length - released - withheld - notApplicable - missing;
  return `${released} released, ${withheld} withheld${notApplicable ? `, ${notApplicable} not applicable` : ''}, ${missing} not stated${other ? `, ${other} invalid` : ''}`;
}

function artefactsBlock(card: CardReport, options: MarkdownOptions): string {
  const rows = artefactRows(card, options);
  const lines = rows.map(({ key, detail, status }) => {
    const shown =
      status === 'not stated'
        ? '❔ **not stated**'
        : ((Object.hasOwn(STATUS, status) ? STATUS[status] : undefined) ?? `❓ ${codeSpan(status, { maxLength: 40 })}`);
    const licence = detail?.licence !== undefined ? codeSpan(detail.licence, { maxLength: 80 }) : '—';
    const note =
      detail?.reason !== undefined
        ? richText(detail.reason, { maxLength: 200 })
        : detail?.location !== undefined
          ? codeSpan(detail.location, { maxLength: 120 })
          : status === 'not stated'
            ? 'required, but the card does not say'
            : '';
    return `| ${codeSpan(key, { maxLength: 60 })} | ${shown} | ${licence} | ${note} |`;
  });
  const table = ['| Artefact | Status | Licence | Where / why |', '|---|---|---|---|', ...lines].join('\n');
  const missing = rows.some((r) => r.status === 'not stated');
  return fold(`Artefacts: ${artefactSummary(rows)}`, table, missing);
}

function opennessBlock(card: CardReport, full: boolean): string | undefined {
  const o = card.openness;
  if (!o) return undefined;
  const reached = o.class === 'none' ? 'no Model Openness Framework class yet' : `Model Openness Framework Class ${o.class}`;
  const next = o.class === 'none' ? 'III' : o.class === 'III' ? 'II' : o.class === 'II' ? 'I' : undefined;
  if (!next || o.missingForNext.length === 0) return `**Openness** ${reached}.`;
  if (!full) return `**Openness** ${reached}; ${plural(o.missingForNext.length, 'item')} missing for Class ${next}.`;
  const items = o.missingForNext.slice(0, 20).map((m) => `- ${richText(m, { maxLength: 400, table: false })}`);
  if (o.missingForNext.length > 20) items.push(`- …and ${o.missingForNext.length - 20} more`);
  const conditional = o.conditional.slice(0, 10).map((m) => `- conditional: ${richText(m, { maxLength: 400, table: false })}`);
  return `**Openness** ${reached}.\n\n${fold(`Missing for Class ${next} (${o.missingForNext.length})`, [...items, ...conditional].join('\n'))}`;
}

/** One card at a level of detail. */
function renderCard(card: CardReport, level: number, options: MarkdownOptions): string {
  const heading = `${cardIcon(card)} ${codeSpan(revealPath(card.path), { table: false, maxLength: 300 })}`;
  if (level >= ONE_LINE) {
    const rules = [...new Set(card.findings.filter((f) => !f.waived && f.severity !== 'notice').map((f) => f.rule))].slice(0, 8);
    return `- ${heading} — ${countsText(card)}${rules.length ? `: ${rules.map((r) => codeSpan(r, { table: false, maxLength: 80 })).join(', ')}` : ''}`;
  }
  const parts: string[] = [`### ${heading} — ${countsText(card)}`, factsLine(card)];
  // Errors before warnings, each in line order: what blocks the release comes first.
  const serious = card.findings
    .filter((f) => !f.waived && f.severity !== 'notice')
    .sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
  const notices = card.findings.filter((f) => !f.waived && f.severity === 'notice');
  const waived = card.findings.filter((f) => f.waived);
  if (serious.length > 0) parts.push(findingsTable(card, serious, options, level >= FINDINGS_ONLY ? 400 : MESSAGE_MAX));
  if (level >= FINDINGS_ONLY) return parts.join('\n\n');
  const why = level === FULL ? whyBlock(card, [...serious, ...notices], options) : undefined;
  if (why) parts.push(why);
  if (notices.length > 0) {
    parts.push(
      level === FULL
        ? fold(plural(notices.length, 'notice'), findingsTable(card, notices, options))
        : `${plural(notices.length, 'notice')} (${[...new Set(notices.map((f) => f.rule))].map((r) => codeSpan(r, { table: false })).join(', ')}).`
    );
  }
  if (waived.length > 0) {
    parts.push(
      level === FULL
        ? fold(`${plural(waived.length, 'waived finding')} (not counted)`, findingsTable(card, waived, options))
        : `${plural(waived.length, 'waived finding')} (not counted).`
    );
  }
  if (card.licenceSummary) {
    if (level === FULL) {
      parts.push(licenceTable(card) as string);
      const duties = dutiesBlock(card);
      if (duties) parts.push(duties);
    } else parts.push(licenceLine(card) as string);
  }
  if (card.artefactDetails || Object.keys(card.artefacts).length > 0 || card.licence !== null || card.access !== null) {
    parts.push(level === FULL ? artefactsBlock(card, options) : `**Artefacts** ${artefactSummary(artefactRows(card, options))}.`);
  }
  const openness = opennessBlock(card, level === FULL);
  if (openness) parts.push(openness);
  return parts.join('\n\n');
}

function importance(card: CardReport): number[] {
  const c = counts(card);
  return [c.errors, c.warnings, c.notices];
}

/** Most important first: more errors, then more warnings, then path order. */
function byImportance(a: CardReport, b: CardReport): number {
  const x = importance(a);
  const y = importance(b);
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return y[i] - x[i];
  return a.path < b.path ? -1 : a.path > b.path ? 1 : 0;
}

function title(report: Report, options: MarkdownOptions): string {
  const name = options.header ? `Model release gate · ${escapeMarkdownText(options.header, { maxLength: 100 })}` : 'Model release gate';
  const s = report.summary;
  const verdict = report.result === 'pass' ? '✅' : '❌';
  const word = report.result === 'pass' ? 'passed' : 'failed';
  const line = `**${plural(s.errors, 'error')}**, ${plural(s.warnings, 'warning')}, ${plural(s.notices, 'notice')} in ${plural(s.cards, 'card')}${s.waived ? ` (${s.waived} waived)` : ''}.`;
  const empty = s.cards === 0 ? '\n\nNo model cards were checked.' : '';
  return `## ${verdict} ${name}: ${word}\n\n${line}${empty}`;
}

function overview(cards: CardReport[]): string {
  const rows = cards.map((card) => {
    const licence = card.licence !== null ? codeSpan(card.licence, { maxLength: 60 }) : '—';
    const access = card.access !== null ? codeSpan(card.access, { maxLength: 30 }) : '—';
    const openness = card.opennessClass === null ? '—' : card.opennessClass === 'none' ? 'none' : card.opennessClass;
    return `| ${cardIcon(card)} ${codeSpan(revealPath(card.path), { maxLength: 200 })} | ${licence} | ${access} | ${openness} | ${countsText(card)} |`;
  });
  return ['| Card | Licence | Access | Openness | Findings |', '|---|---|---|---|---|', ...rows].join('\n');
}

const MAX_CHANGES_LISTED = 20;

/** What changed since the run that wrote `options.previousComment`, or undefined without one. */
function changesBlock(report: Report, options: MarkdownOptions): string | undefined {
  const previous = readState(options.previousComment);
  if (!previous) return undefined;
  const changes: RunChanges = compareRuns(previous, report.cards);
  const { fixed, added } = changes;
  if (fixed.length === 0 && added.length === 0) return '**Since the last run:** nothing changed.';
  const line = `**Since the last run:** ${plural(fixed.length, 'finding')} fixed, ${added.length} new.`;
  const items = [
    ...fixed
      .slice(0, MAX_CHANGES_LISTED)
      .map((f) => `- ✅ fixed since the last run: ${ruleLink(f.rule)} in ${codeSpan(f.path, { table: false, maxLength: 200 })}`),
    ...added
      .slice(0, MAX_CHANGES_LISTED)
      .map(
        (f) =>
          `- 🆕 new: ${ruleLink(f.rule)} in ${codeSpan(f.path, { table: false, maxLength: 200 })}: ${richText(f.message, { maxLength: 300, table: false })}`
      )
  ];
  const more = fixed.length + added.length - items.length;
  if (more > 0) items.push(`- …and ${more} more`);
  return `${line}\n\n${fold('What changed', items.join('\n'), items.length <= 5)}`;
}

function notesBlock(notes: string[], compact: boolean): string | undefined {
  if (notes.length === 0) return undefined;
  if (compact) return `**Notes:** ${plural(notes.length, 'note')} about this run; see the full report.`;
  const items = notes.slice(0, MAX_NOTES).map((n) => `- ${richText(n, { maxLength: 500, table: false })}`);
  if (notes.length > MAX_NOTES) items.push(`- …and ${notes.length - MAX_NOTES} more`);
  return notes.length > 3 ? fold(`Notes (${notes.length})`, items.join('\n')) : `**Notes**\n\n${items.join('\n')}`;
}

function pointer(options: MarkdownOptions): string {
  const given = options.summaryPointer;
  const url = safeUrl(given);
  if (url) return `The full report is in the [job summary](${url}).`;
  if (given) return richText(given, { maxLength: 300, table: false });
  return 'Run `model-release-gate check --format json` for the full report.';
}

function footer(): string {
  return `<sub>Checked by [${TOOL.name}](${TOOL.informationUri}) ${TOOL.version}. Each rule id links to its documentation.</sub>`;
}

export function renderMarkdown(report: Report, options: MarkdownOptions = {}): string {
  const max = Math.max(200, options.maxLength ?? DEFAULT_MARKDOWN_MAX);
  const cards = [...report.cards].sort(byImportance);
  const notes: string[] = [];
  for (const n of [...(report.notes ?? []), ...(options.notes ?? [])]) if (!notes.includes(n)) notes.push(n);

  // A card kept light by the reporter has only what one line needs.
  const levels: number[] = cards.map((card) => (LIGHTENED.has(card) ? ONE_LINE : FULL));
  const cache = new Map<string, string>();
  const section = (i: number): string => {
    const key = `${i}:${levels[i]}`;
    let s = cache.get(key);
    if (s === undefined) {
      s = renderCard(cards[i], levels[i], options);
      cache.set(key, s);
    }
    return s;
  };
  let showOverview = cards.length >= 2 && cards.length <= 50;
  let compactNotes = false;
  const changes = changesBlock(report, options);
  const head = [
    title(report, options),
    ...(changes ? [changes] : []),
    ...(options.trackChanges || options.previousComment !== undefined ? [stateBlock(report.cards)] : [])
  ].join('\n\n');
  const tail = footer();
  const overviewText = showOverview ? overview(cards) : '';
  const omittedLine = (omitted: CardReport[]): string => {
    const failing = omitted.filter((c) => counts(c).errors > 0).length;
    return `**…and ${plural(omitted.length, 'more card')} not shown here${failing ? ` (${failing} with errors)` : ''}.** ${pointer(options)}`;
  };
  const assemble = (shown: number): string => {
    const parts = [head];
    if (showOverview) parts.push(overviewText);
    for (let i = 0; i < shown; i++) {
      // One-line cards form one tight list; the length estimate below counts a blank line between them, an upper bound.
      if (i > 0 && levels[i] >= ONE_LINE && levels[i - 1] >= ONE_LINE) parts[parts.length - 1] += `\n${section(i)}`;
      else parts.push(section(i));
    }
    if (shown < cards.length) parts.push(omittedLine(cards.slice(shown)));
    const n = notesBlock(notes, compactNotes);
    if (n) parts.push(n);
    parts.push(tail);
    return parts.join('\n\n') + '\n';
  };
  // Lengths are summed rather than the text assembled, so that hundreds of cards stay cheap.
  const lengths = cards.map((_, i) => section(i).length);
  let cardsLength = lengths.reduce((a, b) => a + b, 0);
  const fixedLength = (shown: number): number => {
    const n = notesBlock(notes, compactNotes);
    const parts = [
      head.length,
      showOverview ? overviewText.length : -1,
      n ? n.length : -1,
      tail.length,
      shown < cards.length ? omittedLine(cards.slice(shown)).length : -1
    ].filter((l) => l >= 0);
    return parts.reduce((a, b) => a + b, 0) + 2 * (parts.length + shown - 1) + 1;
  };
  const setLevel = (i: number, level: number): void => {
    if (levels[i] >= level) return;
    levels[i] = level;
    cardsLength -= lengths[i];
    lengths[i] = section(i).length;
    cardsLength += lengths[i];
  };

  // Compact step by step, least important cards first, until it fits.
  const steps: (() => void)[] = [];
  for (const level of [COMPACT, FINDINGS_ONLY, ONE_LINE]) {
    if (level === FINDINGS_ONLY) steps.push(() => (showOverview = false));
    for (let i = cards.length - 1; i >= 0; i--) steps.push(() => setLevel(i, level));
  }
  steps.push(() => (compactNotes = true));
  for (const step of steps) {
    if (fixedLength(cards.length) + cardsLength <= max) break;
    step();
  }
  if (fixedLength(cards.length) + cardsLength <= max) return assemble(cards.length);

  // Still too long: leave out whole cards from the least important end.
  let shown = cards.length;
  while (shown > 0 && fixedLength(shown) + cardsLength > max) {
    shown--;
    cardsLength -= lengths[shown];
  }
  const out = assemble(shown);
  if (out.length <= max) return out;
  // Only a tiny limit gets here: the title and pointer alone.
  return `${head}\n\n${pointer(options)}\n`.slice(0, max);
}

export interface MarkdownReporterOptions extends MarkdownOptions {
  /** Most UTF-8 bytes (GitHub drops a job summary over 1 MiB): the length limit is halved until it fits. */
  maxBytes?: number;
}

/** Card reports the markdown reporter holds in light form only (see `markdownReporter`). */
const LIGHTENED = new WeakSet<CardReport>();

/** What a one-line entry, the counts and the run state need of a card: no details, fixes or summaries. */
function lightCard(card: CardReport): CardReport {
  const light: CardReport = {
    path: card.path,
    licence: card.licence,
    access: card.access,
    opennessClass: card.opennessClass,
    artefacts: {},
    findings: card.findings.map((f) => {
      const kept: Finding = { rule: f.rule, severity: f.severity, message: f.message, line: f.line, column: f.column };
      if (f.waived) kept.waived = f.waived;
      return kept;
    })
  };
  LIGHTENED.add(light);
  return light;
}

/**
 * Above one line, a card's section is at least its heading and facts line (over 60 characters), so
 * no more than this many cards can show more than one line in a comment of `maxLength` characters.
 */
export function wholeCardsFor(maxLength: number): number {
  return Math.ceil(maxLength / 60) + 1;
}

/**
 * The PR comment as a reporter (`--format markdown`, the job summary). The comment's size limit
 * compacts the least important cards first, which needs every card's importance: the reporter keeps
 * whole reports only for the cards that could show more than one line (the most important ones, a
 * bound set by the length limit) and light ones for the rest, and renders once at the end. Holding
 * every whole report cost ~400 MB and 11 s on 10,000 cards.
 */
export const markdownReporter: ReporterFactory<MarkdownReporterOptions> = (sink, options) => {
  const cards: CardReport[] = [];
  const keep = wholeCardsFor(Math.max(200, options.maxLength ?? DEFAULT_MARKDOWN_MAX));
  let whole = 0;
  /** Keeps the `keep` most important whole reports, lightens the others. */
  const trim = (): void => {
    const ranked = cards.map((card, i) => ({ card, i })).filter((e) => !LIGHTENED.has(e.card));
    ranked.sort((a, b) => byImportance(a.card, b.card));
    for (const { i } of ranked.slice(keep)) cards[i] = lightCard(cards[i]);
    whole = Math.min(ranked.length, keep);
  };
  return {
    begin: () => undefined,
    card(card) {
      cards.push(card);
      if (++whole >= 2 * keep) trim();
    },
    end(totals) {
      if (whole > keep) trim();
      const report: Report = { version: 1, result: totals.result, summary: totals.summary, cards };
      if (totals.notes) report.notes = totals.notes;
      let text = renderMarkdown(report, options);
      // Characters are not bytes: shrink until the UTF-8 size fits.
      const maxBytes = options.maxBytes ?? Infinity;
      for (let max = options.maxLength ?? DEFAULT_MARKDOWN_MAX; Buffer.byteLength(text, 'utf8') > maxBytes && max > 1000;) {
        max = Math.floor(max / 2);
        text = renderMarkdown(report, { ...options, maxLength: max });
      }
      sink(text.endsWith('\n') ? text : `${text}\n`);
    }
  };
};
