/**
 * The fixed identities of the sandbox world. The simulator seeds Azure with them, the playground config
 * (.m365agentsplayground.yml) names the same tenant and users, and config.ts uses them as sandbox defaults.
 */
export const SANDBOX_SUBSCRIPTION_ID = '11111111-1111-1111-1111-111111111111';
export const SANDBOX_TENANT_ID = '22222222-2222-2222-2222-222222222222';
/** Avery Approver: in APPROVER_IDS by default in the sandbox. */
export const SANDBOX_APPROVER_ID = '33333333-3333-3333-3333-333333333333';
/** Riley Requester: a data engineer who may ask, but not approve. */
export const SANDBOX_REQUESTER_ID = '44444444-4444-4444-4444-444444444444';
