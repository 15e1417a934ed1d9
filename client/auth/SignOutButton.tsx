/** The header's sign-out: ends the session on the server, then returns to the start page. */
import { useNavigate } from '@solidjs/router';
import { createSignal } from 'solid-js';
import messages from '../../i18n/messages/shell.js';
import { useMessages } from '../i18n/language.js';
import { logOut } from './accounts.js';
import './auth.css';

const t = useMessages(messages);

export function SignOutButton() {
  const navigate = useNavigate();
  const [busy, setBusy] = createSignal(false);
  async function signOut() {
    setBusy(true);
    try {
      await logOut();
    } finally {
      setBusy(false);
      navigate('/', { replace: true });
    }
  }
  return (
    <button type="button" class="secondary" onClick={signOut} disabled={busy()}>
      {t('signOut')}
    </button>
  );
}
