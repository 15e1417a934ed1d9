/** /referrals: a Link Worker's own referrals and where each one stands. */
import { A } from '@solidjs/router';
import messages from '../../i18n/messages/referrals.js';
import { RequireRole } from '../auth/RequireRole.jsx';
import { useMessages } from '../i18n/language.js';
import { ReferralList } from './ReferralList.jsx';
import { ReferralNotices } from './ReferralNotices.jsx';
import './codesign.css';

const t = useMessages(messages);

export default function MyReferralsPage() {
  const hint = () => t('myHint').split('{link}');
  return (
    <RequireRole roles={['link_worker']}>
      <section class="page">
        <h1>{t('myTitle')}</h1>
        <p class="hint">{hint()[0]}<A href="/map">{t('myHintLink')}</A>{hint()[1]}</p>
        <ReferralNotices />
        <ReferralList emptyText={t('myEmpty')} />
      </section>
    </RequireRole>
  );
}
