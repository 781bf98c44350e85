// Baken's own script: keyboard shortcuts and the contact page's "changed elsewhere". The live connection, screen
// pops, presence and the inbox's notice (live.js, pop.js, presence.js, inbox.js), the drafts (drafts.js) and the
// contact page's keys (contact-page.js) have their own files.
// No inline script anywhere (the Content-Security-Policy forbids it); everything that happens in the page is here.
// Two rules hold throughout: the focus belongs to the agent (nothing live ever moves it or fires a shortcut while
// they type), and nothing typed is lost (drafts are kept on the server, and in sessionStorage while it is out of reach).
(() => {
  var NOT_TEXT = /^(button|submit|reset|checkbox|radio|file|range|color|image)$/i;
  /** True when the element takes typed text: a shortcut letter there is a letter, never a command. */
  function typing(el) {
    if (!el) return false;
    if (el.isContentEditable) return true;
    if (el.tagName === 'INPUT') return !NOT_TEXT.test(el.type || '');
    return el.tagName === 'TEXTAREA' || el.tagName === 'SELECT';
  }
  function userId() {
    return (document.body && document.body.dataset.userId) || '';
  }

  // Confirmation for buttons that do something hard to undo (data-confirm="…"); registered first, so a
  // cancelled submit is not seen by the drafts (public/drafts.js, loaded after this file).
  document.addEventListener(
    'submit',
    (e) => {
      var msg = e.target && e.target.getAttribute && e.target.getAttribute('data-confirm');
      if (msg && !window.confirm(msg)) {
        e.preventDefault();
        e.stopImmediatePropagation();
      }
    },
    true,
  );

  // ---------------------------------------------------------------------------------------------------------
  // Shortcuts: single keys only outside text fields and without Ctrl/Alt/Meta; "?" lists them all.
  var shortcutsReturn = null;
  function openShortcuts() {
    var dlg = document.getElementById('shortcuts');
    if (!dlg || dlg.open) return;
    shortcutsReturn = document.activeElement;
    dlg.showModal();
  }
  document.addEventListener('DOMContentLoaded', () => {
    var dlg = document.getElementById('shortcuts');
    if (dlg)
      dlg.addEventListener('close', () => {
        if (shortcutsReturn && shortcutsReturn.isConnected && shortcutsReturn.focus) shortcutsReturn.focus();
        shortcutsReturn = null;
      });
  });

  document.addEventListener('keydown', (e) => {
    if (e.defaultPrevented || e.isComposing || e.repeat) return;
    if (e.ctrlKey || e.metaKey || e.altKey || !userId()) return;
    if (typing(document.activeElement)) return;
    var dlg = document.getElementById('shortcuts');
    if (dlg && dlg.open) return; // the dialog handles its own keys (Escape closes it)
    if (e.key === '?') {
      e.preventDefault();
      openShortcuts();
      return;
    }
    if (e.shiftKey) return;
    switch (e.key) {
      case '/':
        var q = document.getElementById('q');
        if (q) {
          e.preventDefault();
          q.focus();
          q.select();
        }
        return;
      case 'n':
        e.preventDefault();
        window.location.href = '/contacts/new';
        return;
    }
  });

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach((k) => {
      node.setAttribute(k, attrs[k]);
    });
    (children || []).forEach((c) => {
      node.append(c);
    });
    return node;
  }

  // ---------------------------------------------------------------------------------------------------------
  // The contact page when the contact changes elsewhere: the form is never redrawn under the agent's hands (that
  // would throw away what they are changing); a notice offers the reload instead. The agent's own change also
  // arrives as an event: it is looked at once their request has been answered and swapped in, and a version no
  // newer than the page's is nothing new. An event without a version (bookkeeping such as a mail leaving the
  // outbox or a call ending) changed nothing the form shows; a stale save would still answer 409.
  var inFlight = new Set();
  var changedVersion = 0;
  document.addEventListener('htmx:before:request', (e) => {
    if (e.detail && e.detail.ctx) inFlight.add(e.detail.ctx);
  });
  ['htmx:after:request', 'htmx:error'].forEach((name) => {
    document.addEventListener(name, (e) => {
      if (e.detail && e.detail.ctx) inFlight.delete(e.detail.ctx);
    });
  });
  function pageVersion() {
    var input = document.querySelector('#contact-update input[name="version"]');
    return input ? Number(input.value) || 0 : 0;
  }
  function contactChanged(d) {
    var box = document.getElementById('contact-changed');
    var article = document.querySelector('article.contact[data-contact-id]');
    if (!box || !article || !d || String(d.id) !== article.getAttribute('data-contact-id')) return;
    var tries = 0;
    var check = () => {
      // A request whose element a swap has removed is never reported back to the document: it no longer counts.
      inFlight.forEach((ctx) => {
        var src = ctx.sourceElement || ctx.elt;
        if (src && !src.isConnected) inFlight.delete(ctx);
      });
      var swapping = window.bakenDrafts && window.bakenDrafts.swapPending();
      if ((inFlight.size > 0 || swapping) && ++tries < 40) {
        setTimeout(check, 300);
        return;
      }
      var v = typeof d.version === 'number' ? d.version : 0;
      if (v <= pageVersion()) return;
      changedVersion = Math.max(changedVersion, v);
      if (!box.hidden) return;
      var reload = el('a', { href: window.location.pathname + window.location.search }, [
        String(box.dataset.reload || 'Reload'),
      ]);
      box.replaceChildren(String(box.dataset.label || '') + ' ', reload);
      box.hidden = false;
    };
    setTimeout(check, 300);
  }
  // The live stream's "contact.updated" (a DOM event from public/live.js's #live, with the contact's id and version).
  document.addEventListener('contact.updated', (e) => {
    try {
      contactChanged(JSON.parse(e.detail.data));
    } catch (_) {
      /* ignore a broken event */
    }
  });
  /** After the agent's own save drew the form anew at the newest version, the notice has nothing left to say. */
  function contactSwapped() {
    var box = document.getElementById('contact-changed');
    if (box && !box.hidden && pageVersion() >= changedVersion) {
      box.hidden = true;
      box.replaceChildren();
    }
  }
  // public/drafts.js says when a swap is done (and which inbox list was there before it).
  document.addEventListener('baken:swapped', (e) => {
    contactSwapped();
    // A freshly drawn inbox list has nothing new to announce yet.
    var results = document.getElementById('inbox-results');
    var news = document.getElementById('inbox-news');
    if (results && news && e.detail && results !== e.detail.results) news.replaceChildren();
  });

  // ---------------------------------------------------------------------------------------------------------
})();
