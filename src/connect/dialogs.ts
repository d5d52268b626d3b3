/**
 * The parts of botbuilder-dialogs the guided flow uses, imported from their own modules instead of the package's
 * index. The index also loads every prompt and the Microsoft Recognizers Text suite (date, number and choice
 * recognizers for dozens of languages) that this bot never uses: measured on Node 24, `require('botbuilder-dialogs')`
 * adds about 41 MB of resident memory over these four modules. The package declares no `exports` map, so these paths
 * are reachable, and test/unit/connect/dialogs.test.ts checks they are the very classes the index exports.
 * Everything else imports dialogs from here (an ESLint rule keeps it so).
 */
export { ComponentDialog } from 'botbuilder-dialogs/lib/componentDialog';
export { WaterfallDialog } from 'botbuilder-dialogs/lib/waterfallDialog';
export { Dialog, DialogTurnStatus } from 'botbuilder-dialogs/lib/dialog';
export type { DialogInstance, DialogTurnResult } from 'botbuilder-dialogs/lib/dialog';
export { DialogSet } from 'botbuilder-dialogs/lib/dialogSet';
export type { DialogContext, DialogState } from 'botbuilder-dialogs/lib/dialogContext';
export type { WaterfallStepContext } from 'botbuilder-dialogs/lib/waterfallStepContext';
