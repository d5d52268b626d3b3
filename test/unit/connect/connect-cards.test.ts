import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import draft06 from 'ajv/dist/refs/json-schema-draft-06.json';
import schema from '../../fixtures/schemas/adaptive-card-1.5.json';
import { cardActions } from '../../helpers/teams-activities';
import { renderAnsweredCard } from '../../../src/cards/connect-answered-card';
import { renderProgressCard } from '../../../src/cards/connect-progress-card';
import { renderQuestionCard, type QuestionCard } from '../../../src/cards/connect-question-card';
import { renderResultCard } from '../../../src/cards/connect-result-card';
import { renderSummaryCard, type SummaryCardData } from '../../../src/cards/connect-summary-card';

// Same schema handling as test/unit/cards: the saved schema names itself with draft-04's `id`.
const { id: schemaId, ...schemaBody } = schema;
const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addMetaSchema(draft06);
addFormats(ajv);
const validateCard = ajv.compile({ $id: schemaId, ...schemaBody });

type Json = Record<string, unknown>;

function valid(content: unknown): Json {
  const ok = validateCard(content);
  expect(validateCard.errors ?? []).toEqual([]);
  expect(ok).toBe(true);
  expect((content as Json)['version']).toBe('1.5');
  return content as Json;
}

const CONTEXT = { flowId: 'flow-1', token: 'tok-1' };
const BUTTONS: QuestionCard = {
  step: 'Step 1 of 8 · Factory',
  title: 'Which data factory?',
  text: 'Pick one.',
  choices: [{ value: 'adf-contoso', title: 'adf-contoso' }],
  notesHeading: 'Not eligible',
  notes: [{ title: 'adf-legacy', value: 'no managed virtual network' }],
};
const MANY: QuestionCard = {
  step: 'S',
  title: 'Which server?',
  choices: Array.from({ length: 8 }, (_, i) => ({ value: `pg-${i}`, title: `pg-${i}` })),
};
const INPUT: QuestionCard = {
  step: 'S',
  title: 'Which database?',
  input: { label: 'Database name', placeholder: 'e.g. sales', value: 'sales' },
};
const SUMMARY: SummaryCardData = {
  step: 'Step 8 of 8',
  text: 'Create and test.',
  facts: [{ title: 'Server', value: 'pg-sandbox.postgres.database.azure.com' }],
  askPassword: true,
  username: 'adf_writer',
  ...CONTEXT,
};

function actions(card: Json): Json[] {
  return cardActions(card);
}

describe('guided flow cards', () => {
  it('renders every card valid against the Adaptive Card 1.5 schema', () => {
    valid(renderQuestionCard(BUTTONS, CONTEXT).content);
    valid(renderQuestionCard(BUTTONS, { ...CONTEXT, error: 'Pick another factory.' }).content);
    valid(renderQuestionCard(MANY, CONTEXT).content);
    valid(renderQuestionCard(INPUT, CONTEXT).content);
    valid(renderSummaryCard(SUMMARY).content);
    valid(renderSummaryCard({ ...SUMMARY, askPassword: false }).content);
    valid(
      renderProgressCard('Creating', [
        { label: 'Create', state: 'done' },
        { label: 'Test', state: 'running', detail: 'InProgress, 3 s' },
      ]).content,
    );
    valid(
      renderResultCard({
        ok: true,
        title: 'Connection successful',
        summary: 's',
        facts: [{ title: 'a', value: 'b' }],
      }).content,
    );
    valid(
      renderResultCard({
        ok: false,
        title: 'Failed',
        summary: 's',
        facts: [],
        azureMessage: '3D000',
        hint: 'h',
      }).content,
    );
    valid(renderAnsweredCard('Step 1 of 8', 'Factory', 'adf-contoso').content);
  });

  it('makes a few choices buttons with connect.* verbs carrying the flow and question token', () => {
    const card = renderQuestionCard(BUTTONS, CONTEXT).content as Json;
    expect(actions(card)).toEqual([
      {
        type: 'Action.Execute',
        title: 'adf-contoso',
        verb: 'connect.choose',
        data: { flowId: 'flow-1', token: 'tok-1', choice: 'adf-contoso' },
      },
      {
        type: 'Action.Execute',
        title: 'Cancel',
        verb: 'connect.cancel',
        data: { flowId: 'flow-1', token: 'tok-1' },
      },
    ]);
  });

  it('lists what cannot be chosen below the buttons of what can', () => {
    const body = (renderQuestionCard(BUTTONS, CONTEXT).content as Json)['body'] as Json[];
    const buttons = body.findIndex((item) => item['type'] === 'ActionSet');
    const notes = body.findIndex((item) => JSON.stringify(item).includes('no managed virtual network'));
    expect(buttons).toBeGreaterThan(0);
    expect(notes).toBeGreaterThan(buttons);
  });

  it('makes many choices a ChoiceSet with one Next button, and free text an Input.Text', () => {
    const many = JSON.stringify(renderQuestionCard(MANY, CONTEXT).content);
    expect(many).toContain('"type":"Input.ChoiceSet","id":"choice"');
    expect(actions(renderQuestionCard(MANY, CONTEXT).content as Json).map((a) => a['verb'])).toEqual([
      'connect.submit',
      'connect.cancel',
    ]);
    expect(JSON.stringify(renderQuestionCard(INPUT, CONTEXT).content)).toContain(
      '"type":"Input.Text","id":"answer","label":"Database name","placeholder":"e.g. sales","value":"sales"',
    );
  });

  it('asks for a password only in a masked, empty field, and only when the requester chose to type it', () => {
    const withPassword = JSON.stringify(renderSummaryCard(SUMMARY).content);
    expect(withPassword).toMatch(
      /"type":"Input.Text","id":"password","label":"Password of adf_writer","style":"password"/,
    );
    expect(withPassword).not.toMatch(/"id":"password"[^}]*"value"/);
    expect(JSON.stringify(renderSummaryCard({ ...SUMMARY, askPassword: false }).content)).not.toContain(
      '"id":"password"',
    );
    expect(actions(renderSummaryCard(SUMMARY).content as Json).map((a) => a['verb'])).toEqual([
      'connect.create',
      'connect.cancel',
    ]);
  });

  it('escapes markdown in Azure and user text, and never evaluates ${...} in data', () => {
    const hostile: QuestionCard = {
      step: 'S',
      title: '[click](https://evil.example)',
      facts: [{ title: '${title}', value: '*bold* <b>' }],
      choices: [{ value: 'x', title: '${1+1}' }],
    };
    const json = JSON.stringify(renderQuestionCard(hostile, CONTEXT).content);
    expect(json).toContain('\\\\[click\\\\](https://evil.example)');
    expect(json).toContain('"title":"${title}"');
    expect(json).toContain('"title":"${1+1}"');
    expect(json).toContain('\\\\*bold\\\\* \\\\<b\\\\>');
    // Azure's message is shown in a TextRun (no markdown), as written.
    const result = JSON.stringify(
      renderResultCard({ ok: false, title: 't', summary: '', facts: [], azureMessage: '[x](https://evil)' })
        .content,
    );
    expect(result).toContain('"type":"TextRun","text":"[x](https://evil)"');
  });
});
