import type { TokenCredential } from '@azure/core-auth';
import { DataFactoryManagementClient } from '@azure/arm-datafactory';
import { PostgreSQLManagementFlexibleServerClient } from '@azure/arm-postgresql-flexible';
import { ResourceGraphClient } from '@azure/arm-resourcegraph';
import { ArmReadMeter } from './arm-read-meter';

export interface RetrySettings {
  maxRetries?: number;
  retryDelayInMs?: number;
  maxRetryDelayInMs?: number;
}

export interface ArmClientSettings {
  credential: TokenCredential;
  /** ARM base URL; undefined means public Azure (https://management.azure.com). */
  endpoint?: string;
  /** Extra CA to trust: only the sandbox's self-signed certificate; real Azure uses the public CAs. */
  caPem?: string;
  retry?: RetrySettings;
}

/**
 * One SDK client per subscription and service, built lazily and reused: the clients are stateless apart from
 * their pipeline, and building one per call would redo token caching.
 */
export class ArmClients {
  private readonly dataFactory = new Map<string, DataFactoryManagementClient>();
  private readonly postgres = new Map<string, PostgreSQLManagementFlexibleServerClient>();
  /** Every read these clients send passes through it (raw requests too: they use the clients' pipelines). */
  readonly readMeter = new ArmReadMeter();
  private graph: ResourceGraphClient | undefined;

  constructor(private readonly settings: ArmClientSettings) {}

  dataFactoryFor(subscriptionId: string): DataFactoryManagementClient {
    let client = this.dataFactory.get(subscriptionId);
    if (!client) {
      client = new DataFactoryManagementClient(this.settings.credential, subscriptionId, this.options());
      this.dataFactory.set(subscriptionId, client);
    }
    return client;
  }

  postgresFor(subscriptionId: string): PostgreSQLManagementFlexibleServerClient {
    let client = this.postgres.get(subscriptionId);
    if (!client) {
      client = new PostgreSQLManagementFlexibleServerClient(
        this.settings.credential,
        subscriptionId,
        this.options(),
      );
      this.postgres.set(subscriptionId, client);
    }
    return client;
  }

  /**
   * Azure Resource Graph's client (tenant-level, not per subscription). Its queries are not ARM subscription reads,
   * so they pass outside the read meter.
   */
  resourceGraph(): ResourceGraphClient {
    this.graph ??= new ResourceGraphClient(this.settings.credential, {
      ...this.options({ meterReads: false }),
      // This client asks for management.azure.com's audience whatever its endpoint (the ARM SDK clients derive it
      // from the endpoint): a sovereign cloud's ARM (AZURE_ARM_ENDPOINT) needs a token for itself.
      credentials: { scopes: [`${this.baseUrl}/.default`] },
    });
    return this.graph;
  }

  /** The base URL raw requests (operations SDK 12 does not model) are sent to. */
  get baseUrl(): string {
    return (this.settings.endpoint ?? 'https://management.azure.com').replace(/\/+$/, '');
  }

  private options({ meterReads = true } = {}) {
    return {
      ...(this.settings.endpoint ? { endpoint: this.settings.endpoint } : {}),
      ...(this.settings.caPem ? { tlsOptions: tlsOptionsTrusting(this.settings.caPem) } : {}),
      ...(this.settings.retry ? { retryOptions: this.settings.retry } : {}),
      userAgentOptions: { userAgentPrefix: 'pl-approval-bot' },
      ...(meterReads
        ? { additionalPolicies: [{ policy: this.readMeter.policy, position: 'perRetry' as const }] }
        : {}),
    };
  }
}

/**
 * One TLS settings object per extra CA, shared by every client. The SDK clients share one HTTP client, which keeps a
 * keep-alive agent per TLS settings object, looked up by identity (ts-http-runtime's nodeHttpClient
 * `cachedHttpsAgents`): a fresh `{ ca }` per client meant a new agent, so a new TLS handshake, for every client, and a
 * person's gateway is built for each tap. Without an extra CA (public Azure) the SDK's own default settings object
 * is shared already.
 */
const tlsOptionsByCa = new Map<string, { ca: string }>();

function tlsOptionsTrusting(caPem: string): { ca: string } {
  let options = tlsOptionsByCa.get(caPem);
  if (!options) {
    options = { ca: caPem };
    tlsOptionsByCa.set(caPem, options);
  }
  return options;
}
