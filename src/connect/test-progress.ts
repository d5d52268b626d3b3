import type { Attachment } from 'botbuilder';
import { renderProgressCard, type ProgressLine } from '../cards/connect-progress-card';

/** Where creating-and-testing stands; the progress card is re-rendered from it at every change. */
export type TestStage =
  | { stage: 'creating' }
  | { stage: 'create-failed' }
  | { stage: 'testing'; status: string; seconds: number }
  | { stage: 'tested'; ok: boolean; status: string };

export function progressCard(linkedService: string, runtime: string, s: TestStage): Attachment {
  const create: ProgressLine = {
    label: `Create linked service ${linkedService}`,
    state: s.stage === 'creating' ? 'running' : s.stage === 'create-failed' ? 'failed' : 'done',
  };
  const test: ProgressLine = { label: `Test SELECT 1 via ${runtime}`, state: 'waiting' };
  if (s.stage === 'create-failed') test.state = 'skipped';
  if (s.stage === 'testing') Object.assign(test, { state: 'running', detail: `${s.status}, ${s.seconds} s` });
  if (s.stage === 'tested') Object.assign(test, { state: s.ok ? 'done' : 'failed', detail: s.status });
  const finished = s.stage === 'tested' || s.stage === 'create-failed';
  const note = finished
    ? 'Finished: the result follows below.'
    : 'The test runs a temporary pipeline in Data Factory, removed afterwards. I will post the result here.';
  return renderProgressCard('Creating and testing the linked service', [create, test], note);
}
