// The app's own form validation: WebKitGTK draws no bubble for `required` and its text would
// be English, so forms carry `novalidate`, check their fields with these rules, show the
// pt-BR message next to the field (FieldError.svelte, `aria-invalid`, `aria-describedby`)
// and move the focus to the first field that needs fixing.
import { tick } from "svelte";

/** What is wrong with a value, in pt-BR, or null. */
export type Rule = (value: string) => string | null;

/** The message of each field that needs fixing, by field name. */
export type Problems<Field extends string = string> = Partial<Record<Field, string>>;

/** A field that must not be blank. */
export const required =
  (message: string): Rule =>
  (value) =>
    value.trim() === "" ? message : null;

/** An http(s) address with a host (https for the real services, http for a local one);
 *  blank passes, so pair it with `required` when the field must be filled. */
export const webAddress =
  (message = "Informe uma URL começando com https://"): Rule =>
  (value) => {
    const text = value.trim();
    if (text === "") return null;
    try {
      const url = new URL(text);
      return (url.protocol === "https:" || url.protocol === "http:") && url.hostname !== "" ? null : message;
    } catch {
      return message;
    }
  };

/** Checks each field against its rules, in order; the first broken rule is its message. */
export function validate<Field extends string>(
  values: Record<Field, string>,
  rules: Partial<Record<Field, Rule[]>>,
): Problems<Field> {
  const problems: Problems<Field> = {};
  for (const field of Object.keys(rules) as Field[]) {
    for (const rule of rules[field] ?? []) {
      const problem = rule(values[field]);
      if (problem) {
        problems[field] = problem;
        break;
      }
    }
  }
  return problems;
}

export function hasProblems(problems: Problems): boolean {
  return Object.values(problems).some(Boolean);
}

/** The problems without `field`'s: the operator is fixing it. */
export function withoutProblem<Field extends string>(problems: Problems<Field>, field: string): Problems<Field> {
  if (!(field in problems)) return problems;
  const rest = { ...problems };
  delete rest[field as Field];
  return rest;
}

/** The id of a field's message, for `aria-describedby` and FieldError. */
export const problemId = (field: string): string => `${field}-problem`;

/** The attributes of a field with or without a problem, spread on the input. */
export function fieldState(field: string, problem: string | null | undefined): Record<string, string | undefined> {
  return problem
    ? { "aria-invalid": "true", "aria-describedby": problemId(field) }
    : { "aria-invalid": undefined, "aria-describedby": undefined };
}

/** Waits for the messages to be drawn, then focuses the first field marked invalid in
 *  `form` (opening a closed "Avançado" around it); true when there was one. */
export async function focusFirstInvalid(form: HTMLElement | null | undefined): Promise<boolean> {
  await tick();
  const field = form?.querySelector<HTMLElement>('[aria-invalid="true"]');
  if (!field) return false;
  const folded = field.closest("details");
  if (folded && !folded.open) folded.open = true;
  field.focus();
  return true;
}
