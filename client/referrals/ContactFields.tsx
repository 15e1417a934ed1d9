/**
 * "With the person's consent, how can the service reach them?" A consent tick opens the fields;
 * without it nothing is sent. Errors from the server (details `contact.*`) sit by each field.
 */
import { createSignal, For, Show } from 'solid-js';
import { Field } from '../auth/Field.jsx';
import { PREFERENCE_LABELS, type ContactInput, type ContactPreference } from './referralsApi.js';

export function createContactState() {
  const [consent, setConsent] = createSignal(false);
  const [name, setName] = createSignal('');
  const [phone, setPhone] = createSignal('');
  const [email, setEmail] = createSignal('');
  const [preferred, setPreferred] = createSignal<ContactPreference | ''>('');
  return {
    consent, setConsent, name, setName, phone, setPhone, email, setEmail, preferred, setPreferred,
    /** The body's `contact`, or undefined when the person did not agree. */
    value(): ContactInput | undefined {
      if (!consent()) return undefined;
      const text = (v: string) => (v.trim() ? v.trim() : undefined);
      return { name: text(name()), phone: text(phone()), email: text(email()), preferred: preferred() || undefined, consent: true };
    },
  };
}
export type ContactState = ReturnType<typeof createContactState>;

export function ContactFields(props: { state: ContactState; errors: Record<string, string> }) {
  const s = props.state;
  const err = (f: string) => props.errors[`contact.${f}`];
  return (
    <fieldset class="cd-contact">
      <legend>Contact details for the service (optional)</legend>
      <div class="field field-check">
        <label>
          <input type="checkbox" checked={s.consent()} onChange={(e) => s.setConsent(e.currentTarget.checked)} aria-describedby="contact-consent-hint" />
          {' '}The person agrees that the service may contact them
        </label>
        <span class="hint" id="contact-consent-hint">
          Only the service's organisation and you will see these details. They are stored encrypted and deleted 30 days after the referral ends.
        </span>
        <Show when={err('consent')}>{(m) => <span class="field-error" role="alert">Error: {m()}</span>}</Show>
      </div>
      <Show when={s.consent()}>
        <Field id="contact-name" label="Name they go by (optional)" autocomplete="off" value={s.name()} onInput={(e) => s.setName(e.currentTarget.value)} error={err('name')} />
        <Field id="contact-phone" label="Phone number" type="tel" autocomplete="off" hint="A phone number or an email address is needed." value={s.phone()} onInput={(e) => s.setPhone(e.currentTarget.value)} error={err('phone')} />
        <Field id="contact-email" label="Email address" type="email" autocomplete="off" value={s.email()} onInput={(e) => s.setEmail(e.currentTarget.value)} error={err('email')} />
        <div class="field">
          <label for="contact-preferred">They would rather get</label>
          <select id="contact-preferred" value={s.preferred()} onChange={(e) => s.setPreferred(e.currentTarget.value as ContactPreference | '')}>
            <option value="">No preference</option>
            <For each={Object.entries(PREFERENCE_LABELS)}>{([value, label]) => <option value={value}>{label}</option>}</For>
          </select>
          <Show when={err('preferred')}>{(m) => <span class="field-error" role="alert">Error: {m()}</span>}</Show>
        </div>
      </Show>
    </fieldset>
  );
}
