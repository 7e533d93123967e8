/**
 * Where the pinned upstream CRDs are and what SOURCES.md says of them: shared by the scripts that derive
 * imports/ and schemas/ from them.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

/** The project root. */
export const ROOT = path.resolve(__dirname, '..');

/** The pinned CRDs: ../shared/crds beside the project, or `CDK8S_AI_GATEWAY_CRDS`. */
export const CRDS_DIR = path.resolve(process.env.CDK8S_AI_GATEWAY_CRDS ?? path.join(ROOT, '..', 'shared', 'crds'));

/** One row of SOURCES.md. */
export interface UpstreamSource {
  readonly repository: string;
  readonly tag: string;
  readonly path: string;
}

/** Fails clearly when the pinned CRDs are not where they should be. */
export function requireCrdsDir(): void {
  if (!fs.existsSync(CRDS_DIR)) {
    throw new Error(`pinned CRDs not found at ${CRDS_DIR}: clone the project beside shared/, or set CDK8S_AI_GATEWAY_CRDS`);
  }
}

/** Reads the table of ../shared/crds/SOURCES.md: folder → upstream repository, tag and path. */
export function readUpstreamSources(): Map<string, UpstreamSource> {
  const result = new Map<string, UpstreamSource>();
  for (const line of fs.readFileSync(path.join(CRDS_DIR, 'SOURCES.md'), 'utf8').split('\n')) {
    const cells = line.split('|').map(c => c.trim());
    // | folder | upstream repository | tag | upstream path |
    if (cells.length < 6 || cells[1] === 'folder' || cells[1].startsWith('---')) continue;
    result.set(cells[1], { repository: cells[2], tag: cells[3], path: cells[4] });
  }
  return result;
}

/** The sha256 of a file's bytes, hex. */
export function sha256File(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}
