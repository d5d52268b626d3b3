/**
 * ARM error responses: `{error: {code, message}}` with the status Azure uses. Handlers throw ArmError; the request
 * handler turns it into the response. The codes are the ones ARM and the resource providers send.
 */
export class ArmError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
    /** Inner errors (`error.details`), as some services (Resource Graph) send them. */
    readonly details?: ReadonlyArray<{ code: string; message: string }>,
  ) {
    super(message);
    this.name = 'ArmError';
  }

  toBody(): { error: { code: string; message: string; details?: Array<{ code: string; message: string }> } } {
    return {
      error: {
        code: this.code,
        message: this.message,
        ...(this.details ? { details: [...this.details] } : {}),
      },
    };
  }
}

export function resourceNotFound(type: string, name: string, resourceGroup: string): ArmError {
  return new ArmError(
    404,
    'ResourceNotFound',
    `The Resource '${type}/${name}' under resource group '${resourceGroup}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
  );
}

export function parentNotFound(parent: string): ArmError {
  return new ArmError(
    404,
    'ParentResourceNotFound',
    `Can not perform requested operation on nested resource. Parent resource '${parent}' not found.`,
  );
}

export function resourceGroupNotFound(name: string): ArmError {
  return new ArmError(404, 'ResourceGroupNotFound', `Resource group '${name}' could not be found.`);
}

export function subscriptionNotFound(id: string): ArmError {
  return new ArmError(404, 'SubscriptionNotFound', `The subscription '${id}' could not be found.`);
}

export function invalidContent(message: string): ArmError {
  return new ArmError(400, 'InvalidRequestContent', message);
}

export function conflict(message: string): ArmError {
  return new ArmError(409, 'Conflict', message);
}

/** Data Factory's answer for a reference to an entity that does not exist (or a delete of a referenced one). */
export function badRequest(message: string): ArmError {
  return new ArmError(400, 'BadRequest', message);
}
