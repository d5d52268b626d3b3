import type { RoleDefinitionState } from './authorization-state';

/**
 * The built-in roles the sandbox uses, with their real permissions, copied from the Azure built-in roles reference
 * (MicrosoftDocs/azure-docs; the same JSON is kept in test/fixtures/azure/built-in-roles.json with its sources):
 * Owner and Contributor from articles/role-based-access-control/built-in-roles/privileged.md, Reader from
 * built-in-roles.md, Data Factory Contributor from built-in-roles/analytics.md.
 */
export const BUILT_IN_ROLE_IDS = {
  owner: '8e3af657-a8ff-443c-a75c-2fe8c4bcb635',
  contributor: 'b24988ac-6180-42a0-ab88-20f7382dd24c',
  reader: 'acdd72a7-3385-48ef-bd42-f606fba81ae7',
  dataFactoryContributor: '673868aa-7521-48a0-acc6-0f60742d39f5',
} as const;

const CREATED = '2015-02-02T21:55:09.8806423Z';

function builtIn(
  name: string,
  roleName: string,
  description: string,
  actions: string[],
  notActions: string[] = [],
): RoleDefinitionState {
  return {
    name,
    roleName,
    description,
    type: 'BuiltInRole',
    permissions: [{ actions, notActions, dataActions: [], notDataActions: [] }],
    assignableScopes: ['/'],
    createdOn: CREATED,
    updatedOn: CREATED,
    createdBy: null,
    updatedBy: null,
  };
}

export const BUILT_IN_ROLES: readonly RoleDefinitionState[] = [
  builtIn(
    BUILT_IN_ROLE_IDS.owner,
    'Owner',
    'Grants full access to manage all resources, including the ability to assign roles in Azure RBAC.',
    ['*'],
  ),
  builtIn(
    BUILT_IN_ROLE_IDS.contributor,
    'Contributor',
    'Grants full access to manage all resources, but does not allow you to assign roles in Azure RBAC, manage assignments in Azure Blueprints, or share image galleries.',
    ['*'],
    [
      'Microsoft.Authorization/*/Delete',
      'Microsoft.Authorization/*/Write',
      'Microsoft.Authorization/elevateAccess/Action',
      'Microsoft.Blueprint/blueprintAssignments/write',
      'Microsoft.Blueprint/blueprintAssignments/delete',
      'Microsoft.Compute/galleries/share/action',
      'Microsoft.Purview/consents/write',
      'Microsoft.Purview/consents/delete',
      'Microsoft.Resources/deploymentStacks/manageDenySetting/action',
      'Microsoft.Subscription/cancel/action',
      'Microsoft.Subscription/enable/action',
    ],
  ),
  builtIn(
    BUILT_IN_ROLE_IDS.reader,
    'Reader',
    'View all resources, but does not allow you to make any changes.',
    ['*/read'],
  ),
  builtIn(
    BUILT_IN_ROLE_IDS.dataFactoryContributor,
    'Data Factory Contributor',
    'Create and manage data factories, as well as child resources within them.',
    [
      'Microsoft.Authorization/*/read',
      'Microsoft.DataFactory/dataFactories/*',
      'Microsoft.DataFactory/factories/*',
      'Microsoft.Insights/alertRules/*',
      'Microsoft.ResourceHealth/availabilityStatuses/read',
      'Microsoft.Resources/deployments/*',
      'Microsoft.Resources/subscriptions/resourceGroups/read',
      'Microsoft.Support/*',
      'Microsoft.EventGrid/eventSubscriptions/write',
    ],
  ),
];
