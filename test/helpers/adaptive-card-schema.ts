import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json';
import schema from '../fixtures/schemas/adaptive-card-1.5.json';

// The saved Adaptive Card 1.5 schema declares draft-06 but names itself with draft-04's root `id`, which Ajv 8
// refuses; renaming that one key to `$id` keeps every rule. Strict mode would also reject its `version` notes.
const { id: schemaId, ...schemaBody } = schema;
const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addMetaSchema(draft06);
addFormats(ajv);

/** The Adaptive Card 1.5 JSON schema, compiled once. */
export const validateAdaptiveCard = ajv.compile({ $id: schemaId, ...schemaBody });

/** The schema errors of a card, [] when it is valid. */
export function cardSchemaErrors(card: unknown): unknown[] {
  return validateAdaptiveCard(card) ? [] : [...(validateAdaptiveCard.errors ?? [])];
}
