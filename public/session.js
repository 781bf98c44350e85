// Session warning: a few minutes before the session ends, an accessible banner (role="status") says
// so; a keystroke or click anywhere extends the session (POST /session/extend, at most once a minute). Polling
// GET /session/status never extends it, so background requests cannot keep an unattended desk signed in.
(() => {
  const banner = document.getElementById('session-warning');
  if (!banner) return;
  const texts = JSON.parse(banner.dataset.texts || '{}');
  const csrf = document.querySelector('meta[name="csrf-token"]')?.getAttribute('content') || '';
  const WARN_SECONDS = 5 * 60;
  const EXTEND_EVERY_MS = 60_000;
  let idleEndsAt = 0;
  let absoluteEndsAt = 0;
  let lastExtend = 0;
  let timer = 0;
  let ended = false;

  const fill = (text, minutes) => String(text || '').replace('{minutes}', String(minutes));

  function show(message, withButton) {
    banner.replaceChildren();
    const p = document.createElement('p');
    p.textContent = message;
    banner.append(p);
    if (withButton) {
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = texts.stay;
      b.addEventListener('click', () => extend(true));
      banner.append(b);
    }
    banner.classList.add('is-visible');
  }
  function hide() {
    banner.replaceChildren();
    banner.classList.remove('is-visible');
  }

  function render() {
    if (ended) return show(texts.ended, false);
    const now = Date.now();
    const left = Math.min(idleEndsAt, absoluteEndsAt) - now;
    if (left <= 0) {
      ended = true;
      return show(texts.ended, false);
    }
    if (left > WARN_SECONDS * 1000) return hide();
    const minutes = Math.max(1, Math.ceil(left / 60_000));
    if (absoluteEndsAt <= idleEndsAt) show(fill(texts.absolute, minutes), false);
    else show(fill(texts.warning, minutes), true);
  }

  function schedule() {
    clearTimeout(timer);
    const left = Math.min(idleEndsAt, absoluteEndsAt) - Date.now();
    // Check again well before the warning is due, and every 15 s once it shows.
    const wait = left > (WARN_SECONDS + 60) * 1000 ? Math.min(left - WARN_SECONDS * 1000, 60_000) : 15_000;
    timer = setTimeout(() => void status(), Math.max(1000, wait));
  }

  function apply(res) {
    if (res.status === 401) {
      ended = true;
      render();
      return;
    }
    return res.json().then((s) => {
      const now = Date.now();
      idleEndsAt = now + s.idleSeconds * 1000;
      absoluteEndsAt = now + s.absoluteSeconds * 1000;
      render();
      schedule();
    });
  }

  function status() {
    return fetch('/session/status', { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(apply)
      .catch(() => schedule());
  }

  function extend(force) {
    if (ended) return;
    const now = Date.now();
    if (!force && now - lastExtend < EXTEND_EVERY_MS) return;
    lastExtend = now;
    fetch('/session/extend', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'X-CSRF-Token': csrf, Accept: 'application/json' },
    })
      .then(apply)
      .catch(() => undefined);
  }

  // While the warning shows, the first keystroke or click extends at once; otherwise at most once a minute.
  const onActivity = () => extend(banner.classList.contains('is-visible'));
  document.addEventListener('keydown', onActivity, { capture: true, passive: true });
  document.addEventListener('click', onActivity, { capture: true, passive: true });
  // Back at the desk (the window regains focus, the laptop wakes): ask again instead of trusting old timers.
  window.addEventListener('focus', () => void status());
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible') void status();
  });
  lastExtend = Date.now(); // loading this page was itself an action
  void status();
})();
