import type { Activity } from 'botbuilder';

/**
 * A bot activity as readable text, for table assertions: message text, or a card's texts, facts ("title: value"),
 * inputs ("<label>") and buttons ("[title]"). Markdown escapes are removed so names read as they are.
 */
export function describeActivity(activity: Partial<Activity>): string {
  if (activity.type === 'invokeResponse') {
    const body = (activity.value as { body?: { type?: string; value?: unknown } } | undefined)?.body;
    if (typeof body?.value === 'string') return body.value;
    return describeCard(body?.value);
  }
  const parts: string[] = [];
  if (activity.text) parts.push(activity.text);
  for (const attachment of activity.attachments ?? []) parts.push(describeCard(attachment.content));
  return parts.join(' | ');
}

export function describeCard(card: unknown): string {
  const out: string[] = [];
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (node === null || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    const type = n['type'];
    if ((type === 'TextBlock' || type === 'TextRun') && typeof n['text'] === 'string') out.push(n['text']);
    if (type === 'FactSet' && Array.isArray(n['facts'])) {
      for (const f of n['facts'] as Array<{ title?: string; value?: string }>)
        out.push(`${f.title}: ${f.value}`);
    }
    if (typeof type === 'string' && type.startsWith('Input.')) {
      const value =
        typeof n['value'] === 'string' && n['value'] && type === 'Input.Text' ? `: ${n['value']}` : '';
      out.push(`<${String(n['label'] ?? n['id'])}${value}>`);
    }
    if (type === 'Input.ChoiceSet' && Array.isArray(n['choices'])) {
      out.push((n['choices'] as Array<{ title?: string }>).map((c) => `(${c.title})`).join(' '));
    }
    if (typeof type === 'string' && type.startsWith('Action.')) out.push(`[${String(n['title'])}]`);
    for (const [key, child] of Object.entries(n)) if (key !== 'data') visit(child);
  };
  visit(card);
  return out.join(' | ').replace(/\\([\\`*_[\]~<>#+\-.)])/g, '$1');
}
