import type { Storage } from 'botbuilder';
import { factoryId, type FactoryRef } from '../../domain/resource-ids';
import type { EndpointRequest, NewEndpointRequest } from '../connect-records';
import type { EndpointRequestRepository } from '../store';
import { DocumentStore } from './document-store';

const PREFIX = 'connect/endpoint-requests/';

/** ARM names compare case-insensitively, so the key is lower-cased. */
function keyOf(factory: FactoryRef, endpointName: string): string {
  return `${PREFIX}${factoryId(factory).toLowerCase()}/managedPrivateEndpoints/${endpointName.toLowerCase()}`;
}

/** Who asked for which managed private endpoint, as documents in the bot-state Storage. */
export class DocumentEndpointRequestRepository implements EndpointRequestRepository {
  private readonly docs: DocumentStore;

  constructor(
    storage: Storage,
    private readonly now: () => Date,
  ) {
    this.docs = new DocumentStore(storage);
  }

  async record(request: NewEndpointRequest): Promise<void> {
    const doc = { ...request, requestedAt: this.now().toISOString() };
    await this.docs.update(keyOf(request.factory, request.endpointName), () => ({
      next: doc,
      result: undefined,
    }));
  }

  async find(factory: FactoryRef, endpointName: string): Promise<EndpointRequest | undefined> {
    const doc = await this.docs.get(keyOf(factory, endpointName));
    if (!doc || typeof doc['requestedAt'] !== 'string' || typeof doc['endpointName'] !== 'string')
      return undefined;
    return { ...(doc as unknown as EndpointRequest), requestedAt: new Date(doc['requestedAt']) };
  }
}
