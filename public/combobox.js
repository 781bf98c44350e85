// Comboboxes (issue 23): a text field with a <datalist> of names (topics, countries). What is typed in part ("opv",
// "nig") becomes the one entry that starts so — or, when none does, the one with a word that starts so — when the
// field is left or its form is sent; anything else goes to the server as typed, which refuses it by the field.
// Case, accents and spacing do not matter ("roemenie" finds "Roemenië"). When a part starts several entries, an
// entry marked `data-common` wins if it is the only one marked ("nig": Nigeria, one of the desk's common nationalities,
// before Niger).
(() => {
  function comparable(s) {
    return String(s || '')
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/\s+/g, ' ')
      .trim();
  }

  /** Completes a combobox's partly typed text to the one list entry it starts (or starts a word of). */
  function complete(input) {
    var list = input && input.list;
    var typed = comparable(input && input.value);
    if (!list || !typed) return;
    var labels = Array.prototype.map.call(list.options, (o) => o.value);
    // The whole name typed without its case or accents ("roemenie"): written as the list writes it.
    var whole = labels.filter((l) => comparable(l) === typed);
    // An entry that starts so comes first; only when none does, one with a word that starts so.
    var hits = whole.length ? whole : labels.filter((l) => comparable(l).indexOf(typed) === 0);
    if (hits.length === 0)
      hits = labels.filter((l) =>
        comparable(l)
          .split(/[^a-z0-9]+/)
          .some((w) => w && w.indexOf(typed) === 0),
      );
    // Several: the one the list marks as common at the desk ("Nig": Nigeria, not Niger), if just one is.
    if (hits.length > 1) {
      var common = Array.prototype.filter.call(list.options, (o) => o.hasAttribute('data-common')).map((o) => o.value);
      hits = hits.filter((l) => common.indexOf(l) >= 0);
    }
    if (hits.length !== 1 || input.value === hits[0]) return;
    input.value = hits[0];
    input.dispatchEvent(new Event('input', { bubbles: true }));
  }
  document.addEventListener('change', (e) => {
    if (e.target && e.target.matches && e.target.matches('input[data-combobox]')) complete(e.target);
  });
  function completeAll(form) {
    if (form && form.querySelectorAll)
      Array.prototype.forEach.call(form.querySelectorAll('input[data-combobox]'), complete);
  }
  // Before htmx reads the form (it listens to "submit" itself): complete what was typed in its comboboxes when
  // a button is pressed (pointer or keyboard) or Enter submits from a field.
  ['pointerdown', 'keydown'].forEach((type) => {
    document.addEventListener(
      type,
      (e) => {
        var t = e.target;
        if (type === 'keydown' && e.key !== 'Enter' && e.key !== ' ') return;
        if (t && t.form && (t.type === 'submit' || (type === 'keydown' && e.key === 'Enter'))) completeAll(t.form);
      },
      true,
    );
  });

  document.addEventListener(
    'submit',
    (e) => {
      completeAll(e.target);
    },
    true,
  );

  window.bakenCombobox = { completeAll: completeAll };
})();
