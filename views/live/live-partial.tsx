import type { Child } from 'hono/jsx';

/**
 * One piece of a live message (htmx 4's `<hx-partial>`, written as the template it stands for): htmx swaps the
 * children into every element `target` (a CSS selector) matches, in the way `swap` says (innerHTML, outerMorph,
 * afterbegin …). A selector that matches nothing on a page changes nothing there, so one message serves every
 * open page: the contact page takes its presence line, the inbox its notice, any page its screen pops.
 */
export function LivePartial(props: { target: string; swap: string; children?: Child }) {
  return (
    <template hx="" type="partial" hx-target={props.target} hx-swap={props.swap}>
      {props.children}
    </template>
  );
}

/** On an element that asks the server by itself (live, presence, the inbox's notice): an error answer draws nothing. */
export const noSwapOnError = { 'hx-status:4xx': 'swap:none', 'hx-status:5xx': 'swap:none' } as const;
