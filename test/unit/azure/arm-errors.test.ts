import { RestError } from '@azure/core-rest-pipeline';
import { armFind, toAzureError } from '../../../src/azure/arm-errors';

describe('Azure errors become typed errors with stable codes', () => {
  it.each([
    [404, 'ResourceNotFound', 'AZURE_NOT_FOUND'],
    [409, 'Conflict', 'AZURE_CONFLICT'],
    [403, 'AuthorizationFailed', 'AZURE_FORBIDDEN'],
    [429, 'TooManyRequests', 'AZURE_THROTTLED'],
    [400, 'InvalidRequestContent', 'AZURE_BAD_REQUEST'],
    [500, 'InternalServerError', 'AZURE_UNAVAILABLE'],
  ])('HTTP %i %s → %s', (status, azureCode, code) => {
    const error = toAzureError(new RestError('boom', { statusCode: status, code: azureCode }), 'Do thing');
    expect(error.code).toBe(code);
    expect(error.status).toBe(status);
    expect(error.azureCode).toBe(azureCode);
    expect(error.message).toContain('Do thing failed');
  });

  it('a dropped connection is "unavailable"', () => {
    expect(toAzureError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }), 'Get').code).toBe(
      'AZURE_UNAVAILABLE',
    );
  });

  it('armFind turns only a 404 into undefined', async () => {
    await expect(
      armFind('Get', () => Promise.reject(new RestError('gone', { statusCode: 404 }))),
    ).resolves.toBeUndefined();
    await expect(
      armFind('Get', () => Promise.reject(new RestError('no', { statusCode: 403 }))),
    ).rejects.toMatchObject({
      code: 'AZURE_FORBIDDEN',
    });
  });
});
