import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import * as fromIndex from 'botbuilder-dialogs';
import * as dialogs from '../../../src/connect/dialogs';

const ROOT = join(__dirname, '..', '..', '..');

describe('the dialog classes the guided flow imports from their own modules', () => {
  it('are the very classes the package index exports (same identity, so instanceof and state keep working)', () => {
    expect(dialogs.ComponentDialog).toBe(fromIndex.ComponentDialog);
    expect(dialogs.WaterfallDialog).toBe(fromIndex.WaterfallDialog);
    expect(dialogs.Dialog).toBe(fromIndex.Dialog);
    expect(dialogs.DialogSet).toBe(fromIndex.DialogSet);
    expect(dialogs.DialogTurnStatus).toBe(fromIndex.DialogTurnStatus);
  });

  it('do not load the prompts and the Recognizers Text suite that the index would', () => {
    // In a fresh Node process: jest's own module registry would not show what plain `require` loads.
    const probe = spawnSync(
      process.execPath,
      [
        '-e',
        `require('tsx/cjs'); require(${JSON.stringify(join(ROOT, 'src', 'connect', 'dialogs.ts'))});
         const loaded = Object.keys(require.cache);
         console.log(JSON.stringify({
           recognizers: loaded.filter((f) => f.includes('@microsoft/recognizers-text')).length,
           prompts: loaded.filter((f) => /botbuilder-dialogs[\\\\/]lib[\\\\/]prompts/.test(f)).length,
           waterfall: loaded.filter((f) => f.includes('waterfallDialog')).length,
         }));`,
      ],
      { cwd: ROOT, encoding: 'utf8' },
    );
    expect(probe.stderr).toBe('');
    expect(JSON.parse(probe.stdout)).toEqual({ recognizers: 0, prompts: 0, waterfall: 1 });
  });
});
