// Conversion between stored rows and Paper values.
import type { Paper, SourceName } from '../core/paper.js';
import type { PapersTable } from './schema.js';

function parseList(text: string): string[] {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}

export function paperFromRow(row: PapersTable): Paper {
  return {
    id: row.id,
    title: row.title,
    abstract: row.abstract,
    authors: parseList(row.authors),
    organization: row.organization,
    organizationName: row.organization_name,
    publishedAt: row.published_at,
    dailyDate: row.daily_date,
    upvotes: row.upvotes,
    numComments: row.num_comments,
    githubRepo: row.github_repo,
    githubStars: row.github_stars,
    projectPage: row.project_page,
    aiSummary: row.ai_summary,
    aiKeywords: parseList(row.ai_keywords),
    categories: parseList(row.categories),
    thumbnail: row.thumbnail,
    sources: parseList(row.sources).filter((s): s is SourceName => s === 'hf' || s === 'arxiv'),
    firstSeenAt: row.first_seen_at,
    updatedAt: row.updated_at,
  };
}

export function rowFromPaper(paper: Paper, docId: number): PapersTable {
  return {
    doc_id: docId,
    id: paper.id,
    title: paper.title,
    abstract: paper.abstract,
    authors: JSON.stringify(paper.authors),
    organization: paper.organization,
    organization_name: paper.organizationName,
    published_at: paper.publishedAt,
    daily_date: paper.dailyDate,
    upvotes: paper.upvotes,
    num_comments: paper.numComments,
    github_repo: paper.githubRepo,
    github_stars: paper.githubStars,
    project_page: paper.projectPage,
    ai_summary: paper.aiSummary,
    ai_keywords: JSON.stringify(paper.aiKeywords),
    categories: JSON.stringify(paper.categories),
    thumbnail: paper.thumbnail,
    sources: JSON.stringify(paper.sources),
    first_seen_at: paper.firstSeenAt,
    updated_at: paper.updatedAt,
  };
}
