/** "Add to shortlist" on a service card or a map popup (Link Workers). */
import catalogue from '../../i18n/messages/shortlist.js';
import { messagesIn } from '../../i18n/define.js';
import { inTray, toggleInTray, trayFull } from './tray.js';

const t = messagesIn(catalogue, 'en');

export function ShortlistToggle(props: { id: string; name: string }) {
  const on = () => inTray(props.id);
  return (
    <button
      type="button"
      class="secondary shortlist-toggle"
      aria-pressed={on()}
      disabled={!on() && trayFull()}
      title={!on() && trayFull() ? t('trayFull') : undefined}
      onClick={() => toggleInTray({ id: props.id, name: props.name })}
    >
      {on() ? t('removeFromShortlist') : t('addToShortlist')}
    </button>
  );
}
