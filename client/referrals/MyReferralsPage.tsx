/** /referrals: a Link Worker's own referrals and where each one stands. */
import { A } from '@solidjs/router';
import messages from '../../i18n/messages/referrals.js';
import { RequireRole } from '../auth/RequireRole.jsx';
import { useMessages } from '../i18n/language.js';
import { ReferralList } from './ReferralList.jsx';
import { ReferralNotices } from './ReferralNotices.jsx';
import './codesign.css';
import { around } from '../ui/around.jsx';

const t = useMessages(messages);

export default function MyReferralsPage() {
  return (
    <RequireRole roles={['link_worker']}>
      <section class="page">
        <h1>{t('myTitle')}</h1>
        <p class="hint">{around(t('myHint'), 'link', <A href="/map">{t('myHintLink')}</A>)}</p>
        <ReferralNotices />
        <ReferralList emptyText={t('myEmpty')} />
      </section>
    </RequireRole>
  );
}
