import type { QuestionChoice } from '../../cards/connect-question-card';
import { ComponentDialog, WaterfallDialog, type WaterfallStepContext } from '../dialogs';
import { AskDialog, answerText, notAChoice, pickChoice, type AskOptions, type Reading } from '../ask-dialog';
import { stepLabel } from '../flow-types';
import { draftOf, next, say, stopOnAzureError, valuesOf, type StepDeps } from '../step-kit';
import type { Answer } from '../turn-keys';
import { checkSecretName, checkUserName, type Check } from '../validation';
import { askDatabase, databaseDialog } from './database-question';

export const SIGN_IN_STEP = 'connect.sign-in';
const ASK_DATABASE = 'connect.sign-in.database';
const ASK_USER = 'connect.sign-in.user';
const ASK_METHOD = 'connect.sign-in.method';
const ASK_VAULT = 'connect.sign-in.vault';
const ASK_SECRET = 'connect.sign-in.secret';

const KEY_VAULT = { value: 'keyVault', title: 'Key Vault secret (recommended)' };
const TYPED = { value: 'typed', title: 'Type the password' };

/**
 * Step 5: database, user, and where the password comes from. The recommended way keeps the password out of chat
 * altogether (a Key Vault secret reference); typing it is possible only later, in a masked field on the summary.
 */
export class SignInStep extends ComponentDialog {
  constructor(private readonly deps: StepDeps) {
    super(SIGN_IN_STEP);
    this.addDialog(databaseDialog(ASK_DATABASE));
    this.addDialog(new AskDialog<string, undefined>(ASK_USER, reader(checkUserName)));
    this.addDialog(
      new AskDialog<string, string[]>(ASK_METHOD, (a, o) =>
        readChoice(
          a,
          [KEY_VAULT, TYPED].filter((m) => o.context.includes(m.value)),
        ),
      ),
    );
    this.addDialog(
      new AskDialog<string, string[]>(ASK_VAULT, (a, o) =>
        readChoice(
          a,
          o.context.map((v) => ({ value: v, title: v })),
        ),
      ),
    );
    this.addDialog(new AskDialog<string, undefined>(ASK_SECRET, reader(checkSecretName)));
    this.addDialog(
      new WaterfallDialog(`${SIGN_IN_STEP}.steps`, [
        // Already known when only the user or the secret is asked again (after a failed connection test).
        (s) => (draftOf(s).database ? s.next(draftOf(s).database) : askDatabase(s, this.deps, ASK_DATABASE)),
        (s) => {
          valuesOf(s)['database'] = s.result;
          return this.ask(
            s,
            ASK_USER,
            'User',
            'Which PostgreSQL user signs in?',
            'User name',
            'e.g. adf_reader',
          );
        },
        (s) => this.askMethod(s),
        (s) => this.askVault(s),
        (s) => this.askSecret(s),
        (s) => this.finish(s),
      ]),
    );
    this.initialDialogId = `${SIGN_IN_STEP}.steps`;
  }

  private ask(
    step: WaterfallStepContext,
    id: string,
    label: string,
    title: string,
    inputLabel: string,
    placeholder: string,
  ) {
    const options: AskOptions<undefined> = {
      flowId: draftOf(step).flowId,
      label,
      context: undefined,
      card: {
        kind: 'question',
        question: { step: stepLabel(5), title, input: { label: inputLabel, placeholder } },
      },
    };
    return step.beginDialog(id, options);
  }

  private async askMethod(step: WaterfallStepContext) {
    const draft = draftOf(step);
    const values = valuesOf(step);
    values['username'] = step.result;
    let vaults: string[];
    try {
      vaults = await this.deps.services.for(step.context).keyVaultLinkedServices(draft.factory!);
    } catch (error) {
      return stopOnAzureError(
        step,
        this.deps.logger,
        `list the linked services of ${draft.factory!.factoryName}`,
        error,
      );
    }
    values['vaults'] = vaults;
    const methods = vaults.length > 0 ? [KEY_VAULT, TYPED] : [TYPED];
    const text =
      'By default the password never passes through chat: the linked service reads it from a Key Vault secret when it connects. ' +
      'If you type it instead, you do so at the last step in a masked field; it goes straight to Azure and I keep no copy.' +
      (vaults.length === 0
        ? ` ${draft.factory!.factoryName} has no Azure Key Vault linked service, so only typing is possible here.`
        : '');
    const options: AskOptions<string[]> = {
      flowId: draft.flowId,
      label: 'Password from',
      context: methods.map((m) => m.value),
      card: {
        kind: 'question',
        question: { step: stepLabel(5), title: 'Where does the password come from?', text, choices: methods },
      },
    };
    return step.beginDialog(ASK_METHOD, options);
  }

  private async askVault(step: WaterfallStepContext) {
    const values = valuesOf(step);
    values['method'] = step.result;
    if (step.result !== KEY_VAULT.value) return step.next();
    const vaults = values['vaults'] as string[];
    if (vaults.length === 1) {
      await say(step.context, `Key Vault linked service: ${vaults[0]}.`);
      return step.next(vaults[0]);
    }
    const options: AskOptions<string[]> = {
      flowId: draftOf(step).flowId,
      label: 'Key Vault',
      context: vaults,
      card: {
        kind: 'question',
        question: {
          step: stepLabel(5),
          title: 'Which Key Vault linked service holds the secret?',
          choices: vaults.map((v) => ({ value: v, title: v })),
        },
      },
    };
    return step.beginDialog(ASK_VAULT, options);
  }

  private async askSecret(step: WaterfallStepContext) {
    const values = valuesOf(step);
    if (values['method'] !== KEY_VAULT.value) return step.next();
    values['vault'] = step.result;
    return this.ask(
      step,
      ASK_SECRET,
      'Secret',
      `Which secret in ${String(step.result)} holds the password?`,
      'Secret name',
      'e.g. pg-sandbox-adf-reader',
    );
  }

  private finish(step: WaterfallStepContext) {
    const values = valuesOf(step);
    const signIn =
      values['method'] === KEY_VAULT.value
        ? { kind: 'keyVault' as const, store: values['vault'] as string, secretName: step.result as string }
        : { kind: 'typed' as const };
    return next(step, {
      database: values['database'] as string,
      username: values['username'] as string,
      signIn,
    });
  }
}

function reader(check: (input: string) => Check) {
  return async (answer: Answer): Promise<Reading<string>> => {
    const checked = check(answerText(answer));
    return checked.ok ? { ok: true, value: checked.value, shown: checked.value } : checked;
  };
}

async function readChoice(answer: Answer, choices: QuestionChoice[]): Promise<Reading<string>> {
  const { choice } = pickChoice(answer, choices);
  if (choice) return { ok: true, value: choice.value, shown: choice.title };
  return notAChoice(choices.map((c) => c.title));
}
