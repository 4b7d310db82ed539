import { ResourceTemplate, type McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import type { ReadResourceResult } from '@modelcontextprotocol/sdk/types.js';
import { hasSite } from '@andon/governance/auth';
import type { McpCaller } from '../auth/mcp-auth';
import type { ToolDeps } from '../tools/tool-runner';

interface DocumentJson {
  documentId: string;
  revision: string;
  title: string;
  docType: string;
  status: string;
  effective: boolean;
  effectiveFrom: string;
  effectiveTo: string | null;
  supersededBy: string | null;
  site: string;
  line: string;
  text: string;
  revisions: Array<{ revision: string; status: string; effective: boolean }>;
}

const PROCEDURES = new Set(['sop', 'work_instruction']);

/**
 * SOP and work-instruction revisions as MCP resources, read through context-retrieval's
 * document API with the caller's scope: `andon://documents/{documentId}` is the revision
 * in force today, `andon://documents/{documentId}/revisions/{revision}` one exact
 * revision (a superseded one says so in its metadata and first line).
 */
export function registerDocumentResources(server: McpServer, deps: ToolDeps, caller: McpCaller): void {
  const read = async (
    uri: URL,
    documentId: string,
    revision: string | undefined,
  ): Promise<ReadResourceResult> => {
    const token = await deps.tokens.tokenFor(caller);
    const r = await deps.api.document<DocumentJson>(token, documentId, revision);
    if (!r.ok) throw new Error(`${r.code}: ${r.message}`);
    const d = r.body;
    if (!PROCEDURES.has(d.docType))
      throw new Error(`${documentId} is a ${d.docType}, not an SOP or work instruction`);
    if (d.site && !hasSite(caller.principal, d.site))
      throw new Error(`${documentId} belongs to site ${d.site}, outside your sites`);
    const warning =
      d.effective && d.status === 'approved'
        ? ''
        : `NOT IN FORCE (${d.status}${d.supersededBy ? `, superseded by revision ${d.supersededBy}` : ''}): do not use for operation.\n\n`;
    const text = deps.redactResults
      ? deps.untrusted.redact(d.site || caller.principal.sites[0], d.text).value
      : d.text;
    return {
      contents: [
        {
          uri: uri.href,
          mimeType: 'text/markdown',
          text: `${warning}# ${d.title} (${d.documentId}, revision ${d.revision})\n\n${text}`,
          _meta: {
            documentId: d.documentId,
            revision: d.revision,
            status: d.status,
            effective: d.effective,
            effectiveFrom: d.effectiveFrom,
            effectiveTo: d.effectiveTo,
            supersededBy: d.supersededBy,
            revisions: d.revisions,
          },
        },
      ],
    };
  };

  server.registerResource(
    'procedure',
    new ResourceTemplate('andon://documents/{documentId}', { list: undefined }),
    {
      title: 'Procedure in force',
      description: 'The approved revision of an SOP or work instruction in force today',
      mimeType: 'text/markdown',
    },
    (uri, vars) => read(uri, String(vars['documentId']), undefined),
  );
  server.registerResource(
    'procedure-revision',
    new ResourceTemplate('andon://documents/{documentId}/revisions/{revision}', { list: undefined }),
    {
      title: 'Procedure revision',
      description: 'One exact revision of an SOP or work instruction, with its status',
      mimeType: 'text/markdown',
    },
    (uri, vars) => read(uri, String(vars['documentId']), String(vars['revision'])),
  );
}
