import { parseCommandText } from '../../../src/teams/command-router';

describe('parseCommandText', () => {
  it.each([
    ['help', { name: 'help', args: '' }],
    ['  HELP  ', { name: 'help', args: '' }],
    ['/status pg-orders', { name: 'status', args: 'pg-orders' }],
    ['History   pg-orders  \n', { name: 'history', args: 'pg-orders' }],
    ['<at>Someone Else</at> watch', { name: 'watch', args: '' }],
    ['&nbsp;watch\u00a0rg-analytics', { name: 'watch', args: 'rg-analytics' }],
    ['', { name: '', args: '' }],
  ])('%j', (text, expected) => {
    expect(parseCommandText(text)).toEqual(expected);
  });
});
