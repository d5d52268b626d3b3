import type { FactoryRef, ServerRef } from '../domain/resource-ids';
import type { QuestionChoice } from '../cards/connect-question-card';
import { notAChoice } from './ask-dialog';

export interface FactoryOption {
  ref: FactoryRef;
  name: string;
}

export interface ServerOption {
  ref: ServerRef;
  name: string;
  host: string;
}

export interface Ineligible {
  name: string;
  reason: string;
}

export interface Choices<T> {
  eligible: T[];
  ineligible: Ineligible[];
}

export type Judged<T> = { ok: true; value: T } | { ok: false; reason: string };

/**
 * Which eligible item a name means (ignoring case). An ineligible one is refused with its reason, an unknown one
 * with the list of names that would work.
 */
export function judgeName<T extends { name: string }>(
  name: string,
  choices: Choices<T>,
  what: string,
  advice = '',
): Judged<T> {
  const wanted = name.trim().toLowerCase();
  const found = choices.eligible.find((c) => c.name.toLowerCase() === wanted);
  if (found) return { ok: true, value: found };
  const ineligible = choices.ineligible.find((c) => c.name.toLowerCase() === wanted);
  if (ineligible) {
    return {
      ok: false,
      reason: `${ineligible.name} cannot be used: ${ineligible.reason}.${advice ? ` ${advice}` : ''} Pick another ${what}.`,
    };
  }
  return notAChoice(choices.eligible.map((c) => c.name));
}

export function choicesOf<T extends { name: string }>(choices: Choices<T>): QuestionChoice[] {
  return choices.eligible.map((c) => ({ value: c.name, title: c.name }));
}

/** Eligible and ineligible items apart, each sorted by name. */
export function split<T>(
  judged: Array<{ option: T } | { ineligible: Ineligible }>,
  name: (t: T) => string,
): Choices<T> {
  const eligible = judged
    .flatMap((j) => ('option' in j ? [j.option] : []))
    .sort((a, b) => name(a).localeCompare(name(b)));
  const ineligible = judged
    .flatMap((j) => ('ineligible' in j ? [j.ineligible] : []))
    .sort((a, b) => a.name.localeCompare(b.name));
  return { eligible, ineligible };
}
