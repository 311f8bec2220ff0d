// Row types of the tables, as kysely sees them. JSON arrays are stored as text.
import type { Generated } from 'kysely';

export interface PapersTable {
  doc_id: number;
  id: string;
  title: string;
  abstract: string;
  authors: string;
  organization: string | null;
  organization_name: string | null;
  published_at: string | null;
  daily_date: string | null;
  upvotes: number;
  num_comments: number;
  github_repo: string | null;
  github_stars: number | null;
  project_page: string | null;
  ai_summary: string | null;
  ai_keywords: string;
  categories: string;
  thumbnail: string | null;
  sources: string;
  first_seen_at: string;
  updated_at: string;
}

export interface PaperCategoriesTable {
  category: string;
  doc_id: number;
}

export interface IngestRunsTable {
  id: Generated<number>;
  source: string;
  window_start: string;
  window_end: string;
  status: 'running' | 'succeeded' | 'failed';
  started_at: string;
  lease_expires_at: string;
  finished_at: string | null;
  fetched_count: Generated<number>;
  new_count: Generated<number>;
  updated_count: Generated<number>;
  unchanged_count: Generated<number>;
  skipped_count: Generated<number>;
  skipped_samples: Generated<string>;
  error: string | null;
}

export interface DatabaseSchema {
  papers: PapersTable;
  paper_categories: PaperCategoriesTable;
  ingest_runs: IngestRunsTable;
  search_vocab: SearchVocabTable;
  targets: TargetsTable;
  subscriptions: SubscriptionsTable;
  deliveries: DeliveriesTable;
  delivered_papers: DeliveredPapersTable;
  instances: InstancesTable;
}

export interface SearchVocabTable {
  term: string;
  doc_count: number;
}

export interface TargetsTable {
  id: Generated<number>;
  platform: string;
  workspace: string;
  kind: 'channel' | 'user';
  address: string;
  minute_of_day: Generated<number>;
  time_zone: Generated<string>;
  /** JSON array of ISO weekdays. */
  weekdays: Generated<string>;
  digest_size: Generated<number>;
  min_upvotes: Generated<number>;
  empty_day: Generated<'note' | 'silent'>;
  layout: Generated<'messages' | 'thread'>;
  paused: Generated<number>;
  paused_reason: string | null;
  admin_user: string | null;
  next_run_at: string;
  window_start: string | null;
  /** The process building its due digest, until claim_expires_at (see claimDueTargets). */
  claimed_by: string | null;
  claim_expires_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface SubscriptionsTable {
  id: Generated<number>;
  target_id: number;
  query: string;
  query_key: string;
  created_by: string | null;
  created_at: string;
}

export type DeliveryStatus = 'pending' | 'sent' | 'empty' | 'skipped' | 'failed';

export interface DeliveriesTable {
  id: Generated<number>;
  target_id: number;
  digest_date: string;
  scheduled_for: string;
  window_start: string;
  window_end: string;
  status: DeliveryStatus;
  content: Generated<string>;
  /** Sends the platform answered: its failures, and the one that succeeded (a crash is not an attempt). */
  attempts: Generated<number>;
  /** Times the platform was called with it, each written before the call (a call a crash cut short included). */
  calls: Generated<number>;
  lease_owner: string | null;
  lease_expires_at: string | null;
  next_attempt_at: string | null;
  message_ids: Generated<string>;
  error: string | null;
  created_at: string;
  finished_at: string | null;
}

export interface DeliveredPapersTable {
  target_id: number;
  doc_id: number;
  delivery_id: number;
}

export interface SemanticModelsTable {
  version: number;
  dimensions: number;
  /** Papers in the store when the model was fitted. */
  docs_fitted: number;
  created_at: string;
  /** Vocabulary, idf, projection and IVF centroids (src/core/semantic/model-codec.ts). */
  model: Buffer;
}

export interface PaperVectorsTable {
  doc_id: number;
  model_version: number;
  ivf_list: Generated<number>;
  /** int8 components, scale 127. */
  vector: Buffer;
}

/** Papers whose vector is missing or stale, filled by triggers on papers. */
export interface SemanticPendingTable {
  doc_id: number;
}

export interface InstancesTable {
  name: string;
  host: string;
  pid: number;
  started_at: string;
  heartbeat_at: string;
  lease_expires_at: string;
}
