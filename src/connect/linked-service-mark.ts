import type { Actor } from '../store';

/**
 * How the bot marks a linked service it created: an annotation (Data Factory's tags, shown in Studio), so that later
 * it can say whose it is before offering to replace it. One plain sentence, no token, no secret.
 */
const PREFIX = 'Private Link bot: created for ';
const MARK = /^Private Link bot: created for (.+) \(([0-9a-f-]{36})\) on (\d{4}-\d{2}-\d{2})$/i;

export function markFor(requester: Actor, at: Date): string {
  return `${PREFIX}${requester.name} (${requester.aadObjectId}) on ${at.toISOString().slice(0, 10)}`;
}

export interface Mark {
  forName: string;
  forObjectId: string;
  on: string;
}

export function readMark(annotations: readonly string[]): Mark | undefined {
  for (const annotation of annotations) {
    const m = MARK.exec(annotation);
    if (m) return { forName: m[1]!, forObjectId: m[2]!, on: m[3]! };
  }
  return undefined;
}
