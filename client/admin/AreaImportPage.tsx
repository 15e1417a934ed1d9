/**
 * /admin/areas (admin): import boundaries (an ONS GeoJSON download) with upload progress. The
 * file goes to POST /api/v1/areas/import as it is; XMLHttpRequest is used here instead of the
 * fetch layer because only it reports upload progress. Once uploaded, the server's own progress
 * (GET /api/v1/areas/import/status) is polled and shown. Areas with the same code are replaced.
 */
import { createAsync, revalidate } from '@solidjs/router';
import { createSignal, For, onCleanup, Show } from 'solid-js';
import { api } from '../api.js';
import { RequireRole } from '../auth/RequireRole.jsx';
import { getAreas } from '../ui/referenceData.js';
import { areaKindName, formatNumber } from '../ui/wording.js';
import messages from '../../i18n/messages/admin.js';
import { labelsIn, useMessages } from '../i18n/language.js';
import '../auth/auth.css';
import './admin.css';
import type {
  AreaImportResult as ImportResult,
  ImportStatus as ServerProgress,
} from '../../server/areas/schemas.js';

const t = useMessages(messages);

const KINDS = [
  ['', 'kindDetect'],
  ['ward', 'kindWards'],
  ['lsoa', 'kindLsoas'],
  ['msoa', 'kindMsoas'],
  ['lad', 'kindLads'],
] as const;

const STEP_LABELS: Readonly<Record<NonNullable<ServerProgress['phase']>, string>> = labelsIn(
  messages,
  { reading: 'stepReading', covering: 'stepCovering', writing: 'stepWriting' },
);

type Phase =
  | { kind: 'idle' }
  | { kind: 'uploading'; sent: number; total: number }
  | { kind: 'processing'; step?: ServerProgress }
  | { kind: 'done'; result: ImportResult }
  | { kind: 'failed'; message: string; fields: [string, string][] };

function upload(
  file: File,
  kind: string,
  csrf: string,
  onProgress: (sent: number, total: number) => void,
): Promise<ImportResult> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', `/api/v1/areas/import${kind ? `?kind=${encodeURIComponent(kind)}` : ''}`);
    xhr.setRequestHeader('Content-Type', 'application/json');
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('X-CSRF-Token', csrf);
    xhr.upload.onprogress = (e) => onProgress(e.loaded, e.lengthComputable ? e.total : file.size);
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = undefined;
      }
      if (xhr.status === 200) resolve(body as ImportResult);
      else
        reject(
          (body as { error?: { message: string; details?: Record<string, string> } } | undefined)
            ?.error ?? { message: t('importFailedStatus', { status: xhr.status }) },
        );
    };
    xhr.onerror = () => reject({ message: t('uploadDidNotReach') });
    xhr.send(file);
  });
}

function AreaImport() {
  const [file, setFile] = createSignal<File | null>(null);
  const [kind, setKind] = createSignal('');
  const [phase, setPhase] = createSignal<Phase>({ kind: 'idle' });
  const areas = createAsync(() => getAreas());

  // While the server works on the file, show how far it has got.
  const poll = setInterval(() => {
    if (phase().kind !== 'processing') return;
    api.get<ServerProgress>('/api/v1/areas/import/status').then(
      (step) => {
        if (phase().kind === 'processing' && step.running) setPhase({ kind: 'processing', step });
      },
      () => {},
    );
  }, 1000);
  onCleanup(() => clearInterval(poll));

  async function submit(e: SubmitEvent) {
    e.preventDefault();
    const f = file();
    if (!f) {
      setPhase({ kind: 'failed', message: t('chooseFile'), fields: [] });
      return;
    }
    try {
      // The session's CSRF token, fresh: the upload is a cookie-authenticated write.
      const { csrfToken } = await api.get<{ csrfToken: string }>('/api/v1/auth/session');
      setPhase({ kind: 'uploading', sent: 0, total: f.size });
      const result = await upload(f, kind(), csrfToken, (sent, total) =>
        setPhase(sent >= total ? { kind: 'processing' } : { kind: 'uploading', sent, total }),
      );
      setPhase({ kind: 'done', result });
      void revalidate(getAreas.key);
    } catch (err) {
      const e2 = err as { message?: string; details?: Record<string, string> };
      setPhase({
        kind: 'failed',
        message: e2.message ?? t('importFailed'),
        fields: Object.entries(e2.details ?? {}).slice(0, 20),
      });
    }
  }

  const percent = () => {
    const p = phase();
    if (p.kind === 'processing' && p.step?.phase)
      return Math.round((p.step.done / Math.max(1, p.step.total)) * 100);
    return p.kind === 'uploading'
      ? Math.round((p.sent / Math.max(1, p.total)) * 100)
      : p.kind === 'idle' || p.kind === 'failed'
        ? 0
        : 100;
  };

  return (
    <section class="page" aria-labelledby="areas-title">
      <h1 id="areas-title">{t('areasTitle')}</h1>
      <p>
        {t('areasIntroBefore')} <code>*CD</code> {t('areasIntroAnd')} <code>*NM</code>{' '}
        {t('areasIntroAfter')}
      </p>
      <form onSubmit={submit}>
        <div class="field">
          <label for="areas-file">{t('boundaryFile')}</label>
          <input
            id="areas-file"
            type="file"
            accept=".geojson,.json,application/geo+json,application/json"
            required
            onChange={(e) => setFile(e.currentTarget.files?.[0] ?? null)}
          />
        </div>
        <div class="field">
          <label for="areas-kind">{t('kindOfArea')}</label>
          <select id="areas-kind" value={kind()} onChange={(e) => setKind(e.currentTarget.value)}>
            <For each={KINDS}>{([v, label]) => <option value={v}>{t(label)}</option>}</For>
          </select>
        </div>
        <button
          type="submit"
          disabled={phase().kind === 'uploading' || phase().kind === 'processing'}
        >
          {t('importButton')}
        </button>
      </form>

      <Show when={phase().kind !== 'idle'}>
        <div class="field" style={{ 'margin-top': '1rem' }}>
          <label for="areas-progress">
            {phase().kind === 'processing' ? t('importButton') : t('uploadLabel')}
          </label>
          <progress
            id="areas-progress"
            class="import-progress"
            max="100"
            value={percent()}
            aria-describedby="areas-progress-text"
          />
          <span id="areas-progress-text" role="status">
            {(() => {
              const p = phase();
              if (p.kind === 'uploading')
                return t('uploadingProgress', {
                  percent: formatNumber(percent()),
                  size: formatNumber(p.total / 1_048_576, {
                    minimumFractionDigits: 1,
                    maximumFractionDigits: 1,
                  }),
                });
              if (p.kind === 'processing') {
                const s = p.step;
                return s?.phase
                  ? t('uploadedStep', {
                      step: STEP_LABELS[s.phase],
                      done: formatNumber(s.done),
                      total: formatNumber(s.total),
                    })
                  : t('uploadedChecking');
              }
              if (p.kind === 'done')
                return t('importDone', {
                  imported: formatNumber(p.result.imported),
                  skipped: formatNumber(p.result.skipped),
                });
              return '';
            })()}
          </span>
        </div>
      </Show>
      <Show
        when={phase().kind === 'failed' ? (phase() as Extract<Phase, { kind: 'failed' }>) : null}
      >
        {(p) => (
          <div class="form-error" role="alert">
            <p>{p().message}</p>
            <Show when={p().fields.length}>
              <ul>
                <For each={p().fields}>
                  {([field, reason]) => (
                    <li>
                      <code>{field}</code>: {reason}
                    </li>
                  )}
                </For>
              </ul>
            </Show>
          </div>
        )}
      </Show>

      <h2>{t('importedAreas')}</h2>
      <Show when={areas.latest} fallback={<p role="status">{t('loading')}</p>}>
        {(page) => (
          <Show when={page().items.length} fallback={<p>{t('noAreas')}</p>}>
            <p class="hint">
              {t('areasCount', {
                count: `${formatNumber(page().items.length)}${page().nextCursor ? '+' : ''}`,
              })}
            </p>
            <div class="table-scroll">
              <table class="admin-table">
                <thead>
                  <tr>
                    <th scope="col">{t('colName')}</th>
                    <th scope="col">{t('colCode')}</th>
                    <th scope="col">{t('colKind')}</th>
                  </tr>
                </thead>
                <tbody>
                  <For each={page().items}>
                    {(a) => (
                      <tr>
                        <td>{a.name}</td>
                        <td>
                          <code>{a.code}</code>
                        </td>
                        <td>{areaKindName(a.kind)}</td>
                      </tr>
                    )}
                  </For>
                </tbody>
              </table>
            </div>
          </Show>
        )}
      </Show>
    </section>
  );
}

export default function AreaImportPage() {
  return (
    <RequireRole roles={['admin']}>
      <AreaImport />
    </RequireRole>
  );
}
