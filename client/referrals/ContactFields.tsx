/**
 * "With the person's consent, how can the service reach them?" A consent tick opens the fields;
 * without it nothing is sent. Errors from the server (details `contact.*`) sit by each field.
 */
import { createSignal, For, Show } from 'solid-js';
import messages from '../../i18n/messages/referrals.js';
import { Field } from '../ui/Field.jsx';
import { useMessages } from '../i18n/language.js';
import { PREFERENCE_LABELS, type ContactInput, type ContactPreference } from './referralsApi.js';

const t = useMessages(messages);

export function createContactState() {
  const [consent, setConsent] = createSignal(false);
  const [name, setName] = createSignal('');
  const [phone, setPhone] = createSignal('');
  const [email, setEmail] = createSignal('');
  const [preferred, setPreferred] = createSignal<ContactPreference | ''>('');
  return {
    consent,
    setConsent,
    name,
    setName,
    phone,
    setPhone,
    email,
    setEmail,
    preferred,
    setPreferred,
    /** The body's `contact`, or undefined when the person did not agree. */
    value(): ContactInput | undefined {
      if (!consent()) return undefined;
      const text = (v: string) => (v.trim() ? v.trim() : undefined);
      return {
        name: text(name()),
        phone: text(phone()),
        email: text(email()),
        preferred: preferred() || undefined,
        consent: true,
      };
    },
  };
}
export type ContactState = ReturnType<typeof createContactState>;

export function ContactFields(props: { state: ContactState; errors: Record<string, string> }) {
  const s = props.state;
  const err = (f: string) => props.errors[`contact.${f}`];
  return (
    <fieldset class="cd-contact">
      <legend>{t('contactLegend')}</legend>
      <div class="field field-check">
        <label>
          <input
            type="checkbox"
            checked={s.consent()}
            onChange={(e) => s.setConsent(e.currentTarget.checked)}
            aria-describedby="contact-consent-hint"
          />{' '}
          {t('contactConsent')}
        </label>
        <span class="hint" id="contact-consent-hint">
          {t('contactConsentHint')}
        </span>
        <Show when={err('consent')}>
          {(m) => (
            <span class="field-error" role="alert">
              {t('errorMessage', { message: m() })}
            </span>
          )}
        </Show>
      </div>
      <Show when={s.consent()}>
        <Field
          id="contact-name"
          label={t('contactName')}
          autocomplete="off"
          value={s.name()}
          onInput={(e) => s.setName(e.currentTarget.value)}
          error={err('name')}
        />
        <Field
          id="contact-phone"
          label={t('contactPhone')}
          type="tel"
          autocomplete="off"
          hint={t('contactPhoneHint')}
          value={s.phone()}
          onInput={(e) => s.setPhone(e.currentTarget.value)}
          error={err('phone')}
        />
        <Field
          id="contact-email"
          label={t('contactEmail')}
          type="email"
          autocomplete="off"
          value={s.email()}
          onInput={(e) => s.setEmail(e.currentTarget.value)}
          error={err('email')}
        />
        <div class="field">
          <label for="contact-preferred">{t('contactPreferred')}</label>
          <select
            id="contact-preferred"
            value={s.preferred()}
            onChange={(e) => s.setPreferred(e.currentTarget.value as ContactPreference | '')}
          >
            <option value="">{t('noPreference')}</option>
            <For each={Object.entries(PREFERENCE_LABELS)}>
              {([value, label]) => <option value={value}>{label}</option>}
            </For>
          </select>
          <Show when={err('preferred')}>
            {(m) => (
              <span class="field-error" role="alert">
                {t('errorMessage', { message: m() })}
              </span>
            )}
          </Show>
        </div>
      </Show>
    </fieldset>
  );
}
