/** /referrals/inbox: an organisation's referrals, with the figure that builds trust — time to acknowledge. */
import { createResource, Show } from 'solid-js';
import { RequireRole } from '../auth/RequireRole.jsx';
import { session } from '../session.js';
import { ReferralList } from './ReferralList.jsx';
import { formatHours, organisationReferralStats } from './referralsApi.js';
import './codesign.css';

function Inbox() {
  const organisationId = () => session.latest?.organisationId ?? null;
  const [stats, { refetch }] = createResource(organisationId, (id) => organisationReferralStats(id));
  return (
    <section class="page">
      <h1>Referral inbox</h1>
      <p class="hint">Acknowledge each referral quickly: Link Workers see the status straight away.</p>
      <Show when={stats()}>
        {(s) => (
          <div class="cd-figures" aria-label="Your organisation's referral figures">
            <p class="cd-figure">Median time to acknowledge<strong>{formatHours(s().medianHoursToAcknowledge)}</strong></p>
            <p class="cd-figure">
              No reply after 5 working days
              <strong>{s().noReplyShare === null ? '—' : `${Math.round(s().noReplyShare! * 100)}%`}</strong>
              <span class="hint">{s().noReply} of {s().due} due</span>
            </p>
            <p class="cd-figure">Referrals received<strong>{s().referrals}</strong></p>
          </div>
        )}
      </Show>
      <ReferralList emptyText="No referrals to your organisation yet." onMoved={() => void refetch()} />
    </section>
  );
}

export default function ReferralInboxPage() {
  return <RequireRole roles={['organiser']}><Inbox /></RequireRole>;
}
