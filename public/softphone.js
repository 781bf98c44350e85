// The phone page (views/calls/softphone.tsx): registers the softphone with a token from /voice/token, rings with
// accept and decline, and during a call offers mute, hold, hang up and transfer. Accepting takes the caller's
// contact (as "take this call" does) and opens it in another tab, so the call on this page stays connected.
(() => {
  var root = document.getElementById('softphone');
  if (!root || !window.BakenSoftphoneDevice) return;
  var texts = JSON.parse(root.dataset.texts || '{}');
  var csrf = (document.querySelector('meta[name="csrf-token"]') || {}).content || '';
  var device = null;
  var call = null;
  var callSid = null;
  var muted = false;
  var held = false;
  // After a move into a conference Twilio rings this softphone again: that call is answered by itself.
  var rejoinUntil = 0;
  // The screen pops in the agent's other tabs are this phone's remote (public/softphone-remote.js): this page tells
  // them the call's state and takes their commands, over a same-origin channel (no server round trip).
  var channel = window.BroadcastChannel ? new BroadcastChannel('baken-softphone') : null;
  function announce() {
    if (!channel) return;
    var s = root.dataset.state;
    channel.postMessage({ type: 'phone', state: s, callSid: s === 'ready' ? null : callSid, muted, held });
  }

  var $ = (sel) => root.querySelector(sel);
  var button = (action) => root.querySelector(`[data-action="${action}"]`);

  function state(s) {
    root.dataset.state = s;
    $('.softphone-state').textContent = texts[s] || s;
    $('.softphone-ringing').hidden = s !== 'ringing';
    $('.softphone-call').hidden = s !== 'inCall';
    if (s === 'ringing') button('accept').focus();
    announce();
  }

  function problem(text) {
    var p = $('.softphone-error');
    p.textContent = text || '';
    p.hidden = !text;
  }

  function token() {
    return fetch('/voice/token', { credentials: 'same-origin', headers: { Accept: 'application/json' } }).then((r) => {
      if (r.status === 401) window.location.href = '/login?expired=1&next=/voice';
      return r.ok ? r.json() : Promise.reject(new Error(String(r.status)));
    });
  }

  function post(path, body) {
    return fetch(path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        'X-CSRF-Token': csrf,
        'Content-Type': 'application/x-www-form-urlencoded',
        Accept: 'application/json',
      },
      body: new URLSearchParams(body || {}),
    }).then((r) =>
      r
        .json()
        .catch(() => ({}))
        .then((d) => {
          if (!r.ok) throw new Error(d.error || String(r.status));
          return d;
        }),
    );
  }

  function ended(c) {
    if (c !== call) return;
    call = null;
    muted = false;
    held = false;
    button('mute').setAttribute('aria-pressed', 'false');
    button('mute').textContent = texts.mute;
    button('hold').setAttribute('aria-pressed', 'false');
    button('hold').textContent = texts.hold;
    state('ended');
    setTimeout(() => {
      if (!call) state('ready');
    }, 3000);
  }

  function incoming(c) {
    if (call && Date.now() < rejoinUntil && !c.callSid) {
      // The conference calling back this agent: replace the leg that the move ended.
      rejoinUntil = 0;
      call = c;
      c.onEnd(() => ended(c));
      c.accept();
      state('inCall');
      return;
    }
    if (call) {
      c.reject();
      return;
    }
    call = c;
    callSid = c.callSid;
    c.onEnd(() => ended(c));
    problem('');
    state('ringing');
  }

  /** Accepted from a pop in another tab: that tab takes the contact and opens it, this one keeps the call. */
  function acceptHere() {
    if (!call || root.dataset.state !== 'ringing') return;
    call.accept();
    state('inCall');
  }

  function accept() {
    if (!call) return;
    // Opened now, inside the click, so no pop-up blocker stops it; its address follows once the contact is taken.
    var tab = callSid ? window.open('', 'baken-contact') : null;
    call.accept();
    state('inCall');
    if (!callSid) return;
    post(`/voice/calls/${encodeURIComponent(callSid)}/take`)
      .then((d) => {
        if (tab) tab.location.href = d.href;
        else window.location.assign(d.href);
      })
      .catch((e) => {
        if (tab) tab.close();
        problem((texts.failed || '{reason}').replace('{reason}', e.message));
      });
  }

  function step(action, body) {
    if (!callSid) return Promise.resolve();
    if (action === 'consult' || action === 'interpreter' || action === 'hold') rejoinUntil = Date.now() + 30000;
    return post(`/voice/calls/${encodeURIComponent(callSid)}/${action}`, body).catch((e) => {
      problem((texts.failed || '{reason}').replace('{reason}', e.message));
      throw e;
    });
  }

  root.addEventListener('click', (e) => {
    var target = e.target.closest('[data-action]');
    if (!target) return;
    var action = target.dataset.action;
    if (action === 'accept') accept();
    else if (action === 'decline' && call) call.reject();
    else if (action === 'hangup' && call) call.disconnect();
    else if (action === 'mute' && call) {
      muted = !muted;
      call.mute(muted);
      target.setAttribute('aria-pressed', String(muted));
      target.textContent = muted ? texts.unmute : texts.mute;
      announce();
    } else if (action === 'hold' && call) {
      var next = !held;
      step(next ? 'hold' : 'resume').then(() => {
        held = next;
        target.setAttribute('aria-pressed', String(held));
        target.textContent = held ? texts.resume : texts.hold;
        announce();
      });
    } else if (action === 'consult') step('consult', { colleague: $('select[name="colleague"]').value });
    else if (action === 'handover') step('handover');
    else if (action === 'interpreter') step('interpreter', { number: $('input[name="interpreter"]').value });
  });

  token()
    .then((t) => {
      device = window.BakenSoftphoneDevice.create(t.token, {
        onReady: () => state('ready'),
        onIncoming: incoming,
        onError: (code) => problem(`${texts.error} (${code || '?'})`),
        onTokenWillExpire: () => token().then((fresh) => device.updateToken(fresh.token)),
      });
    })
    .catch(() => problem(texts.error));
  if (channel)
    channel.onmessage = (e) => {
      var m = e.data || {};
      if (m.type === 'hello') announce();
      if (m.type !== 'command' || !call || !m.callSid || m.callSid !== callSid) return;
      if (m.action === 'accept') acceptHere();
      else if (/^(decline|mute|hold|hangup)$/.test(m.action)) button(m.action).click();
    };
  window.addEventListener('pagehide', () => {
    if (channel) channel.postMessage({ type: 'gone' });
    if (device) device.destroy();
  });
})();
