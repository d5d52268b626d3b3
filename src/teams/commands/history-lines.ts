import type { ApprovalRequest } from '../../store/request-records';
import type { AuditEntry } from '../../store/tracking-records';
import { displayName } from '../../text/user-text';

/**
 * One audit entry as a person reads it in `history`: what happened (the outcome), who, about what (server and
 * endpoint names, never an ARM GUID) and why (the reason given in Teams, or the description written in the portal).
 * `request` is the entry's request as stored now, for the names the audit entry does not carry.
 */
export function describeHistoryEntry(entry: AuditEntry, request: ApprovalRequest | undefined): string {
  const who = entry.actor?.name ? displayName(entry.actor.name) : undefined;
  const sentences = [headline(entry, who, request)];
  if (entry.reason) sentences.push(`${reasonLabel(entry)}: “${entry.reason}”.`);
  const note = noteOf(entry);
  if (note) sentences.push(note);
  return sentences.join(' ');
}

/** Why a tap was refused, from the code the refusal was audited with (approval-policy.ts, activity-guard.ts). */
const REFUSALS: Readonly<Record<string, string>> = {
  'self-approval': 'it was their own request',
  'not-approver': 'they are not an approver of this server',
  'azure-refused': 'Azure does not let them',
  'unknown-user': 'Teams did not say who they are',
  tenant: 'they are in another organisation',
  'card-mismatch': 'the card was not the card of this request',
};

function outcomeOf(entry: AuditEntry, who: string | undefined): string {
  const by = who ? ` by ${who}` : '';
  switch (entry.action) {
    case 'approve':
      return `Approved${by}`;
    case 'reject':
      return `Rejected${by}`;
    case 'decided-elsewhere':
      if (entry.stateAfter === 'Approved' || entry.stateAfter === 'Rejected')
        return `${entry.stateAfter} outside Teams`;
      return 'Deleted or replaced outside Teams';
    case 'operation-failed':
      return `Azure did not complete the decision${by}`;
    case 'refused': {
      const [code, rest] = splitDetail(entry.detail);
      const tried = /\b(approve|reject)\b/.exec(rest)?.[1] ?? 'decide';
      const because = REFUSALS[code] ? `, because ${REFUSALS[code]}` : '';
      return `${who ?? 'Someone'} could not ${tried}${because}`;
    }
    default:
      return entry.action;
  }
}

function reasonLabel(entry: AuditEntry): string {
  if (entry.action === 'decided-elsewhere') return 'Description in Azure';
  if (entry.action === 'connect-flow') return 'Result';
  return 'Reason';
}

/** The first sentence: the outcome, then what it is about (the server, and the connection as people name it). */
function headline(entry: AuditEntry, who: string | undefined, request: ApprovalRequest | undefined): string {
  const server = entry.server?.serverName ?? request?.server.serverName ?? 'a server';
  if (entry.action === 'connect-flow') {
    const how = entry.stateAfter === 'cancelled' ? 'was cancelled' : 'ended';
    const what = entry.detail ? ` (${entry.detail})` : '';
    return `${who ?? 'Someone'}'s connection flow to ${server} ${how}${what}.`;
  }
  return `${outcomeOf(entry, who)}: ${server}, ${connectionLabel(entry, request)}.`;
}

/**
 * The connection by the names people know: the Data Factory managed private endpoint it came from, else the
 * private endpoint's name; the connection's own name (often "<endpoint>.<GUID>") without its GUIDs as a last resort.
 */
function connectionLabel(entry: Pick<AuditEntry, 'connectionName'>, request?: ApprovalRequest): string {
  const factory = request?.factoryEndpoint;
  if (factory) return `endpoint ${factory.managedPrivateEndpointName} of ${factory.factoryName}`;
  const endpoint = withoutGuids(request?.privateEndpointId.split('/').filter(Boolean).pop() ?? '');
  if (endpoint) return `private endpoint ${endpoint}`;
  const name = withoutGuids(entry.connectionName ?? request?.connectionName ?? '');
  return name ? `connection ${name}` : 'a connection';
}

const GUID = /[-.]?[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

function withoutGuids(name: string): string {
  return name.replace(GUID, '').replace(/^[-.]+|[-.]+$/g, '');
}

/** The little the reader needs from the entry's detail: a failure's message, or a claim Azure overtook. */
function noteOf(entry: AuditEntry): string | undefined {
  if (entry.action === 'operation-failed' && entry.detail) return shorten(entry.detail);
  if (entry.action === 'decided-elsewhere' && entry.detail?.startsWith('claim by'))
    return `(The decision taken in Teams was not written: ${entry.detail.replace(/^claim by .*? not written: /, '')}.)`;
  return undefined;
}

function splitDetail(detail: string | undefined): [code: string, rest: string] {
  const at = (detail ?? '').indexOf(':');
  return at < 0 ? [detail ?? '', ''] : [detail!.slice(0, at), detail!.slice(at + 1)];
}

function shorten(text: string, max = 200): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
