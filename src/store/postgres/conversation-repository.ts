import type {
  Installation,
  NewInstallation,
  NewPersonalConversation,
  PersonalConversation,
} from '../conversation-records';
import type { ConversationRepository } from '../store';
import {
  INSTALLATION_COLUMNS,
  type InstallationRow,
  type PersonalRow,
  toInstallation,
  toPersonalConversation,
} from '../sqlite/conversation-repository';
import type { PgDatabase } from './pg-database';

/** Installations and personal chats on PostgreSQL (same table and rows as SQLite). */
export class PgConversationRepository implements ConversationRepository {
  constructor(
    private readonly db: PgDatabase,
    private readonly now: () => Date,
  ) {}

  async saveInstallation(i: NewInstallation): Promise<void> {
    const now = this.now().getTime();
    await this.db.query(
      `INSERT INTO installations (${INSTALLATION_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (conversation_id) DO UPDATE SET kind = excluded.kind, tenant_id = excluded.tenant_id,
         reference_json = excluded.reference_json, updated_at = excluded.updated_at`,
      [i.conversationId, i.kind, i.tenantId, JSON.stringify(i.reference), now, now],
    );
  }

  async getInstallation(conversationId: string): Promise<Installation | undefined> {
    const { rows } = await this.db.query<InstallationRow>(
      `SELECT ${INSTALLATION_COLUMNS} FROM installations WHERE conversation_id = $1`,
      [conversationId],
    );
    return rows[0] ? toInstallation(rows[0]) : undefined;
  }

  async removeInstallation(conversationId: string): Promise<boolean> {
    const { rowCount } = await this.db.query('DELETE FROM installations WHERE conversation_id = $1', [
      conversationId,
    ]);
    return rowCount > 0;
  }

  async listInstallations(): Promise<Installation[]> {
    const { rows } = await this.db.query<InstallationRow>(
      `SELECT ${INSTALLATION_COLUMNS} FROM installations ORDER BY installed_at, conversation_id`,
    );
    return rows.map(toInstallation);
  }

  async savePersonalConversation(c: NewPersonalConversation): Promise<void> {
    await this.db.query(
      `INSERT INTO personal_conversations (aad_object_id, tenant_id, reference_json, updated_at)
       VALUES ($1, $2, $3, $4)
       ON CONFLICT (aad_object_id) DO UPDATE SET tenant_id = excluded.tenant_id,
         reference_json = excluded.reference_json, updated_at = excluded.updated_at`,
      [c.aadObjectId, c.tenantId, JSON.stringify(c.reference), this.now().getTime()],
    );
  }

  async getPersonalConversation(aadObjectId: string): Promise<PersonalConversation | undefined> {
    const { rows } = await this.db.query<PersonalRow>(
      `SELECT aad_object_id, tenant_id, reference_json, updated_at FROM personal_conversations
       WHERE aad_object_id = $1`,
      [aadObjectId],
    );
    return rows[0] ? toPersonalConversation(rows[0]) : undefined;
  }

  async removePersonalConversation(aadObjectId: string): Promise<boolean> {
    const { rowCount } = await this.db.query('DELETE FROM personal_conversations WHERE aad_object_id = $1', [
      aadObjectId,
    ]);
    return rowCount > 0;
  }
}
