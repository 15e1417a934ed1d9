/** Sentences with a link inside them, translated whole: the catalogue's `{link}` marks where the link goes. */
import type { JSX } from 'solid-js';

/** A message with one `{name}` placeholder filled by an element (a link): the words either side of it, and it. */
export function around(message: string, name: string, element: JSX.Element): JSX.Element {
  const [before = '', after = ''] = message.split(`{${name}}`);
  return (
    <>
      {before}
      {element}
      {after}
    </>
  );
}
