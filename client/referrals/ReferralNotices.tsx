/** "Your referrals moved": a Link Worker's unread notices, with a button to mark them seen. */
import { createResource, For, Show } from 'solid-js';
import messages from '../../i18n/messages/referrals.js';
import { useMessages } from '../i18n/language.js';
import { formatNumber } from '../ui/wording.js';
import { formatDateTime, markNoticesRead, referralNotices, STATUS_LABELS } from './referralsApi.js';

const t = useMessages(messages);

export function ReferralNotices(props: { onSeen?: () => void }) {
  const [notices, { refetch }] = createResource(referralNotices);
  async function seen() {
    await markNoticesRead();
    await refetch();
    props.onSeen?.();
  }
  return (
    <Show when={notices()?.unread ? notices() : null}>
      {(n) => (
        <section class="cd-notices" aria-labelledby="referral-notices-title">
          <h2 id="referral-notices-title">
            {n().unread === 1 ? t('movedOne') : t('movedMany', { count: formatNumber(n().unread) })}
          </h2>
          <ul>
            <For each={n().items}>
              {(item) => (
                <li>
                  <span class="cd-code">{item.code}</span>{' '}
                  {t('toServiceNow', { service: item.serviceName })}{' '}
                  <strong>{STATUS_LABELS[item.status]}</strong> ·{' '}
                  <time datetime={item.at}>{formatDateTime(item.at)}</time>
                </li>
              )}
            </For>
          </ul>
          <button type="button" class="secondary" onClick={() => void seen()}>
            {t('markSeen')}
          </button>
        </section>
      )}
    </Show>
  );
}
