/**
 * /admin/taxonomy (admin): the two-level tree of need tags. Rename a tag in place, move it to
 * another group, or add a tag. Slugs never change once created: flags and services refer to them.
 */
import { createSignal, For, Show } from 'solid-js';
import { api, ApiError } from '../api.js';
import { RequireRole } from '../auth/RequireRole.jsx';
import { refreshTaxonomy, taxonomy, taxonomyTree, type TaxonomyTerm } from '../map/taxonomy.js';
import '../auth/auth.css';
import './admin.css';
import messages from '../../i18n/messages/admin.js';
import { useMessages } from '../i18n/language.js';

const t = useMessages(messages);

const slugOf = (name: string) =>
  name
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
const problem = (e: unknown) =>
  e instanceof ApiError
    ? Object.entries(e.fields)
        .map(([f, r]) => `${f} ${r}`)
        .join('; ') || e.message
    : t('couldNotReach');

function TaxonomyEditor() {
  // The app's taxonomy: refreshing it after an edit refreshes every page's tag names.
  const terms = taxonomy;
  const refetch = refreshTaxonomy;
  const [message, setMessage] = createSignal<{ ok: boolean; text: string } | null>(null);
  const [name, setName] = createSignal('');
  const [slug, setSlug] = createSignal('');
  const [parent, setParent] = createSignal('');
  const groups = () => taxonomyTree(terms.latest ?? []);

  async function rename(term: TaxonomyTerm, newName: string) {
    if (!newName.trim() || newName === term.name) return;
    try {
      await api.patch(`/api/v1/taxonomy/${term.slug}`, { name: newName.trim() });
      setMessage({ ok: true, text: t('renamed', { from: term.name, to: newName.trim() }) });
      void refetch();
    } catch (e) {
      setMessage({ ok: false, text: t('namedProblem', { name: term.name, problem: problem(e) }) });
    }
  }
  async function move(term: TaxonomyTerm, to: string) {
    try {
      await api.patch(`/api/v1/taxonomy/${term.slug}`, { parent: to });
      setMessage({ ok: true, text: t('moved', { name: term.name }) });
      void refetch();
    } catch (e) {
      setMessage({ ok: false, text: t('namedProblem', { name: term.name, problem: problem(e) }) });
    }
  }
  async function add(e: SubmitEvent) {
    e.preventDefault();
    try {
      const created = await api.post<TaxonomyTerm>('/api/v1/taxonomy', {
        name: name().trim(),
        slug: slug() || slugOf(name()),
        parent: parent() || null,
      });
      setMessage({ ok: true, text: t('added', { name: created.name, slug: created.slug }) });
      setName('');
      setSlug('');
      void refetch();
    } catch (err) {
      setMessage({ ok: false, text: problem(err) });
    }
  }

  return (
    <section class="page" aria-labelledby="taxonomy-title">
      <h1 id="taxonomy-title">{t('taxonomyTitle')}</h1>
      <p class="hint">{t('taxonomyIntro')}</p>
      <Show when={message()}>
        {(m) => (
          <p class={m().ok ? 'form-ok' : 'form-error'} role={m().ok ? 'status' : 'alert'}>
            {m().text}
          </p>
        )}
      </Show>

      <form onSubmit={add} class="admin-filters" aria-labelledby="taxonomy-add">
        <h2 id="taxonomy-add" class="visually-hidden">
          {t('addATag')}
        </h2>
        <div class="field">
          <label for="new-tag-name">{t('newTagName')}</label>
          <input
            id="new-tag-name"
            required
            maxLength={120}
            value={name()}
            onInput={(e) => setName(e.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="new-tag-slug">{t('slug')}</label>
          <input
            id="new-tag-slug"
            aria-describedby="new-tag-slug-hint"
            placeholder={slugOf(name()) || t('slugExample')}
            value={slug()}
            onInput={(e) => setSlug(e.currentTarget.value)}
          />
          <span id="new-tag-slug-hint" class="hint">
            {t('slugHint')}
          </span>
        </div>
        <div class="field">
          <label for="new-tag-parent">{t('group')}</label>
          <select
            id="new-tag-parent"
            value={parent()}
            onChange={(e) => setParent(e.currentTarget.value)}
          >
            <option value="">{t('noneNewGroup')}</option>
            <For each={groups()}>{(g) => <option value={g.term.slug}>{g.term.name}</option>}</For>
          </select>
        </div>
        <button type="submit">{t('addTag')}</button>
      </form>

      <Show when={terms.latest} fallback={<p role="status">{t('loading')}</p>}>
        <ul class="taxonomy-tree" aria-label={t('tagsByGroup')}>
          <For each={groups()}>
            {(g) => (
              <li>
                <TagRow term={g.term} onRename={rename} />
                <ul aria-label={t('tagsIn', { group: g.term.name })}>
                  <For each={g.children}>
                    {(child) => (
                      <li>
                        <TagRow term={child} onRename={rename}>
                          <label class="visually-hidden" for={`move-${child.slug}`}>
                            {t('groupOf', { name: child.name })}
                          </label>
                          <select
                            id={`move-${child.slug}`}
                            value={child.parent ?? ''}
                            onChange={(e) => void move(child, e.currentTarget.value)}
                          >
                            <For each={groups()}>
                              {(o) => <option value={o.term.slug}>{o.term.name}</option>}
                            </For>
                          </select>
                        </TagRow>
                      </li>
                    )}
                  </For>
                </ul>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </section>
  );
}

function TagRow(props: {
  term: TaxonomyTerm;
  onRename: (t: TaxonomyTerm, name: string) => Promise<void>;
  children?: unknown;
}) {
  let input!: HTMLInputElement;
  return (
    <form
      class="tag-row"
      onSubmit={(e) => {
        e.preventDefault();
        void props.onRename(props.term, input.value);
      }}
    >
      <label class="visually-hidden" for={`name-${props.term.slug}`}>
        {t('nameOf', { slug: props.term.slug })}
      </label>
      <input id={`name-${props.term.slug}`} ref={input} value={props.term.name} maxLength={120} />
      <span class="slug">{props.term.slug}</span>
      <button type="submit" class="secondary">
        {t('rename')}
        <span class="visually-hidden"> {props.term.name}</span>
      </button>
      {props.children as never}
    </form>
  );
}

export default function TaxonomyPage() {
  return (
    <RequireRole roles={['admin']}>
      <TaxonomyEditor />
    </RequireRole>
  );
}
