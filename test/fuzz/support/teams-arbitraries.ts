import fc from 'fast-check';
import channelMessage from '../../fixtures/teams/channel-message-watch.json';
import groupChatMessage from '../../fixtures/teams/group-chat-message.json';
import installationUpdate from '../../fixtures/teams/installation-update-team.json';
import invokeApprove from '../../fixtures/teams/invoke-approve.json';
import personalMessage from '../../fixtures/teams/personal-message.json';

/**
 * Activities generated around the real Teams payloads of test/fixtures/teams: each starts from a real shape and
 * either breaks it in one place the schema forbids (invalid: must be a 4xx that changes nothing) or fills it with
 * hostile but well-formed content (valid: may be answered in any way but a 5xx, and writes nothing to Azure).
 */
export type Json = Record<string, unknown>;

const verifyState = { ...invokeApprove, name: 'signin/verifyState', value: { state: '123456' } };
const tokenExchange = {
  ...invokeApprove,
  name: 'signin/tokenExchange',
  value: { id: 'exchange-1', connectionName: 'sandbox-arm', token: 'eyJ.x.y' },
};
const ssoTap = {
  ...invokeApprove,
  value: { ...invokeApprove.value, authentication: { id: 'a', connectionName: 'sandbox-arm', token: 't' } },
};
const MESSAGES = [channelMessage, groupChatMessage, personalMessage] as Json[];
const INVOKES = [invokeApprove, ssoTap, verifyState, tokenExchange] as Json[];
const ALL = [...MESSAGES, ...INVOKES, installationUpdate as Json];

/** The real shapes with the test's connector as serviceUrl (their own, Teams' public host, is not loopback). */
const at = (shapes: Json[], serviceUrl: string): Json[] => shapes.map((s) => ({ ...s, serviceUrl }));

type Kind = 'string' | 'object' | 'array' | 'date' | 'execute' | 'trigger';

/** Values that are not of the kind (a date: also strings that are no date; Action.Execute: any other string). */
const WRONG: Record<Kind, fc.Arbitrary<unknown>> = {
  string: fc.oneof(
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.string(), { maxLength: 2 }),
    fc.object({ maxDepth: 1 }),
  ),
  object: fc.oneof(
    fc.string(),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(fc.integer(), { maxLength: 2 }),
  ),
  array: fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.constant(null), fc.object({ maxDepth: 1 })),
  date: fc.oneof(fc.integer(), fc.constant(null), fc.constantFrom('yesterday', 'not a date', '')),
  execute: fc.oneof(fc.constantFrom('Action.Submit', 'Action.OpenUrl', 'action.execute', ''), fc.integer()),
  trigger: fc.oneof(fc.constantFrom('auto', 'Manual', ''), fc.integer(), fc.constant(null)),
};

/** [shapes, path, kind, required]: where a real shape can be broken. */
const BREAKABLE: Array<[Json[], string[], Kind, boolean]> = [
  [ALL, ['type'], 'string', true],
  [ALL, ['channelId'], 'string', true],
  [ALL, ['serviceUrl'], 'string', true],
  [ALL, ['from'], 'object', true],
  [ALL, ['from', 'id'], 'string', true],
  [ALL, ['recipient'], 'object', true],
  [ALL, ['recipient', 'id'], 'string', true],
  [ALL, ['conversation'], 'object', true],
  [ALL, ['conversation', 'id'], 'string', true],
  [ALL, ['from', 'name'], 'string', false],
  [ALL, ['conversation', 'tenantId'], 'string', false],
  [ALL, ['entities'], 'array', false],
  [ALL, ['timestamp'], 'date', false],
  [MESSAGES, ['text'], 'string', false],
  [MESSAGES, ['attachments'], 'array', false],
  [MESSAGES, ['value'], 'object', false],
  [INVOKES, ['id'], 'string', true],
  [INVOKES, ['name'], 'string', true],
  [INVOKES, ['value'], 'object', true],
  [[invokeApprove, ssoTap], ['value', 'action'], 'object', true],
  [[invokeApprove, ssoTap], ['value', 'action', 'type'], 'execute', true],
  [[invokeApprove, ssoTap], ['value', 'action', 'verb'], 'string', true],
  [[invokeApprove, ssoTap], ['value', 'action', 'data'], 'object', false],
  [[invokeApprove, ssoTap], ['value', 'trigger'], 'trigger', false],
  [[ssoTap], ['value', 'authentication'], 'object', false],
  [[verifyState], ['value', 'state'], 'string', true],
  [[tokenExchange], ['value', 'token'], 'string', true],
];

function withAt(activity: Json, path: string[], replace: (parent: Json, key: string) => void): Json {
  const copy = structuredClone(activity);
  let parent = copy;
  for (const key of path.slice(0, -1)) parent = parent[key] as Json;
  replace(parent, path.at(-1)!);
  return copy;
}

/** A real shape broken in one place: a required field taken out, or a field of the wrong kind. */
export const brokenActivity = (serviceUrl: string): fc.Arbitrary<Json> =>
  fc
    .constantFrom(...BREAKABLE)
    .chain(([shapes, path, kind, required]) =>
      fc
        .tuple(
          fc.constantFrom(...at(shapes, serviceUrl)),
          required ? fc.option(WRONG[kind], { nil: undefined, freq: 4 }) : WRONG[kind],
        )
        .map(([shape, wrong]) =>
          withAt(shape, path, (parent, key) =>
            wrong === undefined ? delete parent[key] : (parent[key] = wrong),
          ),
        ),
    );

/** A real shape whose serviceUrl is off this machine (the sandbox takes loopback only). */
export const foreignServiceUrl: fc.Arbitrary<Json> = fc
  .tuple(fc.constantFrom(...ALL), fc.webUrl())
  .filter(([, url]) => !/^https?:\/\/(localhost|127\.|\[::1\])/.test(url))
  .map(([shape, url]) => ({ ...structuredClone(shape), serviceUrl: url }));

/** An invoke the bot does not handle. */
export const unknownInvoke = (serviceUrl: string): fc.Arbitrary<Json> =>
  fc
    .string({ minLength: 1, maxLength: 40 })
    .filter((name) => !['adaptiveCard/action', 'signin/verifyState', 'signin/tokenExchange'].includes(name))
    .map((name) => ({ ...structuredClone(invokeApprove), serviceUrl, name }));

/** Any text: every code point, controls, NUL, bidi overrides and zero-width characters included. */
const anyText = fc.string({ unit: 'binary', maxLength: 200 });

/** Well-formed messages and taps with hostile content: text, names, card data, verbs, replyToId. */
export const hostileActivity = (serviceUrl: string): fc.Arbitrary<Json> =>
  fc.oneof(
    fc.tuple(fc.constantFrom(...at(MESSAGES, serviceUrl)), anyText, anyText).map(([shape, text, name]) => ({
      ...structuredClone(shape),
      text,
      from: { ...(shape['from'] as Json), name },
    })),
    fc
      .record({
        verb: fc.oneof(fc.constantFrom('approve', 'reject', 'connect.choose', 'connect.create'), fc.string()),
        data: fc.dictionary(
          fc.constantFrom('requestId', 'reason', 'token', 'answer', 'choice', 'password'),
          anyText,
        ),
        replyToId: fc.option(fc.string({ maxLength: 30 }), { nil: undefined }),
        id: fc.uuid(),
      })
      .map(({ verb, data, replyToId, id }) => ({
        ...structuredClone(invokeApprove),
        serviceUrl,
        id: `f:${id}`,
        replyToId,
        value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
      })),
  );
