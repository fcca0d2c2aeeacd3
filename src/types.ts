/**
 * The shared vocabulary of the gate: cards, findings, policy, rules and the report.
 * Everything here is plain data so the engine stays pure and every reporter reads the same shapes.
 */

export type Severity = 'error' | 'warning' | 'notice';
export type SeveritySetting = Severity | 'off';
export type FailOn = 'error' | 'warning' | 'never';

/** Access tiers, most closed first (contract 1.2, `access-widened`). */
export const ACCESS_TIERS = ['closed', 'research-only', 'api-only', 'gated', 'staged', 'open'] as const;
export type AccessTier = (typeof ACCESS_TIERS)[number];

export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** Artefact keys of `release.artefacts` (contract 1.1). */
export const ARTEFACT_KEYS = [
  'weights',
  'intermediate_checkpoints',
  'initial_weights',
  'architecture',
  'training_code',
  'inference_code',
  'evaluation_code',
  'training_data',
  'data_preprocessing',
  'data_documentation',
  'evaluation_data',
  'hyperparameters',
  'prompts',
  'technical_report'
] as const;
export type ArtefactKey = (typeof ARTEFACT_KEYS)[number];
export const DEFAULT_REQUIRED_ARTEFACTS: ArtefactKey[] = ['weights', 'training_code', 'inference_code', 'training_data', 'hyperparameters'];
export type ArtefactStatus = 'released' | 'withheld' | 'not-applicable';

/** 1-based line and column in the card file as stored (BOM and CRLF do not shift them). */
export interface Position {
  line: number;
  column: number;
  endLine?: number;
  endColumn?: number;
}

/**
 * A fix (contract 1.6): replace lines `line`..`endLine` (1-based, inclusive) with `text`;
 * `endLine` = `line` - 1 inserts before `line`. Computed from YAML positions, never by searching text.
 */
export interface Fix {
  line: number;
  endLine: number;
  text: string;
}

export interface Finding extends Position {
  rule: string;
  severity: Severity;
  /** One sentence, at most about 160 characters: what is wrong and how to mend it. */
  message: string;
  /** The longer why (clauses, duties, what a class lacks); markdown-safe text. */
  detail?: string;
  fix?: Fix;
  /** Set when a policy waiver matched: reported, but not counted towards the verdict. */
  waived?: { reason: string; expires?: string };
}

export type CardFormat = 'markdown' | 'yaml' | 'json';
export type PathSegment = string | number;

/** A problem met while reading or parsing a card; the `card-parse` rule reports these. */
export interface ParseProblem extends Position {
  message: string;
}

/** A model card after reading and parsing; positions are looked up on demand. */
export interface ParsedCard {
  /** Path shown in reports: relative to the working directory or workspace, with `/`. */
  path: string;
  format: CardFormat;
  /** The metadata mapping, or undefined when the card has none or it did not parse. */
  data?: Record<string, unknown>;
  /** Markdown body after the front matter (empty for YAML/JSON cards). */
  body: string;
  /** 1-based line of the file where `body` starts. */
  bodyLine: number;
  /** Number of lines in the file. */
  lineCount: number;
  problems: ParseProblem[];
  /** The card's text as parsed (without a BOM), so rules can build fixes from parser positions. */
  source?: string;
  /**
   * Position of the key (default) or value at `path` in the metadata, or undefined when absent.
   * Comes from the YAML parser's own node ranges.
   */
  locate(path: PathSegment[], part?: 'key' | 'value'): Position | undefined;
}

export interface Waiver {
  rule: string;
  /** A card path or glob, relative like report paths. */
  path: string;
  reason: string;
  /** ISO date (YYYY-MM-DD); the waiver stops applying after this day. */
  expires?: string;
  /** Where the waiver is declared in the policy file (for messages). */
  line?: number;
}

/** The resolved policy the engine works with (defaults applied). */
export interface Policy {
  licences: {
    /** Hub ids, SPDX ids or family names; undefined = anything not denied. */
    allow?: string[];
    deny: string[];
    osiOnly: boolean;
    commercialUseRequired: boolean;
  };
  artefacts: { required: string[] };
  access: {
    allowed?: AccessTier[];
    byRisk: Partial<Record<RiskLevel, AccessTier[]>>;
  };
  rules: Record<string, SeveritySetting>;
  waivers: Waiver[];
  /** The policy file it came from, if any. */
  source?: string;
}

/** What the Hugging Face Hub (or an offline table) says about a model, gathered at the edge. */
export interface ModelFacts {
  id: string;
  license?: string;
  licenseName?: string;
  gated?: false | 'auto' | 'manual';
  baseModels?: string[];
  relation?: string;
  /** Where the facts came from: 'hub' or 'offline-table'. */
  source: 'hub' | 'offline-table';
  /** Lookup failed; the message says why. */
  error?: string;
}

export type HubFacts = Map<string, ModelFacts>;

/** Everything a rule may read; `report` records a finding. */
export interface RuleContext {
  card: ParsedCard;
  /** `card.data`, or an empty object when the card has no usable metadata. */
  meta: Record<string, unknown>;
  policy: Policy;
  /** The base branch's version of the card, when known (change rules). */
  base?: ParsedCard;
  /** Facts about base models, datasets' generators etc., gathered before the engine ran. */
  hub: HubFacts;
  /** Today's date (YYYY-MM-DD), passed in so the engine stays deterministic. */
  today: string;
  report(finding: RuleReport): void;
}

export interface RuleReport {
  message: string;
  detail?: string;
  fix?: Fix;
  /** Metadata path of the offending key; missing keys are reported at line 1. */
  path?: PathSegment[];
  part?: 'key' | 'value';
  /** An explicit position (wins over `path`). */
  at?: Position;
  /** At most this severity (a finding built on weaker evidence); never raises the rule's severity. */
  atMost?: Severity;
}

export interface Rule {
  id: string;
  defaultSeverity: Severity;
  /** One sentence starting with Require / Disallow / Report. */
  description: string;
  /** When false, the rule runs even if the card has no metadata (card-parse). Default true. */
  needsMetadata?: boolean;
  check(ctx: RuleContext): void;
}

/** Traffic-light verdict on one use of the model, for the licence summary. */
export type Light = 'green' | 'amber' | 'red' | 'unknown';

export interface LicenceSummary {
  /** The licence as declared (Hub id, SPDX expression or `other:<name>`). */
  declared?: string;
  /** Human name of the resolved licence. */
  name?: string;
  weights: { light: Light; text: string };
  data: { light: Light; text: string };
  outputs: { light: Light; text: string };
  /** Duties a downstream user inherits (notices, naming, flow-down of restrictions). */
  duties: string[];
  /** Licences inherited from base models or datasets, by id. */
  inherited: { from: string; licence: string }[];
  source?: string;
}

export interface OpennessResult {
  class: 'I' | 'II' | 'III' | 'none';
  /** What is missing for the next class up (empty at Class I). */
  missingForNext: string[];
  conditional: string[];
}

/** One stated artefact as the card gives it (for the PR comment's artefacts table). */
export interface ArtefactDetail {
  status: string;
  licence?: string;
  location?: string;
  reason?: string;
}

export interface CardReport {
  path: string;
  licence: string | null;
  access: string | null;
  opennessClass: OpennessResult['class'] | null;
  artefacts: Record<string, string>;
  findings: Finding[];
  licenceSummary?: LicenceSummary;
  openness?: OpennessResult;
  riskLevel?: string | null;
  /** Stated artefacts with their licence, location and reason (added by the cli; optional). */
  artefactDetails?: Record<string, ArtefactDetail>;
  /** The artefacts the policy requires, so reports can show those not stated (optional). */
  requiredArtefacts?: string[];
  /** What the release records (CycloneDX, SPDX, MOT) say beyond the above (contract 1.7; optional). */
  record?: CardRecord;
}

/** A base model, a dataset or a synthetic-data generator the card names, with its licence when known. */
export interface RecordAncestor {
  id: string;
  /** The licence as declared by the ancestor (Hub id, SPDX expression or `other:<name>`). */
  licence?: string;
  /** Where the licence came from: the Hub, the built-in table, or nowhere. */
  licenceSource?: 'hub' | 'offline-table' | 'prose' | 'name' | 'unknown';
  /** `base_model_relation` (adapter, merge, quantized, finetune) or the Hub's relation. */
  relation?: string;
  /** The ids from the card's direct parent down to this one (length 1: a direct parent). */
  path: string[];
  /** For a generator: the dataset it generated. */
  dataset?: string;
}

/** The card facts the release records need (filled by src/report/record-facts.ts). */
export interface CardRecord {
  /** The model's name: `model-index[0].name`, the card's first heading, or its folder's name. */
  name: string;
  pipelineTag?: string;
  libraryName?: string;
  languages: string[];
  tags: string[];
  licenseName?: string;
  licenseLink?: string;
  /** Every licence of a `license` list (all apply); `CardReport.licence` holds only the first. */
  licenceList?: string[];
  baseModels: RecordAncestor[];
  datasets: RecordAncestor[];
  generators: RecordAncestor[];
  accessDetails?: { approval?: string; conditions?: string };
  riskAssessment?: string;
  /** `release.use_restrictions`: a URL or a list of restrictions. */
  useRestrictions: string[];
  /** Hugging Face gating is set up (`extra_gated_*` or `gated`). */
  hubGated: boolean;
  /** `model-index` lists evaluation results (the MOF's "Evaluation results" live in the card). */
  evaluationResultsInCard: boolean;
  /** `model-index` results: metric type, value and the dataset it was measured on (at most 200). */
  metrics: { type: string; value: string; dataset?: string }[];
}

export interface ReportSummary {
  cards: number;
  errors: number;
  warnings: number;
  notices: number;
  waived: number;
}

export interface Report {
  version: 1;
  result: 'pass' | 'fail';
  summary: ReportSummary;
  cards: CardReport[];
  /** Messages about the run itself (hub lookups that failed, expired waivers). */
  notes?: string[];
}
