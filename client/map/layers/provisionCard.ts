/**
 * The card a Link Worker reads about one service at one place, as DOM for a MapLibre popup.
 * Built with textContent only: names and summaries are user-entered text, never HTML.
 * It leads somewhere: open the service, refer someone or shortlist it (Link Workers), or copy it for a message.
 */
import { messagesIn } from '../../../i18n/define.js';
import shortlistMessages from '../../../i18n/messages/shortlist.js';
import { shareService } from '../../directory/shareService.js';
import { inTray, toggleInTray, trayItems } from '../../shortlist/tray.js';
import { tagName } from '../taxonomy.js';
import type { ServicePointProperties } from './provisionLayer.js';
import messages from '../../../i18n/messages/services.js';
import { useMessages } from '../../i18n/language.js';

const t = useMessages(messages);
const COST = { free: 'costFree', low_cost: 'costLow', paid: 'costPaid' } as const satisfies Record<
  ServicePointProperties['cost'],
  keyof typeof messages.en
>;
const ACCEPTING = {
  open: 'acceptingOpen',
  waitlist: 'acceptingWaitlist',
  full: 'acceptingFull',
} as const satisfies Record<ServicePointProperties['accepting'], keyof typeof messages.en>;
const word = (table: Record<string, keyof typeof messages.en>, value: string) =>
  table[value] ? t(table[value]) : value;

/** One line of facts, shared by the card and the list. */
export function serviceFacts(p: ServicePointProperties): string {
  const facts = [p.locationName, word(COST, p.cost), word(ACCEPTING, p.accepting)];
  if (p.status === 'paused') facts.unshift(t('paused'));
  if (p.bookable) facts.push(t('bookableVenue'));
  return facts.filter(Boolean).join(' · ');
}

const shortlistWords = messagesIn(shortlistMessages, 'en');

/** "Add to shortlist" in a popup: the tray is kept for the tab, and made in the Directory. */
function shortlistButton(p: ServicePointProperties, said: HTMLElement): HTMLButtonElement {
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'secondary';
  const show = () => {
    const on = inTray(p.serviceId);
    button.textContent = on
      ? shortlistWords('removeFromShortlist')
      : shortlistWords('addToShortlist');
    button.setAttribute('aria-pressed', String(on));
  };
  show();
  button.addEventListener('click', () => {
    said.textContent = toggleInTray({ id: p.serviceId, name: p.name })
      ? `${shortlistWords('trayCount', { count: trayItems().length })}. ${shortlistWords('makeFromDirectory')}`
      : shortlistWords('trayFull');
    show();
  });
  return button;
}

export function serviceCard(
  p: ServicePointProperties,
  options: { canRefer: boolean },
): HTMLElement {
  const card = document.createElement('article');
  card.className = 'service-card';
  card.dataset.serviceId = p.serviceId;
  const title = document.createElement('h3');
  title.textContent = p.name;
  const summary = document.createElement('p');
  summary.textContent = p.summary;
  const facts = document.createElement('p');
  facts.className = 'hint';
  facts.textContent = serviceFacts(p);
  card.append(title, summary, facts);
  if (p.tags.length) {
    const tags = document.createElement('ul');
    tags.className = 'tag-list';
    tags.setAttribute('aria-label', t('tags'));
    for (const slug of p.tags) {
      const li = document.createElement('li');
      li.textContent = tagName(slug);
      tags.append(li);
    }
    card.append(tags);
  }
  const actions = document.createElement('p');
  actions.className = 'popup-actions';
  const link = (href: string, text: string, label: string) => {
    const a = document.createElement('a');
    a.className = 'button secondary';
    a.href = href;
    a.textContent = text;
    a.setAttribute('aria-label', label);
    return a;
  };
  actions.append(link(`/services/${p.serviceId}`, t('open'), t('openName', { name: p.name })));
  if (options.canRefer)
    actions.append(link(`/refer/${p.serviceId}`, t('refer'), t('referName', { name: p.name })));
  const said = document.createElement('span');
  if (options.canRefer && p.status === 'active') actions.append(shortlistButton(p, said));
  const copy = document.createElement('button');
  copy.type = 'button';
  copy.className = 'secondary';
  copy.textContent = t('copyForMessage');
  said.className = 'hint';
  said.setAttribute('role', 'status');
  copy.addEventListener(
    'click',
    () => void shareService(p.serviceId, p.name).then((m) => (said.textContent = m)),
  );
  actions.append(copy);
  card.append(actions, said);
  return card;
}
