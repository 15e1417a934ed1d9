/** /referrals: a Link Worker's own referrals and where each one stands. */
import { A } from '@solidjs/router';
import { RequireRole } from '../auth/RequireRole.jsx';
import { ReferralList } from './ReferralList.jsx';
import { ReferralNotices } from './ReferralNotices.jsx';
import './codesign.css';

export default function MyReferralsPage() {
  return (
    <RequireRole roles={['link_worker']}>
      <section class="page">
        <h1>My referrals</h1>
        <p class="hint">Each referral has an anonymous code; give it to the person you refer. Refer from any service card on the <A href="/map">map</A>.</p>
        <ReferralNotices />
        <ReferralList emptyText="You have not referred anyone yet." />
      </section>
    </RequireRole>
  );
}
