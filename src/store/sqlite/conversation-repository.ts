import type { Database, Statement } from 'better-sqlite3';
import type {
  Installation,
  NewInstallation,
  NewPersonalConversation,
  PersonalConversation,
} from '../conversation-records';
import type { ConversationRepository } from '../store';
import { asKind, fromMs, parseReference } from './sql-values';

export interface InstallationRow {
  conversation_id: string;
  kind: string;
  tenant_id: string;
  reference_json: string;
  installed_at: number;
  updated_at: number;
}

export interface PersonalRow {
  aad_object_id: string;
  tenant_id: string;
  reference_json: string;
  updated_at: number;
}

export const INSTALLATION_COLUMNS =
  'conversation_id, kind, tenant_id, reference_json, installed_at, updated_at';

export function toInstallation(row: InstallationRow): Installation {
  return {
    conversationId: row.conversation_id,
    kind: asKind(row.kind),
    tenantId: row.tenant_id,
    reference: parseReference(row.reference_json),
    installedAt: fromMs(row.installed_at),
    updatedAt: fromMs(row.updated_at),
  };
}

export function toPersonalConversation(row: PersonalRow): PersonalConversation {
  return {
    aadObjectId: row.aad_object_id,
    tenantId: row.tenant_id,
    reference: parseReference(row.reference_json),
    updatedAt: fromMs(row.updated_at),
  };
}

/** Installations (per conversation) and personal chats (per user): the addresses for proactive messages. */
export class SqliteConversationRepository implements ConversationRepository {
  private readonly upsertInstallation: Statement<[string, string, string, string, number, number]>;
  private readonly selectInstallation: Statement<[string], InstallationRow>;
  private readonly selectInstallations: Statement<[], InstallationRow>;
  private readonly deleteInstallation: Statement<[string]>;
  private readonly upsertPersonal: Statement<[string, string, string, number]>;
  private readonly selectPersonal: Statement<[string], PersonalRow>;
  private readonly deletePersonal: Statement<[string]>;

  constructor(
    db: Database,
    private readonly now: () => Date,
  ) {
    this.upsertInstallation = db.prepare(`INSERT INTO installations (${INSTALLATION_COLUMNS})
      VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (conversation_id) DO UPDATE SET kind = excluded.kind, tenant_id = excluded.tenant_id,
        reference_json = excluded.reference_json, updated_at = excluded.updated_at`);
    this.selectInstallation = db.prepare(
      `SELECT ${INSTALLATION_COLUMNS} FROM installations WHERE conversation_id = ?`,
    );
    this.selectInstallations = db.prepare(
      `SELECT ${INSTALLATION_COLUMNS} FROM installations ORDER BY installed_at, conversation_id`,
    );
    this.deleteInstallation = db.prepare('DELETE FROM installations WHERE conversation_id = ?');
    this.upsertPersonal = db.prepare(`INSERT INTO personal_conversations
      (aad_object_id, tenant_id, reference_json, updated_at) VALUES (?, ?, ?, ?)
      ON CONFLICT (aad_object_id) DO UPDATE SET tenant_id = excluded.tenant_id,
        reference_json = excluded.reference_json, updated_at = excluded.updated_at`);
    this.selectPersonal = db.prepare(
      'SELECT aad_object_id, tenant_id, reference_json, updated_at FROM personal_conversations WHERE aad_object_id = ?',
    );
    this.deletePersonal = db.prepare('DELETE FROM personal_conversations WHERE aad_object_id = ?');
  }

  async saveInstallation(i: NewInstallation): Promise<void> {
    const now = this.now().getTime();
    this.upsertInstallation.run(i.conversationId, i.kind, i.tenantId, JSON.stringify(i.reference), now, now);
  }

  async getInstallation(conversationId: string): Promise<Installation | undefined> {
    const row = this.selectInstallation.get(conversationId);
    return row ? toInstallation(row) : undefined;
  }

  async removeInstallation(conversationId: string): Promise<boolean> {
    return this.deleteInstallation.run(conversationId).changes > 0;
  }

  async listInstallations(): Promise<Installation[]> {
    return this.selectInstallations.all().map(toInstallation);
  }

  async savePersonalConversation(c: NewPersonalConversation): Promise<void> {
    this.upsertPersonal.run(c.aadObjectId, c.tenantId, JSON.stringify(c.reference), this.now().getTime());
  }

  async getPersonalConversation(aadObjectId: string): Promise<PersonalConversation | undefined> {
    const row = this.selectPersonal.get(aadObjectId);
    return row ? toPersonalConversation(row) : undefined;
  }

  async removePersonalConversation(aadObjectId: string): Promise<boolean> {
    return this.deletePersonal.run(aadObjectId).changes > 0;
  }
}
