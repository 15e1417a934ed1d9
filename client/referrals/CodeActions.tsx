/** Copy and share buttons for a referral code, so it reaches the person without retyping. */
import { createSignal, Show } from 'solid-js';
import messages from '../../i18n/messages/referrals.js';
import { useMessages } from '../i18n/language.js';

const t = useMessages(messages);

export function CodeActions(props: { code: string; serviceName?: string }) {
  const [said, setSaid] = createSignal('');
  const message = () =>
    props.serviceName
      ? t('shareMessageFor', { service: props.serviceName, code: props.code })
      : t('shareMessage', { code: props.code });
  const canShare = typeof navigator !== 'undefined' && typeof navigator.share === 'function';

  async function copy() {
    try {
      await navigator.clipboard.writeText(props.code);
      setSaid(t('copied', { code: props.code }));
    } catch {
      setSaid(t('copyFailed'));
    }
  }

  async function share() {
    try {
      await navigator.share({ title: t('shareTitle'), text: message() });
    } catch (e) {
      // The person closed the share sheet: nothing to say.
      if ((e as Error).name !== 'AbortError') setSaid(t('shareFailed'));
    }
  }

  return (
    <div class="cd-actions">
      <button type="button" class="secondary" onClick={() => void copy()}>
        {t('copyCode')}
        <span class="visually-hidden"> {props.code}</span>
      </button>
      <Show when={canShare}>
        <button type="button" class="secondary" onClick={() => void share()}>
          {t('shareCode')}
          <span class="visually-hidden"> {props.code}</span>
        </button>
      </Show>
      <span role="status" class="hint">
        {said()}
      </span>
    </div>
  );
}
