/**
 * A form's submit state, the one every form uses: the overall error (shown by `FormError`
 * and focused when it appears, so keyboard and screen-reader users land on it), the errors per
 * field (for `Field`'s `error`), the success message a form may show where the error would be
 * (`notice`) and whether a request is under way.
 */
import { createSignal } from 'solid-js';
import { ApiError } from '../api.js';
import commonMessages from '../../i18n/messages/common.js';
import { useMessages } from '../i18n/language.js';

const t = useMessages(commonMessages);

export function createFormState() {
  const [error, setError] = createSignal<string | null>(null);
  const [fields, setFields] = createSignal<Record<string, string>>({});
  const [notice, setNotice] = createSignal<string | null>(null);
  const [busy, setBusy] = createSignal(false);
  let errorBox: HTMLDivElement | undefined;

  /** `message` null: field errors only (the form says nothing overall). */
  function show(message: string | null, fieldErrors: Record<string, string>, focus = true) {
    setNotice(null);
    setError(message);
    setFields(fieldErrors);
    if (focus) queueMicrotask(() => errorBox?.focus());
  }

  return {
    error,
    fields,
    notice,
    busy,
    /** For `<FormError ref={…}>`. */
    errorRef: (el: HTMLDivElement) => {
      errorBox = el;
    },
    /** Shows a message and field errors found by the page itself; focused unless `focus` is false. */
    show,
    /** Clears the errors and the success message of the last attempt. */
    clear() {
      setError(null);
      setFields({});
      setNotice(null);
    },
    /** The attempt worked: clears its errors and shows `message` (for the form's "saved" line). */
    succeed(message: string) {
      setError(null);
      setFields({});
      setNotice(message);
    },
    /** Field errors found before sending (only to save a round trip): shows them and says whether there were any. */
    refuse(local: Record<string, string>): boolean {
      if (!Object.keys(local).length) return false;
      show(t('checkFields'), local);
      return true;
    },
    /**
     * Runs the request while busy; a failure shows the server's message (or `describe`'s words
     * for it, null for the field errors alone) and its field errors (422 `details`), or `offline`
     * when Gapmap could not be reached. Says whether the request succeeded.
     */
    async send(
      request: () => Promise<void>,
      offline: string,
      describe?: (err: ApiError) => string | null,
    ): Promise<boolean> {
      setBusy(true);
      try {
        await request();
        return true;
      } catch (err) {
        if (err instanceof ApiError) show(describe ? describe(err) : err.message, err.fields);
        else show(offline, {});
        return false;
      } finally {
        setBusy(false);
      }
    },
  };
}
