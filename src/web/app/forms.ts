import { App, type FormInstance, type FormRule } from 'antd';
import { useCallback, useState } from 'react';
import type { z } from 'zod';
import { ApiError, errorMessage } from './api.js';

/**
 * A form rule that runs one of the shared zod schemas, so the browser says exactly what the server
 * would say — same limits, same Chinese messages.
 */
export function zodRule(schema: z.ZodType, options: { optional?: boolean } = {}): FormRule {
  return {
    validator: async (_rule, value: unknown) => {
      if (options.optional && (value === undefined || value === null || value === '')) return;
      // An untouched input is undefined; the schema should answer as for an empty one ("请填写…").
      const result = schema.safeParse(value === undefined || value === null ? '' : value);
      if (!result.success) throw new Error(result.error.issues[0]?.message ?? '填写有误');
    },
  };
}

function fieldPath(key: string): (string | number)[] {
  return key.split('.').map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/** Shows a failed call: the message as a toast, and any field errors next to their fields. */
export function useApiErrorHandler() {
  const { message } = App.useApp();
  return useCallback(
    (error: unknown, form?: FormInstance) => {
      if (form && error instanceof ApiError && error.fields) {
        const entries = Object.entries(error.fields);
        form.setFields(entries.map(([key, text]) => ({ name: fieldPath(key), errors: [text] })));
      }
      // A 401 already sends the user to the login page; saying so again adds nothing.
      if (error instanceof ApiError && error.status === 401) return;
      message.error(errorMessage(error));
    },
    [message],
  );
}

/**
 * The form's values, or null when a field is invalid (the field then shows its message). Saves each
 * submit handler from an unhandled rejection.
 */
export async function validValues<T>(form: FormInstance<T>): Promise<T | null> {
  try {
    return await form.validateFields();
  } catch {
    return null;
  }
}

/**
 * A dialog's save: `saving` while the call runs, failures shown by the shared handler (field errors
 * beside their fields). `work` does the call and whatever follows success.
 */
export function useSaving(form?: FormInstance) {
  const onError = useApiErrorHandler();
  const [saving, setSaving] = useState(false);
  const run = useCallback(
    async (work: () => Promise<void>) => {
      setSaving(true);
      try {
        await work();
      } catch (error) {
        onError(error, form);
      } finally {
        setSaving(false);
      }
    },
    [form, onError],
  );
  return { saving, run };
}
