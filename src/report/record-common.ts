/**
 * What the three release records (CycloneDX, SPDX 3, MOT; contract 1.7) share: run options from the
 * environment, licences written the way standards ask (SPDX ids, or `LicenseRef-…` with a name and a
 * URL, never an invented SPDX id), the task table, and how artefacts and ancestors are named.
 */
import { randomUUID } from 'node:crypto';
import parseSpdx from 'spdx-expression-parse';
import spdxExceptions from 'spdx-exceptions/index.json' with { type: 'json' };
import cdxSpdxIds from '../../schemas/vendor/cyclonedx-1.6/spdx.schema.json' with { type: 'json' };
import { canonicalSpdxId, lookupLicence, resolveDeclaration, writtenAsRecognised, type LicenceTerm } from '../licences/knowledge.js';
import { ARTEFACT_KEYS, type CardReport, type CardRecord } from '../types.js';
import { TOOL } from './tool.js';

/** Environment variables that pin what would change between runs (tests, reproducible builds). */
export const RECORD_ENV = {
  /** Seconds since the epoch (reproducible-builds.org): the records' creation time. */
  time: 'SOURCE_DATE_EPOCH',
  /** A UUID: the CycloneDX serial number and the SPDX document's namespace. */
  serial: 'MRG_BOM_SERIAL',
  /** The release's version or commit; GITHUB_SHA when unset. */
  version: 'MRG_BOM_VERSION'
} as const;

export interface RecordOptions {
  /** ISO 8601 UTC time without fractions, e.g. 2026-01-01T00:00:00Z. */
  timestamp: string;
  /** A UUID (lower case). */
  serial: string;
  /** The release's version or commit, when known. */
  version?: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Reads the options from the environment (the edge: cli.ts, action.ts); bad values are ignored. */
export function recordOptionsFromEnv(env: NodeJS.ProcessEnv, now: Date = new Date()): RecordOptions {
  const epoch = Number(env[RECORD_ENV.time]);
  const date = env[RECORD_ENV.time] && Number.isInteger(epoch) && epoch >= 0 && epoch < 253402300800 ? new Date(epoch * 1000) : now;
  const serial = env[RECORD_ENV.serial]?.trim().toLowerCase();
  const version = env[RECORD_ENV.version]?.trim() || env.GITHUB_SHA?.trim() || undefined;
  const options: RecordOptions = {
    timestamp: date.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    serial: serial && UUID.test(serial) ? serial : randomUUID()
  };
  if (version) options.version = version;
  return options;
}

export const RECORD_FORMATS = ['cyclonedx', 'spdx', 'mot'] as const;
export type RecordFormat = (typeof RECORD_FORMATS)[number];

// ---------------------------------------------------------------------------------------------
// Licences

const CDX_IDS: ReadonlySet<string> = new Set((cdxSpdxIds as { enum: string[] }).enum);
const EXCEPTIONS = new Map(spdxExceptions.map((id) => [id.toLowerCase(), id]));

/** A licence with no SPDX id: its `LicenseRef-` id, a human name and, where known, its URL. */
export interface CustomLicence {
  ref: string;
  name: string;
  url?: string;
}

export interface RecordLicence {
  /** As the card (or the ancestor) declares it. */
  declared: string;
  /** A valid SPDX expression: listed ids, with `LicenseRef-…` for everything else. */
  expression: string;
  /** The one SPDX-listed id when the expression is just that (and CycloneDX's list has it). */
  spdxId?: string;
  custom: CustomLicence[];
}

/** `s` without leading and trailing `ch` (a loop, not `/^x+|x+$/`, which backtracks on long runs). */
export function trimChar(s: string, ch: string): string {
  let start = 0;
  let end = s.length;
  while (start < end && s[start] === ch) start++;
  while (end > start && s[end - 1] === ch) end--;
  return s.slice(start, end);
}

/** `LicenseRef-` + idstring: letters, digits, `.` and `-` only (SPDX annex B). */
function refId(text: string): string {
  const id = trimChar(text.normalize('NFKD').replace(/[^A-Za-z0-9.-]+/g, '-'), '-').slice(0, 64);
  return `LicenseRef-${id || 'unnamed'}`;
}

function customFor(term: LicenceTerm, licenseName?: string, licenseLink?: string): CustomLicence {
  if (term.id === 'other' || term.id.startsWith('other:')) {
    const name = term.id.startsWith('other:') ? term.id.slice(6) : licenseName?.trim() || 'other';
    const url = licenseLink ?? term.entry?.source;
    return { ref: refId(name), name, ...(url ? { url } : {}) };
  }
  // Only an id the Hub or SPDX accepts as written is given the knowledge's name and URL: a loose
  // match (`apache2`, `Llama3.1`) is recorded as written, not as what the gate took it for.
  const entry = term.entry && writtenAsRecognised(term) && term.entry.id !== 'unknown' ? term.entry : undefined;
  return { ref: refId(term.id), name: entry ? entry.name : term.id, ...(entry?.source ? { url: entry.source } : {}) };
}

/** The SPDX form of one term, or a custom licence. */
function spdxOf(term: LicenceTerm): string | undefined {
  const plus = term.id.endsWith('+');
  const bare = plus ? term.id.slice(0, -1) : term.id;
  let id = canonicalSpdxId(bare);
  // A Hub id such as `apache-2.0` or `odc-by` names one SPDX licence in the knowledge.
  if (!id && term.entry && term.entry.hubId === bare && term.entry.spdx.length > 0) id = canonicalSpdxId(term.entry.spdx[0]);
  if (!id) return undefined;
  const exception = term.exception ? EXCEPTIONS.get(term.exception.toLowerCase()) : undefined;
  return `${id}${plus ? '+' : ''}${exception ? ` WITH ${exception}` : ''}`;
}

/**
 * Writes a declaration (`license`, with `license_name`/`license_link` for `other`) as an SPDX
 * expression. The tokens are those of the declaration (its AND/OR structure is kept); ids that are
 * not SPDX-listed become `LicenseRef-…`. Whatever cannot be parsed becomes one LicenseRef.
 */
export function recordLicence(declared: string, licenseName?: string, licenseLink?: string): RecordLicence {
  const resolved = resolveDeclaration(declared, licenseName, licenseLink);
  const custom: CustomLicence[] = [];
  const addCustom = (c: CustomLicence): string => {
    if (!custom.some((x) => x.ref === c.ref)) custom.push(c);
    return c.ref;
  };
  const byId = new Map(resolved.terms.map((t) => [t.id.toLowerCase(), t]));
  let expression: string | undefined;
  if (resolved.kind === 'hub' || resolved.kind === 'other') {
    const term = resolved.terms[0];
    expression = spdxOf(term) ?? addCustom(customFor(term, licenseName, licenseLink));
  } else if (resolved.kind === 'spdx' || resolved.kind === 'lenient') {
    // spdx-expression-parse has no serialiser, so the declaration's own tokens are mapped (AND/OR/WITH
    // and parentheses stay as written) and the result is parsed again below to prove it valid.
    const tokens = declared
      .trim()
      .split(/(\s+|\(|\))/)
      .filter((t) => t.trim() !== '');
    const out: string[] = [];
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i];
      const upper = token.toUpperCase();
      if (token === '(' || token === ')' || upper === 'AND' || upper === 'OR') out.push(token === '(' || token === ')' ? token : upper);
      else if (upper === 'WITH' && i + 1 < tokens.length) {
        out.push(`WITH ${EXCEPTIONS.get(tokens[++i].toLowerCase()) ?? tokens[i]}`);
      } else {
        const term = byId.get(token.toLowerCase()) ?? { id: token, entry: lookupLicence(token) };
        out.push(
          /^LicenseRef-[A-Za-z0-9.-]+$/i.test(token)
            ? addCustom({ ref: `LicenseRef-${token.slice(11)}`, name: token.slice(11) })
            : (spdxOf({ id: term.id, entry: term.entry }) ?? addCustom(customFor(term, licenseName, licenseLink)))
        );
      }
    }
    expression = out.join(' ').replace(/\( /g, '(').replace(/ \)/g, ')');
  }
  if (expression !== undefined) {
    try {
      parseSpdx(expression);
    } catch {
      custom.length = 0;
      expression = undefined;
    }
  }
  if (expression === undefined)
    expression = addCustom({ ref: refId(declared), name: declared.trim() || 'unnamed', ...(licenseLink ? { url: licenseLink } : {}) });
  const record: RecordLicence = { declared, expression, custom };
  if (custom.length === 0 && CDX_IDS.has(expression)) record.spdxId = expression;
  return record;
}

/** The card's own licence, or undefined when it declares none. */
export function cardLicence(card: CardReport): RecordLicence | undefined {
  const list = card.record?.licenceList;
  // A `license` list means every licence in it applies: their AND, each kept whole.
  if (list)
    return recordLicence(list.map((l) => (/\s/.test(l) ? `(${l})` : l)).join(' AND '), card.record?.licenseName, card.record?.licenseLink);
  if (card.licence === null || card.licence.trim() === '') return undefined;
  return recordLicence(card.licence, card.record?.licenseName, card.record?.licenseLink);
}

/** An ancestor's licence (declared as `other:<name>` when it is a named licence). */
export function ancestorLicence(declared: string | undefined): RecordLicence | undefined {
  if (!declared) return undefined;
  if (declared.startsWith('other:')) return recordLicence('other', declared.slice(6));
  return recordLicence(declared);
}

/** An artefact's licence; `other` there means the card's own `license_name` / `license_link`. */
export function artefactLicence(card: CardReport, declared: string | undefined): RecordLicence | undefined {
  if (!declared || declared.trim() === '') return undefined;
  if (declared.trim() === 'other') return recordLicence('other', card.record?.licenseName, card.record?.licenseLink);
  return ancestorLicence(declared);
}

// ---------------------------------------------------------------------------------------------
// Names, locations, tasks

/** Name of a card without metadata: its folder, as record-facts names one. */
export function recordName(card: CardReport): string {
  if (card.record) return card.record.name;
  const parts = card.path.split('/').filter((p) => p !== '');
  return parts.length >= 2 ? parts[parts.length - 2] : (parts[0] ?? 'model');
}

/** A location that is an absolute URL or a relative reference without spaces or brackets (RFC 3987 iri-reference). */
export function isReference(location: string | undefined): location is string {
  return location !== undefined && location !== '' && location.length <= 2048 && !/[\s<>"{}|\\^`\u0000-\u001f\u007f]/.test(location);
}

export function isUrl(location: string | undefined): location is string {
  return isReference(location) && /^https?:\/\/[^/]+/i.test(location);
}

/** A Hub repository id (`org/name` or `name`), so that a Hub URL can be made from it. */
export function isHubRepoId(id: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9._-]{0,95}(\/[A-Za-z0-9][A-Za-z0-9._-]{0,95})?$/.test(id);
}

export function hubModelUrl(id: string): string | undefined {
  return isHubRepoId(id) ? `https://huggingface.co/${id}` : undefined;
}

export function hubDatasetUrl(id: string): string | undefined {
  return isHubRepoId(id) ? `https://huggingface.co/datasets/${id}` : undefined;
}

/** purl of a Hugging Face model (package-url `huggingface` type). */
export function hubPurl(id: string): string | undefined {
  if (!isHubRepoId(id) || !id.includes('/')) return undefined;
  const [namespace, name] = id.split('/');
  return `pkg:huggingface/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`;
}

const OWNER =
  /^https?:\/\/(?:www\.)?(huggingface\.co|github\.com|gitlab\.com)\/(?:datasets\/|spaces\/)?([A-Za-z0-9][A-Za-z0-9._-]{0,95})\//i;

/** The owner of a Hub, GitHub or GitLab repository URL, or undefined. */
export function ownerOf(location: string | undefined): string | undefined {
  return isUrl(location) ? OWNER.exec(location)?.[2] : undefined;
}

/**
 * The producer: the owner of the release's Hub or code repository (from the weights, then any
 * artefact location on huggingface.co, github.com or gitlab.com). Undefined when no location says.
 */
export function producerOf(card: CardReport): string | undefined {
  const details = card.artefactDetails ?? {};
  for (const key of ['weights', ...ARTEFACT_KEYS.filter((k) => k !== 'weights')]) {
    const owner = ownerOf(details[key]?.location);
    if (owner) return owner;
  }
  return undefined;
}

/**
 * Hub tasks (`pipeline_tag`) by modality: the domain the SPDX AI profile asks for and the MOT's
 * `release.type`. Groups as on the Hub's task pages (huggingface.co/tasks).
 */
const TASK_GROUPS: { domain: string; mot: string; tasks: string[] }[] = [
  {
    domain: 'natural language processing',
    mot: 'language',
    tasks: [
      'text-generation',
      'text-classification',
      'token-classification',
      'question-answering',
      'table-question-answering',
      'zero-shot-classification',
      'translation',
      'summarization',
      'fill-mask',
      'sentence-similarity',
      'feature-extraction',
      'text-ranking',
      'text2text-generation',
      'conversational'
    ]
  },
  {
    domain: 'computer vision',
    mot: 'vision',
    tasks: [
      'image-classification',
      'object-detection',
      'image-segmentation',
      'depth-estimation',
      'zero-shot-image-classification',
      'zero-shot-object-detection',
      'mask-generation',
      'keypoint-detection',
      'image-feature-extraction',
      'video-classification',
      'unconditional-image-generation',
      'image-to-image',
      'text-to-image',
      'image-to-video',
      'text-to-video',
      'text-to-3d',
      'image-to-3d'
    ]
  },
  {
    domain: 'audio',
    mot: 'audio',
    tasks: [
      'automatic-speech-recognition',
      'audio-classification',
      'text-to-speech',
      'text-to-audio',
      'audio-to-audio',
      'voice-activity-detection'
    ]
  },
  {
    domain: 'multimodal',
    mot: 'multimodal',
    tasks: [
      'image-text-to-text',
      'visual-question-answering',
      'document-question-answering',
      'image-to-text',
      'video-text-to-text',
      'any-to-any',
      'audio-text-to-text',
      'visual-document-retrieval'
    ]
  },
  { domain: 'tabular data', mot: 'other', tasks: ['tabular-classification', 'tabular-regression', 'time-series-forecasting'] },
  { domain: 'reinforcement learning', mot: 'other', tasks: ['reinforcement-learning', 'robotics'] }
];
const MOT_TYPE_BY_TASK: Record<string, string> = {
  'text-to-image': 'image',
  'unconditional-image-generation': 'image',
  'image-to-image': 'image',
  'text-to-video': 'video',
  'image-to-video': 'video',
  'text-to-3d': '3d',
  'image-to-3d': '3d'
};

export function taskDomain(task: string | undefined): string | undefined {
  return task ? TASK_GROUPS.find((g) => g.tasks.includes(task))?.domain : undefined;
}

/** The MOT `release.type` for a task (`code` for code models named by tag). */
export function motType(record: CardRecord | undefined): string | undefined {
  const task = record?.pipelineTag;
  if (record?.tags.some((t) => t.toLowerCase() === 'code')) return 'code';
  if (!task) return undefined;
  return MOT_TYPE_BY_TASK[task] ?? TASK_GROUPS.find((g) => g.tasks.includes(task))?.mot ?? 'other';
}

/** Artefact keys in the contract's order, others after them alphabetically. */
export function artefactKeys(card: CardReport): string[] {
  const keys = Object.keys(card.artefactDetails ?? {});
  const known = ARTEFACT_KEYS.filter((k) => keys.includes(k)) as string[];
  return [...known, ...keys.filter((k) => !(ARTEFACT_KEYS as readonly string[]).includes(k)).sort()];
}

export const DATA_ARTEFACTS: ReadonlySet<string> = new Set(['training_data', 'evaluation_data']);
export const CODE_ARTEFACTS: ReadonlySet<string> = new Set([
  'architecture',
  'training_code',
  'inference_code',
  'evaluation_code',
  'data_preprocessing'
]);
export const DOCUMENT_ARTEFACTS: ReadonlySet<string> = new Set(['technical_report', 'data_documentation']);

/** The tool, as records name their producer. */
export const RECORD_TOOL = { name: TOOL.name, version: TOOL.version, url: TOOL.informationUri };
