/** Copy and share buttons for a referral code, so it reaches the person without retyping. */
import { createSignal, Show } from 'solid-js';

export function CodeActions(props: { code: string; serviceName?: string }) {
  const [said, setSaid] = createSignal('');
  const message = () => `Your referral code${props.serviceName ? ` for ${props.serviceName}` : ''} is ${props.code}. Give this code when you get in touch.`;
  const canShare = typeof navigator !== 'undefined' && typeof navigator.share === 'function';

  async function copy() {
    try {
      await navigator.clipboard.writeText(props.code);
      setSaid(`Code ${props.code} copied.`);
    } catch {
      setSaid('Could not copy here; select the code and copy it by hand.');
    }
  }

  async function share() {
    try {
      await navigator.share({ title: 'Referral code', text: message() });
    } catch (e) {
      // The person closed the share sheet: nothing to say.
      if ((e as Error).name !== 'AbortError') setSaid('Could not open sharing here; copy the code instead.');
    }
  }

  return (
    <div class="cd-actions">
      <button type="button" class="secondary" onClick={() => void copy()}>Copy code<span class="visually-hidden"> {props.code}</span></button>
      <Show when={canShare}>
        <button type="button" class="secondary" onClick={() => void share()}>Share code<span class="visually-hidden"> {props.code}</span></button>
      </Show>
      <span role="status" class="hint">{said()}</span>
    </div>
  );
}
