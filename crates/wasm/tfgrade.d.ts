/* The shapes of what `Workspace` takes and returns (report schema_version 5).
   Positions: `line` and `column` are 1-based, `column` counts Unicode characters,
   `column_utf16` counts UTF-16 code units (what a browser editor's selection uses),
   `end_line`/`end_column` are exclusive, `start`/`end` are byte offsets in the file. */

export interface WorkspaceOptions {
  /** Inputs larger than this (all files together) are refused with an error; default 50 MB. */
  maxInputBytes?: number;
  /** Checks to run: codes (`TFG201`), code prefixes (`TFG2`), names or families; default all. */
  select?: string[];
  /** Checks not to run, in the same forms; applied after `select`. */
  ignore?: string[];
}

/** One named file: give `text`, or `bytes` for a file not yet decoded. */
export interface FileInput {
  path: string;
  text?: string;
  bytes?: Uint8Array;
}

export interface FixOptions {
  /** Apply unsafe fixes too (the ideal response); default false: safe fixes only. */
  unsafe?: boolean;
  /** File name of pasted text; default `response.md` for markdown, else `main.tf`. */
  name?: string;
}

/** What `loadSchema` read: the AWS provider schema the validity checks (TFG7xx) use. */
export interface SchemaInfo {
  version: string;
  resourceTypes: number;
  dataSourceTypes: number;
}

export type Severity = "critical" | "high" | "medium" | "low" | "info";
export type Family =
  | "state-locking"
  | "network-exposure"
  | "tests"
  | "naming"
  | "documentation"
  | "security"
  | "validity";
export type Category = "A" | "B" | "C";
export type Applicability = "safe" | "unsafe" | "display-only";
export type Role = "terraform" | "response" | "test" | "doc" | "metadata" | "outputs" | "other";

export interface Location {
  line: number;
  column: number;
  end_line: number;
  end_column: number;
  column_utf16: number;
  end_column_utf16: number;
  start: number;
  end: number;
}

export interface Finding extends Location {
  code: string;
  name: string;
  family: Family;
  severity: Severity;
  category: Category;
  /** The file the user gave. */
  file: string;
  /** The virtual file (`lib/main.tf`) when the finding is in a markdown code block. */
  virtual_file: string | null;
  /** Terraform address of the resource the evidence belongs to. */
  resource: string | null;
  message: string;
  /** The span holds a secret: show it masked, never as written (messages are masked already). */
  evidence_is_secret: boolean;
  /** Where the judged value came from, one step per entry. */
  trace: string[];
  /** The finding says that a value could not be known. */
  unknown: boolean;
  fix: Fix | null;
  alternatives: Advice[];
  /** The reason of a `# tfgrade:ignore` comment; a suppressed finding does not count. */
  suppressed: string | null;
  /**
   * When the finding stands for several instances of a `count` / `for_each` block (then
   * `resource` is the block): their keys, such as `["api"]` or `[0]`. Empty otherwise.
   */
  instances: string[];
  /**
   * Other locations of the same root cause: the same code shown again (IDEAL_RESPONSE.md
   * presenting lib/ files), each with why it is related. Empty otherwise.
   */
  related: Related[];
}

export interface Related extends Location {
  file: string;
  virtual_file: string | null;
  /** Why the location is related. */
  message: string;
}

export interface Fix {
  title: string;
  applicability: Applicability;
  note: string | null;
  edits: Edit[];
}

export interface Edit extends Location {
  file: string;
  replacement: string;
}

export interface Advice {
  title: string;
  note: string;
  snippet?: string;
}

/** A file, or a part of one, that could not be read or parsed. */
export interface InputError extends Location {
  file: string;
  virtual_file: string | null;
  message: string;
}

export interface FileReport {
  path: string;
  role: Role;
  lines: number;
  virtual_files: string[];
}

export interface ConfigReport {
  name: string;
  files: string[];
  resources: number;
}

export interface Summary {
  files: number;
  /** Findings that count (not suppressed). */
  findings: number;
  by_severity: Record<Severity, number>;
  suppressed: number;
  unknowns: number;
  errors: number;
  fixable: number;
}

/** For a task bundle: an AWS service family its Terraform creates, and the tests covering it. */
export interface CoverageRow {
  family: string;
  resource_types: string[];
  /** Empty when no test covers the family. */
  covered_by: CoveredBy[];
}

export interface CoveredBy {
  file: string;
  virtual_file: string | null;
  line: number;
  how: string;
}

/** What a claim of MODEL_FAILURES.md says happened. */
export type Expectation = "fixed" | "holds" | "still-open" | { unchanged: { already: boolean } };

export type Verdict = "verified" | "contradicted" | "partly" | "unfounded" | "not-checkable";

/** One claim of MODEL_FAILURES.md, judged by the findings on the model response and the ideal. */
export interface ClaimRow {
  number: string;
  title: string;
  line: number;
  text: string;
  expectation: Expectation;
  codes: string[];
  /** Requirements of PROMPT.md the claim is judged by, compared with the configurations. */
  requirements: Requirement[];
  /** What the claim speaks of that no check reads ("outputs"); a claimed fix's category comes from it. */
  topics: string[];
  verdict: Verdict;
  evidence: string;
}

/** A requirement of PROMPT.md a claim can speak of. */
export type Requirement = "services" | "region";

/** Which side of the pair a configuration is on. */
export type Side = "model" | "ideal" | "other";

/** The resources of a requested service in one configuration. */
export interface ServicePresence {
  /** `lib`, `lib/MODEL_RESPONSE.md`. */
  configuration: string;
  present: boolean;
  /** Addresses of its managed resources. */
  resources: string[];
}

export interface ServiceRequirement {
  service: string;
  /** The service's family, as the coverage map names it (`vpc` is `ec2`). */
  family: string;
  /** Every family whose resources provide the service. */
  families: string[];
  sentence: string;
  line: number;
  /** null when the bundle has no model response configuration. */
  model: ServicePresence | null;
  /** The ideal's configuration (lib/ first); null when there is none. */
  ideal: ServicePresence | null;
}

/** The provider region one configuration sets, against the required one. */
export interface ProviderRegion {
  side: Side;
  configuration: string;
  region: string | null;
  /** Where the value came from: "`var.aws_region` (default)". */
  via: string | null;
  /** Why the region is not known. */
  unknown: string | null;
  /** null when no region is required or the region is not known. */
  matches: boolean | null;
}

export interface RegionRequirement {
  /** The first region the prompt requires. */
  region: string;
  /** Every region it requires (a multi-region prompt names several), the first first. */
  regions: string[];
  sentence: string;
  line: number;
}

/** What PROMPT.md asks for. */
export interface PromptReport {
  file: string;
  services: ServiceRequirement[];
  region: RegionRequirement | null;
  provider_region: string | null;
  note: string | null;
  /** The model response's configuration first, then the ideal's (lib/ first). */
  provider_regions: ProviderRegion[];
}

/** metadata.json, read leniently; `raw` keeps every field. */
export interface MetadataReport {
  file: string;
  platform: string | null;
  language: string | null;
  complexity: string | null;
  training_quality: number | null;
  raw: unknown;
}

export interface Report {
  schema_version: number;
  /** `provider_schema`: the AWS provider schema version the validity checks used; null when none was loaded. */
  tool: { name: string; version: string; provider_schema: string | null };
  files: FileReport[];
  configurations: ConfigReport[];
  findings: Finding[];
  errors: InputError[];
  summary: Summary;
  /** Bundles only; empty otherwise. */
  coverage: CoverageRow[];
  /** Bundles only; empty otherwise. */
  claims: ClaimRow[];
  prompt: PromptReport | null;
  metadata: MetadataReport | null;
  /** Bundles with a model response and an ideal: each finding fixed, kept or introduced. */
  pair: PairReport | null;
  /** The training-value rating of the pair (RUBRIC.md 4), every step with its reason. */
  rating: Rating | null;
}

export type PairStatus = "fixed" | "kept" | "introduced";

export interface Place {
  file: string;
  line: number;
}

export interface PairFinding {
  code: string;
  status: PairStatus;
  /** The resource address without instance keys. */
  resource: string | null;
  message: string;
  model: Place | null;
  ideal: Place | null;
}

export interface CheckOutcome {
  code: string;
  model: number;
  ideal: number;
  fixed: number;
  kept: number;
  introduced: number;
}

export interface PairReport {
  /** The model response's configuration. */
  model: string;
  /** The ideal's configurations: lib/ and its modules, or IDEAL_RESPONSE.md without lib/. */
  ideal: string[];
  findings: PairFinding[];
  checks: CheckOutcome[];
  resources_added: string[];
  resources_removed: string[];
  services_added: string[];
  services_removed: string[];
}

export interface Evidence {
  file: string;
  /** 1-based; 0 when the evidence is the file as a whole. */
  line: number;
  text: string;
}

export type FixSource =
  | { kind: "check"; code: string }
  | { kind: "architecture"; service: string }
  | { kind: "claim"; number: string };

export interface RatedFix {
  category: Category;
  source: FixSource;
  title: string;
  evidence: Evidence[];
}

export type StepKind =
  | "blocker"
  | "base"
  | "fixes"
  | "no-fix-cap"
  | "complexity"
  | "single-service"
  | "clamp";

export interface Step {
  kind: StepKind;
  /** Points added; for a blocker, base or cap, the score it sets. */
  points: number;
  /** The running score after this step. */
  score: number;
  reason: string;
  evidence: Evidence[];
}

export interface Rating {
  /** 0 to 10. */
  score: number;
  /** 8 or more. */
  pass: boolean;
  /** The ideal is the response with every automatic fix applied: an estimate. */
  estimate: boolean;
  steps: Step[];
  fixes: RatedFix[];
  /** When failing: what would raise the score to a pass. */
  to_pass: string[];
  reviewer: { score: number; difference: number; explanation: string } | null;
  /** What the ideal introduces: warnings that need review; they do not change the score. */
  regressions: Evidence[];
  gap: { a: number; b: number; c: number; checks_resolved: number; findings_fixed: number };
}

export interface FixedFile {
  path: string;
  original: string;
  fixed: string;
}

export interface FixResult {
  /** Only the files that changed. */
  files: FixedFile[];
  /** Codes of the fixes applied, over all passes. */
  applied: string[];
  passes: number;
  /** Files whose fixes were not applied because the fixed text would not parse. */
  withheld: string[];
}

export interface CheckDocs {
  what: string;
  why: string;
  example: string;
  use_instead: string;
  fix: string;
  /** What the check cannot know or deliberately leaves out; empty when there is none. */
  limitations: string;
}

export interface Check {
  code: string;
  name: string;
  family: Family;
  severity: Severity;
  category: Category;
  fix: "none" | "sometimes" | "always";
  /** Its evidence is a secret: a finding's span must be masked wherever source text is shown. */
  evidence_is_secret: boolean;
  docs: CheckDocs;
}
