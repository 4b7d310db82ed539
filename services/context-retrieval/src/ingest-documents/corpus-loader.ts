import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { extname, join, relative } from 'node:path';
import type { KnowledgeDocument } from '@andon/contracts';
import {
  classificationToProto,
  contentTypeToProto,
  docTypeToProto,
  statusToProto,
} from '../domain/contract-mapping';
import type { ContentType } from '../domain/knowledge-chunk';
import { MetadataError, parseMetadata, splitFrontMatter, type DocumentMetadata } from './front-matter';

const CONTENT_TYPES: Readonly<Record<string, ContentType>> = {
  '.md': 'markdown',
  '.markdown': 'markdown',
  '.txt': 'text',
  '.html': 'html',
  '.htm': 'html',
  '.pdf': 'pdf',
};

export interface LoadedDocument {
  /** Path relative to the corpus root, used as the source record id. */
  path: string;
  document: KnowledgeDocument;
}

function walk(dir: string, out: string[] = []): string[] {
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) =>
    a.name.localeCompare(b.name),
  )) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path, out);
    else if (CONTENT_TYPES[extname(entry.name).toLowerCase()]) out.push(path);
  }
  return out;
}

export function toKnowledgeDocument(
  meta: DocumentMetadata,
  contentType: ContentType,
  content: Buffer,
  sourceRecordId: string,
): KnowledgeDocument {
  return {
    documentId: meta.id,
    title: meta.title,
    docType: docTypeToProto(meta.type),
    revision: meta.revision,
    status: statusToProto(meta.status),
    effectiveFrom: meta.effective_from,
    effectiveTo: meta.effective_to,
    scope: { site: meta.site, line: meta.line, product: meta.product },
    dataClassification: classificationToProto(meta.classification),
    owner: meta.owner,
    contentType: contentTypeToProto(contentType),
    content,
    publishedAt: meta.effective_from,
    sourceRecordId: meta.source_record_id ?? sourceRecordId,
  };
}

/**
 * Reads one file: Markdown, text and HTML carry YAML front-matter; a PDF carries its
 * metadata in `<file>.meta.yaml` beside it.
 */
export function loadDocumentFile(path: string, root: string): LoadedDocument {
  const rel = relative(root, path).split('\\').join('/');
  const contentType = CONTENT_TYPES[extname(path).toLowerCase()];
  if (!contentType) throw new MetadataError(rel, 'unsupported file type');
  const bytes = readFileSync(path);
  if (contentType === 'pdf') {
    const sidecar = `${path}.meta.yaml`;
    if (!existsSync(sidecar))
      throw new MetadataError(rel, `a PDF needs its metadata in ${relative(root, sidecar)}`);
    return {
      path: rel,
      document: toKnowledgeDocument(parseMetadata(readFileSync(sidecar, 'utf8'), rel), 'pdf', bytes, rel),
    };
  }
  const split = splitFrontMatter(bytes.toString('utf8'));
  if (!split)
    throw new MetadataError(rel, 'missing YAML front-matter (--- ... ---) with the document metadata');
  return {
    path: rel,
    document: toKnowledgeDocument(
      parseMetadata(split.yaml, rel),
      contentType,
      Buffer.from(split.body, 'utf8'),
      rel,
    ),
  };
}

/** Every knowledge file under `root`, in path order. Fails on the first file without valid metadata. */
export function loadCorpus(root: string): LoadedDocument[] {
  if (!existsSync(root)) throw new Error(`knowledge directory ${root} does not exist`);
  return walk(root).map((path) => loadDocumentFile(path, root));
}
