import type { ArmDataFactory } from './arm-datafactory';
import { armCall, armFind } from './arm-errors';
import type { LinkedServiceSummary, PostgresLinkedServiceSpec } from './gateway';
import { postgresLinkedServiceProperties, toLinkedServiceSummary } from './linked-service-body';
import { captureRawJson } from './raw-json';
import type { FactoryRef } from '../domain/resource-ids';

/** Data Factory linked services, read from Azure's raw JSON so the v2 connector's fields survive SDK 12. */
export class ArmLinkedServices {
  constructor(private readonly dataFactory: ArmDataFactory) {}

  private client(factory: FactoryRef) {
    return this.dataFactory.client(factory);
  }

  async listLinkedServices(factory: FactoryRef): Promise<LinkedServiceSummary[]> {
    // Paging through the SDK would lose v2 fields; each page's raw body is captured instead.
    const client = this.client(factory);
    return armCall('List linked services', async () => {
      const found: LinkedServiceSummary[] = [];
      const raw = captureRawJson();
      const pages = client.linkedServices.listByFactory(factory.resourceGroup, factory.factoryName, {
        onResponse: raw.onResponse,
      });
      for await (const page of pages.byPage()) {
        const values = (raw.json() as { value?: unknown[] } | undefined)?.value ?? [];
        values.forEach((value, i) => found.push(toLinkedServiceSummary(value, page[i]?.name ?? '')));
      }
      return found;
    });
  }

  async getLinkedService(factory: FactoryRef, name: string): Promise<LinkedServiceSummary | undefined> {
    const raw = captureRawJson();
    const found = await armFind('Get linked service', () =>
      this.client(factory).linkedServices.get(factory.resourceGroup, factory.factoryName, name, {
        onResponse: raw.onResponse,
      }),
    );
    return found ? toLinkedServiceSummary(raw.json(), name) : undefined;
  }

  async createPostgresLinkedService(
    factory: FactoryRef,
    spec: PostgresLinkedServiceSpec,
  ): Promise<LinkedServiceSummary> {
    const raw = captureRawJson();
    // The v2 body is not in SDK 12's model: it goes through as raw properties (see linked-service-body.ts).
    const properties = postgresLinkedServiceProperties(spec) as never;
    await armCall('Create linked service', () =>
      this.client(factory).linkedServices.createOrUpdate(
        factory.resourceGroup,
        factory.factoryName,
        spec.name,
        { properties },
        {
          onResponse: raw.onResponse,
        },
      ),
    );
    return toLinkedServiceSummary(raw.json(), spec.name);
  }

  async datasetsUsing(factory: FactoryRef, linkedService: string): Promise<string[]> {
    const client = this.client(factory);
    return armCall('List datasets', async () => {
      const using: string[] = [];
      const wanted = linkedService.toLowerCase();
      for await (const dataset of client.datasets.listByFactory(factory.resourceGroup, factory.factoryName)) {
        const reference = dataset.properties.linkedServiceName?.referenceName ?? '';
        if (reference.toLowerCase() === wanted && dataset.name) using.push(dataset.name);
      }
      return using;
    });
  }

  async deleteLinkedService(factory: FactoryRef, name: string): Promise<void> {
    await armCall('Delete linked service', () =>
      this.client(factory).linkedServices.delete(factory.resourceGroup, factory.factoryName, name),
    );
  }
}
