import { closestNames, orList } from '../../../src/teams/commands/closest-names';

const COMMANDS = [
  'help',
  'watch',
  'unwatch',
  'watching',
  'pending',
  'status',
  'history',
  'connect',
  'cancel',
];

describe('closestNames', () => {
  it.each([
    ['pendng', ['pending']],
    ['hlep', ['help']],
    ['wacth', ['watch']],
    ['histroy', ['history']],
    ['STATSU', ['status']],
    ['conect', ['connect']],
  ])('%s → %j', (typed, expected) => {
    expect(closestNames(typed, COMMANDS)).toEqual(expected);
  });

  it('offers every name that starts with what was typed, closest first', () => {
    expect(closestNames('watc', COMMANDS)).toEqual(['watch', 'watching']);
  });

  it('guesses nothing for text that is far from every name', () => {
    expect(closestNames('frobnicate', COMMANDS)).toEqual([]);
    expect(closestNames('what', COMMANDS)).toEqual([]);
    expect(closestNames('x', COMMANDS)).toEqual([]);
  });

  it('never offers the name itself, and drops guesses far behind the best one', () => {
    expect(closestNames('pg-order', ['pg-orders', 'pg-ledger', 'pg-order'])).toEqual(['pg-orders']);
  });
});

describe('orList', () => {
  it.each([
    [[], ''],
    [['a'], 'a'],
    [['a', 'b'], 'a or b'],
    [['a', 'b', 'c'], 'a, b or c'],
  ])('%j → %s', (names, text) => {
    expect(orList(names)).toBe(text);
  });
});
