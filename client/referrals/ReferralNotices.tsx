/** "Your referrals moved": a Link Worker's unread notices, with a button to mark them seen. */
import { createResource, For, Show } from 'solid-js';
import { formatDateTime, markNoticesRead, referralNotices, STATUS_LABELS } from './referralsApi.js';

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
          <h2 id="referral-notices-title">{n().unread === 1 ? '1 referral moved' : `${n().unread} referrals moved`} since you last looked</h2>
          <ul>
            <For each={n().items}>
              {(item) => (
                <li>
                  <span class="cd-code">{item.code}</span> to {item.serviceName}: now <strong>{STATUS_LABELS[item.status]}</strong>
                  {' '}· <time datetime={item.at}>{formatDateTime(item.at)}</time>
                </li>
              )}
            </For>
          </ul>
          <button type="button" class="secondary" onClick={() => void seen()}>Mark as seen</button>
        </section>
      )}
    </Show>
  );
}
