/** /referrals/inbox: an organisation's referrals, with the figure that builds trust — time to acknowledge. */
import { createResource, Show } from 'solid-js';
import messages from '../../i18n/messages/referrals.js';
import { RequireRole } from '../auth/RequireRole.jsx';
import { useMessages } from '../i18n/language.js';
import { formatNumber } from '../ui/wording.js';
import { session } from '../session.js';
import { ReferralList } from './ReferralList.jsx';
import { formatHours, organisationReferralStats } from './referralsApi.js';
import './codesign.css';

const t = useMessages(messages);

function Inbox() {
  const organisationId = () => session.latest?.organisationId ?? null;
  const [stats, { refetch }] = createResource(organisationId, (id) =>
    organisationReferralStats(id),
  );
  return (
    <section class="page">
      <h1>{t('inboxTitle')}</h1>
      <p class="hint">{t('inboxHint')}</p>
      <Show when={stats()}>
        {(s) => (
          <div class="cd-figures" aria-label={t('figuresLabel')}>
            <p class="cd-figure">
              {t('medianAck')}
              <strong>{formatHours(s().medianHoursToAcknowledge)}</strong>
            </p>
            <p class="cd-figure">
              {t('noReplyAfter')}
              <strong>
                {s().noReplyShare === null
                  ? '—'
                  : formatNumber(s().noReplyShare!, { style: 'percent', maximumFractionDigits: 0 })}
              </strong>
              <span class="hint">
                {t('noReplyOfDue', {
                  count: formatNumber(s().noReply),
                  due: formatNumber(s().due),
                })}
              </span>
            </p>
            <p class="cd-figure">
              {t('received')}
              <strong>{formatNumber(s().referrals)}</strong>
            </p>
          </div>
        )}
      </Show>
      <ReferralList emptyText={t('inboxEmpty')} onMoved={() => void refetch()} />
    </section>
  );
}

export default function ReferralInboxPage() {
  return (
    <RequireRole roles={['organiser']}>
      <Inbox />
    </RequireRole>
  );
}
