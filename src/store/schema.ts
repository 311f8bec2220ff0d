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
}

export interface SearchVocabTable {
  term: string;
  doc_count: number;
}
