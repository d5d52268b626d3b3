import { z } from 'zod';

/**
 * What Teams (and the Agents Playground) send to /api/messages, as far as the bot and botbuilder read it. Checked
 * before botbuilder sees an activity, so that a malformed one is a 400 with a reason instead of a TypeError deep
 * in a handler. Objects are loose: Teams adds fields over time, and those the bot does not read pass untouched.
 * Sources: the Bot Framework Activity schema (botframework-schema), Teams' activity and invoke references
 * (shared/TEAMS.md), and the real payloads in test/fixtures/teams/.
 */

/** Ids, names and similar short strings; Teams' longest (29:… user ids, thread ids) are a few hundred characters. */
const shortText = z.string().max(1024);
const id = shortText.min(1);

const account = z.looseObject({
  id,
  name: shortText.optional(),
  aadObjectId: shortText.optional(),
  role: shortText.optional(),
});

const conversation = z.looseObject({
  id,
  tenantId: shortText.optional(),
  conversationType: shortText.optional(),
  isGroup: z.boolean().optional(),
  name: shortText.optional(),
});

/** botbuilder turns these into Date objects; a string that is no date would become an Invalid Date. */
const timestamp = z.string().refine((s) => !Number.isNaN(Date.parse(s)), 'not a date');

const jsonObject = z.record(z.string(), z.unknown());

const baseFields = {
  type: id,
  id: id.optional(),
  channelId: id,
  serviceUrl: z.string().min(1).max(2048),
  from: account,
  recipient: account,
  conversation,
  timestamp: timestamp.optional(),
  localTimestamp: timestamp.optional(),
  locale: shortText.optional(),
  localTimezone: shortText.optional(),
  replyToId: shortText.optional(),
  // Teams caps a message at about 28 KB of text; the body limit bounds the rest.
  text: z.string().max(100_000).optional(),
  textFormat: shortText.optional(),
  entities: z
    .array(z.looseObject({ type: shortText }))
    .max(100)
    .optional(),
  attachments: z
    .array(z.looseObject({ contentType: shortText, name: shortText.optional() }))
    .max(50)
    .optional(),
  channelData: z
    .looseObject({ tenant: z.looseObject({ id: shortText }).optional() })
    .optional()
    .nullable(),
  membersAdded: z.array(account).optional(),
  membersRemoved: z.array(account).optional(),
  reactionsAdded: z.array(z.looseObject({ type: shortText })).optional(),
  reactionsRemoved: z.array(z.looseObject({ type: shortText })).optional(),
  action: shortText.optional(),
  name: shortText.optional(),
};

/** Any activity: what every handler may rely on. */
export const activitySchema = z.looseObject(baseFields);

/** A message; `value` is what a card's Action.Submit sends (an object), absent for typed text. */
export const messageSchema = z.looseObject({ ...baseFields, value: jsonObject.optional() });

/** A tap on an Action.Execute (Universal Actions), with the sign-in Teams adds when it resends the tap. */
export const adaptiveCardActionValue = z.looseObject({
  action: z.looseObject({
    type: z.literal('Action.Execute'),
    verb: shortText,
    id: shortText.optional(),
    title: shortText.optional(),
    data: jsonObject.optional(),
  }),
  trigger: z.enum(['manual', 'automatic']).optional(),
  authentication: z
    .looseObject({
      id: shortText.optional(),
      connectionName: shortText.optional(),
      token: z.string().max(16_384).optional(),
    })
    .optional(),
  state: shortText.optional(),
});

/** The invokes the bot handles, each with the value its handler reads. */
export const invokeValues = {
  'adaptiveCard/action': adaptiveCardActionValue,
  'signin/verifyState': z.looseObject({ state: shortText }),
  'signin/tokenExchange': z.looseObject({
    id,
    connectionName: shortText,
    token: z.string().min(1).max(16_384),
  }),
} as const;

export type KnownInvoke = keyof typeof invokeValues;

export function isKnownInvoke(name: string): name is KnownInvoke {
  return Object.hasOwn(invokeValues, name);
}

/** An invoke must carry an id: a redelivery is recognised by it. */
export const invokeSchema = z.looseObject({ ...baseFields, id, name: id, value: z.unknown() });
