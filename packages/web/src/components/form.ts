import type { FormInstance, FormRule } from 'antd';
import type { TFunction } from 'i18next';
import type { z } from 'zod';
import { isApiError } from '../core/api';
import { errorMessage } from './ErrorAlert';

type Issue = z.core.$ZodIssue;
type AnyObjectSchema = z.ZodObject<z.ZodRawShape>;

/** Empty inputs mean "not given": antd gives '' for a cleared input, zod wants undefined. */
export function emptyToUndefined<T extends object>(values: T): T {
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(values)) {
    result[key] = typeof value === 'string' && value.trim() === '' ? undefined : value;
  }
  return result as T;
}

/** A zod issue as a translated sentence, named after the field it is about. */
export function issueMessage(t: TFunction, issue: Issue, field: string, value?: unknown): string {
  switch (issue.code) {
    case 'invalid_type':
      if (value === undefined || value === null || value === '') return t('common.validation.required');
      return issue.expected === 'int' ? t('common.validation.integer') : t('common.validation.invalid');
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'string') return min <= 1 ? t('common.validation.required') : t('common.validation.tooShort', { min });
      if (issue.origin === 'array' || issue.origin === 'set') return t('common.validation.tooFewItems', { min });
      return t('common.validation.tooSmall', { min });
    }
    case 'too_big': {
      const max = Number(issue.maximum);
      if (issue.origin === 'string') return t('common.validation.tooLong', { max });
      if (issue.origin === 'array' || issue.origin === 'set') return t('common.validation.tooManyItems', { max });
      return t('common.validation.tooBig', { max });
    }
    case 'invalid_format':
      if (issue.format === 'email') return t('common.validation.email');
      if (field === 'phone') return t('common.validation.phone');
      if (field === 'username') return t('common.validation.username');
      return t('common.validation.format');
    case 'custom':
      if (field === 'endsAt') return t('common.validation.endAfterStart');
      return t('common.validation.invalid');
    default:
      return t('common.validation.invalid');
  }
}

/**
 * The antd rule for one field, checked by the field's zod schema from packages/shared —
 * the same schema the server validates the request with.
 */
export function zodRule(schema: AnyObjectSchema, field: string, t: TFunction): FormRule {
  // The shared schemas are built with classic zod, so every shape member has safeParse.
  const fieldSchema = schema.shape[field] as z.ZodType | undefined;
  return {
    validator: async (_rule, raw: unknown) => {
      if (!fieldSchema) return;
      const value = typeof raw === 'string' && raw.trim() === '' ? undefined : raw;
      const result = fieldSchema.safeParse(value);
      if (!result.success) throw new Error(issueMessage(t, result.error.issues[0]!, field, value));
    },
  };
}

/** Rules for every field of a schema: `rules.username` → [rule]. */
export function zodRules<S extends AnyObjectSchema>(schema: S, t: TFunction): Record<keyof S['shape'] & string, FormRule[]> {
  const rules: Record<string, FormRule[]> = {};
  for (const field of Object.keys(schema.shape)) rules[field] = [zodRule(schema, field, t)];
  return rules as Record<keyof S['shape'] & string, FormRule[]>;
}

/**
 * Validates the whole form with the schema (catching cross-field refinements), putting each
 * issue against its field. Returns the parsed (trimmed, defaulted) values or null.
 */
export function parseForm<S extends z.ZodType>(schema: S, values: unknown, form: FormInstance, t: TFunction): z.output<S> | null {
  const result = schema.safeParse(values);
  if (result.success) return result.data;
  const fields = new Map<string, string[]>();
  for (const issue of result.error.issues) {
    const name = String(issue.path[0] ?? '');
    if (!name) continue;
    const list = fields.get(name) ?? [];
    list.push(issueMessage(t, issue, name, (values as Record<string, unknown>)[name]));
    fields.set(name, list);
  }
  form.setFields([...fields].map(([name, errors]) => ({ name, errors })));
  return null;
}

/**
 * Puts an API error against the form field it names (`body.username` → `username`). Returns
 * false when the error names no field of this form, so the caller shows it in an ErrorAlert.
 */
export function applyApiError(
  form: FormInstance,
  error: unknown,
  t: TFunction,
  fields: readonly string[],
  messageFor?: (field: string) => string | undefined,
): boolean {
  if (!isApiError(error) || !error.formField) return false;
  const field = error.formField;
  if (!fields.includes(field)) return false;
  const message =
    messageFor?.(field) ?? (error.code === 'validation' ? `${t('common.validation.invalid')}: ${error.message}` : errorMessage(t, error));
  form.setFields([{ name: field, errors: [message] }]);
  return true;
}
