/** Choosing a password, typed twice: the invitation's and the account page's forms. */
import { Field } from '../ui/Field.jsx';
import authMessages from '../../i18n/messages/auth.js';
import { useMessages } from '../i18n/language.js';

const t = useMessages(authMessages);

/** The server's rule too; checked here only to save a round trip. */
export const MIN_PASSWORD = 12;

/** The errors, by field name, of a new password and its repetition ({} when both are fine). */
export function newPasswordProblems(
  password: string,
  confirm: string,
  passwordField: string,
  differ: string,
): Record<string, string> {
  if (password.length < MIN_PASSWORD)
    return { [passwordField]: t('atLeastChars', { count: MIN_PASSWORD }) };
  if (password !== confirm) return { confirm: differ };
  return {};
}

export function NewPasswordFields(props: {
  /** Ids of the two inputs. */
  ids: [password: string, confirm: string];
  /** The API field name of the password (the repetition is always `confirm`). */
  name: string;
  label: string;
  hint: string;
  confirmLabel: string;
  errors: Record<string, string>;
}) {
  return (
    <>
      <Field
        id={props.ids[0]}
        name={props.name}
        label={props.label}
        type="password"
        autocomplete="new-password"
        required
        hint={props.hint}
        error={props.errors[props.name]}
      />
      <Field
        id={props.ids[1]}
        name="confirm"
        label={props.confirmLabel}
        type="password"
        autocomplete="new-password"
        required
        error={props.errors.confirm}
      />
    </>
  );
}
