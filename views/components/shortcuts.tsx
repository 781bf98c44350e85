import type { Translate } from '../../src/i18n/i18n.js';

/** The list of keyboard shortcuts, opened with "?" (public/app.js); a native dialog, so Escape closes it. */
export function ShortcutsDialog(props: { t: Translate }) {
  const { t } = props;
  const keys: [string, Parameters<Translate>[0]][] = [
    ['/', 'shortcuts.search'],
    ['n', 'shortcuts.new'],
    ['t', 'shortcuts.take'],
    ['o', 'shortcuts.open'],
    ['Esc', 'shortcuts.close'],
    ['?', 'shortcuts.help'],
  ];
  // public/contact-page.js
  const contactKeys: [string, Parameters<Translate>[0]][] = [
    ['Alt+N', 'shortcuts.focusNote'],
    ['Ctrl+Enter', 'shortcuts.save'],
    ['Ctrl+Shift+Enter', 'shortcuts.saveResolve'],
    ['Alt+A', 'shortcuts.assignMe'],
    ['Alt+G', 'shortcuts.nextGroup'],
    ['j / n / o', 'shortcuts.flag'],
  ];
  return (
    <dialog id="shortcuts" class="shortcuts" aria-labelledby="shortcuts-h">
      <h2 id="shortcuts-h">{t('shortcuts.title')}</h2>
      <p class="hint">{t('shortcuts.hint')}</p>
      <dl>
        {keys.map(([k, label]) => (
          <>
            <dt>
              <kbd>{k}</kbd>
            </dt>
            <dd>{t(label)}</dd>
          </>
        ))}
      </dl>
      <h3>{t('shortcuts.contactPage')}</h3>
      <dl>
        {contactKeys.map(([k, label]) => (
          <>
            <dt>
              <kbd>{k}</kbd>
            </dt>
            <dd>{t(label)}</dd>
          </>
        ))}
      </dl>
      <form method="dialog">
        <button type="submit">{t('shortcuts.dismiss')}</button>
      </form>
    </dialog>
  );
}
