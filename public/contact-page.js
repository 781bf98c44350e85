// A contact's page at the keyboard (issue 23): the whole call written down without the mouse and in few keys.
// - Ctrl+Enter saves everything, Ctrl+Shift+Enter saves everything and resolves, Alt+A assigns to me (and saves
//   everything), Alt+N goes to the note, Alt+G / Alt+Shift+G to the next / previous group of fields. These
//   work while typing too (they carry a modifier) and are listed under "?".
// - In a safe-contact question (a radio group) j or y answers yes, n no, o or u "not asked", and the focus goes
//   on to the next question (arrow keys move within the group as usual and stay there).
// - The topic is a combobox (public/combobox.js completes a name typed in part).
// Every action posts the whole form (the server saves every field with it): nothing the agent changed is lost.
(() => {
  function contactForm() {
    return document.getElementById('contact-update');
  }
  function completeAll(form) {
    if (window.bakenCombobox) window.bakenCombobox.completeAll(form);
  }

  function submitWith(id) {
    var form = contactForm();
    var button = document.getElementById(id);
    if (!form || !button || button.form !== form) return;
    completeAll(form);
    form.requestSubmit(button);
  }

  /** The first field of each group, in page order: a radio group counts by its chosen answer. */
  var GROUPS = ['.handling', '#note-field', '.wrap-up .row', '.flag-group', 'fieldset.topics', '.callback', '.details'];
  function groupStarts() {
    var out = [];
    document.querySelectorAll(GROUPS.join(',')).forEach((g) => {
      var radio = g.querySelector('input[type=radio]:checked');
      var first =
        radio ||
        g.querySelector(
          'textarea, select, input:not([type=hidden]):not([type=checkbox]), input[type=checkbox], button',
        );
      if (first && !first.disabled) out.push(first);
    });
    return out;
  }
  function moveGroup(step) {
    var starts = groupStarts();
    if (!starts.length) return;
    var here = document.activeElement;
    var i = -1;
    starts.forEach((s, k) => {
      // The group the focus is in (or the last group that starts before it).
      if (s === here || (here && s.compareDocumentPosition(here) & Node.DOCUMENT_POSITION_FOLLOWING)) i = k;
    });
    var next = starts[Math.min(Math.max(i + step, 0), starts.length - 1)];
    if (step < 0 && i === -1) next = starts[0];
    next.focus();
  }

  /** After answering a safe-contact question: the next question, or the field after the last one. */
  function afterFlag(group) {
    var groups = Array.prototype.slice.call(document.querySelectorAll('[data-flag-group]'));
    var next = groups[groups.indexOf(group) + 1];
    if (next) {
      (next.querySelector('input[type=radio]:checked') || next.querySelector('input[type=radio]')).focus();
      return;
    }
    var topic = document.getElementById('u-topic');
    if (topic) topic.focus();
  }
  var FLAG_KEYS = { j: 'yes', y: 'yes', n: 'no', o: '', u: '' };

  document.addEventListener(
    'keydown',
    (e) => {
      if (e.defaultPrevented || e.isComposing) return;
      var form = contactForm();
      if (!form) return;
      var dlg = document.getElementById('shortcuts');
      if (dlg && dlg.open) return;
      var key = (e.key || '').toLowerCase();
      var target = e.target;
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !e.altKey) {
        e.preventDefault();
        submitWith(e.shiftKey ? 'u-resolve' : 'u-save');
        return;
      }
      if (e.altKey && !e.ctrlKey && !e.metaKey) {
        if (key === 'n' && !e.shiftKey) {
          e.preventDefault();
          var note = document.getElementById('note');
          if (note) note.focus();
        } else if (key === 'a' && !e.shiftKey) {
          e.preventDefault();
          submitWith('u-take');
        } else if (key === 'g') {
          e.preventDefault();
          moveGroup(e.shiftKey ? -1 : 1);
        }
        return;
      }
      if (e.ctrlKey || e.metaKey || e.altKey || e.shiftKey) return;
      var group = target && target.type === 'radio' && target.closest && target.closest('[data-flag-group]');
      if (group && Object.hasOwn(FLAG_KEYS, key)) {
        var radio = group.querySelector('input[type=radio][value="' + FLAG_KEYS[key] + '"]');
        if (!radio) return;
        // Handled here: the page-wide single-key shortcuts (n: new contact) never see it.
        e.preventDefault();
        e.stopPropagation();
        if (!radio.checked) {
          radio.checked = true;
          radio.dispatchEvent(new Event('input', { bubbles: true }));
          radio.dispatchEvent(new Event('change', { bubbles: true }));
        }
        afterFlag(group);
      }
    },
    true,
  );
})();
