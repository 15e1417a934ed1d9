/**
 * /admin/privacy (admin): the suppression threshold (it can only be raised above the deployment's
 * floor) and the releases of need figures: which weeks are published, and publishing an ended
 * week early (which closes its undo window).
 */
import { createResource, createSignal, For, Show } from 'solid-js';
import { listReleases, publishThrough, type Release } from '../releases/releasesApi.js';
import { onDay, weekEnding } from '../releases/weeks.js';
import { api } from '../api.js';
import { Field } from '../ui/Field.jsx';
import { createFormState } from '../ui/formState.js';
import { RequireRole } from '../auth/RequireRole.jsx';
import '../auth/auth.css';
import { formatDateTime, formatNumber } from '../ui/wording.js';
import messages from '../../i18n/messages/admin.js';
import { labelsIn, useMessages } from '../i18n/language.js';
import type { PrivacySetting } from '../../server/settings/schemas.js';

const t = useMessages(messages);

export type { PrivacySetting } from '../../server/settings/schemas.js';

function PrivacyPanel() {
  const [setting, { mutate }] = createResource(() =>
    api.get<PrivacySetting>('/api/v1/settings/privacy'),
  );
  const [value, setValue] = createSignal('');
  const state = createFormState();

  async function save(e: SubmitEvent) {
    e.preventDefault();
    state.clear();
    const threshold = Number(value());
    await state.send(
      async () => {
        const next = await api.put<PrivacySetting>('/api/v1/settings/privacy', { threshold });
        mutate(next);
        state.succeed(t('thresholdSaved', { threshold: formatNumber(next.threshold) }));
      },
      t('couldNotReach'),
      // The one field's reason stands for the form's; the form shows no message of its own.
      (err) => (err.fields.threshold ? null : err.message),
    );
  }

  return (
    <section class="page" aria-labelledby="privacy-title">
      <h1 id="privacy-title">{t('privacyTitle')}</h1>
      <p>{t('privacyIntro')}</p>
      <Show when={setting()} fallback={<p role="status">{t('loading')}</p>}>
        {(s) => (
          <>
            <p>
              {t('inForceNow')} <strong>{formatNumber(s().threshold)}</strong>. {t('floorIs')}{' '}
              <strong>{formatNumber(s().floor)}</strong>
              {t('floorRest')}
            </p>
            <form onSubmit={save} novalidate>
              <Field
                id="privacy-threshold"
                label={t('newThreshold')}
                type="number"
                inputmode="numeric"
                min={s().floor}
                max={s().max}
                required
                hint={t('wholeNumber', {
                  floor: formatNumber(s().floor),
                  max: formatNumber(s().max),
                })}
                error={state.fields().threshold ?? state.error() ?? undefined}
                value={value() || String(s().threshold)}
                onInput={(e) => setValue(e.currentTarget.value)}
              />
              <button type="submit">{t('saveThreshold')}</button>
            </form>
            <Show when={state.notice()}>
              {(m) => (
                <p class="form-ok" role="status">
                  {m()}
                </p>
              )}
            </Show>
          </>
        )}
      </Show>
    </section>
  );
}

const REASONS: Readonly<Record<Release['reason'], string>> = labelsIn(messages, {
  scheduled: 'reasonScheduled',
  early: 'reasonEarly',
  moderation: 'reasonModeration',
  seed: 'reasonSeed',
});

/** The Monday of the last week that has ended (last week), as 'YYYY-MM-DD'. */
function lastEndedWeek(now = new Date()): string {
  const utc = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const isoDow = ((new Date(utc).getUTCDay() + 6) % 7) + 1;
  return new Date(utc - (isoDow - 1 + 7) * 86_400_000).toISOString().slice(0, 10);
}

function ReleasesPanel() {
  const [releases, { refetch }] = createResource(() => listReleases());
  const [through, setThrough] = createSignal(lastEndedWeek());
  const state = createFormState();

  async function publish(e: SubmitEvent) {
    e.preventDefault();
    state.clear();
    const week = through();
    await state.send(
      async () => {
        const { published } = await publishThrough(week);
        state.succeed(
          published.length
            ? t(published.length === 1 ? 'publishedOne' : 'publishedMany', {
                count: formatNumber(published.length),
                week: weekEnding(published[published.length - 1]!),
              })
            : t('alreadyPublished'),
        );
        void refetch();
      },
      t('couldNotReach'),
      (err) => (err.fields.through ? null : err.message),
    );
  }

  return (
    <section class="page" aria-labelledby="releases-title">
      <h2 id="releases-title">{t('releasesTitle')}</h2>
      <p>{t('releasesIntro')}</p>
      <Show when={releases.latest} fallback={<p role="status">{t('loading')}</p>}>
        {(r) => (
          <>
            <p data-testid="latest-release">
              <Show when={r().latestWeek} fallback={<>{t('noWeekYet')}</>}>
                {(week) => (
                  <>
                    {t('figuresRunTo')} <strong>{weekEnding(week())}</strong>.
                  </>
                )}
              </Show>
              <Show when={r().nextScheduled}>
                {(next) => <> {t('nextPublishedOn', { day: onDay(next()) })}</>}
              </Show>
            </p>
            <Show when={r().items.length}>
              <table class="releases">
                <caption>{t('recentReleases')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('colWeekEnding')}</th>
                    <th scope="col">{t('colPublished')}</th>
                    <th scope="col">{t('colHow')}</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={r().items}>
                    {(item) => (
                      <tr>
                        <td>
                          {weekEnding(item.week)}
                          {item.revision > 1
                            ? ` ${t('revision', { revision: formatNumber(item.revision) })}`
                            : ''}
                        </td>
                        <td>{formatDateTime(item.publishedAt)}</td>
                        <td>{REASONS[item.reason]}</td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </Show>
          </>
        )}
      </Show>
      <form onSubmit={publish} novalidate aria-labelledby="publish-early">
        <h3 id="publish-early">{t('publishEarly')}</h3>
        <Field
          id="release-through"
          label={t('publishUpTo')}
          type="date"
          required
          hint={t('publishHint')}
          error={state.fields().through ?? state.error() ?? undefined}
          value={through()}
          onInput={(e) => setThrough(e.currentTarget.value)}
        />
        <button type="submit" disabled={state.busy()}>
          {state.busy() ? t('publishing') : t('publish')}
        </button>
      </form>
      <Show when={state.notice()}>
        {(m) => (
          <p class="form-ok" role="status">
            {m()}
          </p>
        )}
      </Show>
    </section>
  );
}

export default function PrivacyPage() {
  return (
    <RequireRole roles={['admin']}>
      <PrivacyPanel />
      <ReleasesPanel />
    </RequireRole>
  );
}
