// The screen pop as the softphone's remote (views/calls/screen-pop.tsx, .pop-phone). The browser softphone lives in
// the agent's phone tab (/voice, public/softphone.js): a page change there would end the call. Every other tab hears
// that tab over a same-origin BroadcastChannel (no server round trip) and shows, in the pop of the call that rings
// there, accept and decline; once accepted, mute, hold and hang up; and the call's state. Accept takes the contact
// ("take this call") and opens it here with the focus in the note. Without a phone tab the pop says so, with a link
// to open it. Nothing here ever takes the focus.
(() => {
  if (!window.BroadcastChannel || document.getElementById('softphone')) return;
  var channel = new BroadcastChannel('baken-softphone');
  /** The phone tab's last report ({ state, callSid, muted, held }), or null when no phone tab answered. */
  var phone = null;
  /** False until the phone tab answered or the wait for it ran out (the note does not flash meanwhile). */
  var known = false;
  var timer = 0;
  /** An accept pressed here, waiting for the phone tab to say the call is connected. */
  var waiting = null;

  function csrf() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.content : '';
  }
  function textsOf(box) {
    try {
      return JSON.parse(box.dataset.texts || '{}');
    } catch {
      return {};
    }
  }
  function toggle(button, on, texts, onText, offText) {
    button.setAttribute('aria-pressed', String(on));
    button.textContent = on ? texts[onText] : texts[offText];
  }

  function render() {
    document.querySelectorAll('#screen-pop .pop .pop-phone').forEach((box) => {
      var pop = box.closest('.pop');
      var texts = textsOf(box);
      var mine = phone && phone.callSid && phone.callSid === pop.dataset.call ? phone : null;
      var s = mine ? mine.state : null;
      box.querySelector('.pop-phone-none').hidden = !known || Boolean(phone);
      box.querySelector('.pop-phone-ringing').hidden = s !== 'ringing';
      box.querySelector('.pop-phone-call').hidden = s !== 'inCall';
      var line = box.querySelector('.pop-phone-state');
      line.textContent =
        s === 'inCall' ? (mine.held ? texts.held : mine.muted ? texts.muted : texts.inCall) : (s && texts[s]) || '';
      line.hidden = !line.textContent;
      toggle(box.querySelector('[data-phone="mute"]'), Boolean(mine && mine.muted), texts, 'unmute', 'mute');
      toggle(box.querySelector('[data-phone="hold"]'), Boolean(mine && mine.held), texts, 'resume', 'hold');
    });
  }

  /** Asks whether a phone tab is open; without an answer in half a second, the pops say there is none. */
  function hello() {
    channel.postMessage({ type: 'hello' });
    clearTimeout(timer);
    timer = setTimeout(() => {
      known = true;
      render();
    }, 500);
  }

  /** Calls whose pop this page asked for (once: a pop the agent closed stays closed). */
  var fetched = new Set();
  /** A tab opened during a call has no pop for it: the server draws one, so the controls are here too. */
  function fetchPop(callSid) {
    var box = document.getElementById('screen-pop');
    if (!box || fetched.has(callSid) || box.querySelector(`.pop[data-call="${callSid}"]`)) return;
    fetched.add(callSid);
    fetch(`/voice/calls/${encodeURIComponent(callSid)}/pop`, { credentials: 'same-origin' })
      .then((r) => (r.ok ? r.text() : ''))
      .then((html) => {
        if (!html || box.querySelector(`.pop[data-call="${callSid}"]`)) return;
        box.insertAdjacentHTML('afterbegin', html);
        render();
      })
      .catch(() => {});
  }

  /** The call is connected in the phone tab: take the contact and open it here, with the focus in its note. */
  function take(w) {
    fetch(`/voice/calls/${encodeURIComponent(w.callSid)}/take`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        'X-CSRF-Token': csrf(),
        'Content-Type': 'application/x-www-form-urlencoded',
        Accept: 'application/json',
      },
    })
      .then((r) => {
        if (r.status === 401) {
          window.location.href = `/login?expired=1&next=${encodeURIComponent(window.location.pathname)}`;
          return;
        }
        return r.json().then((d) => {
          if (r.ok && d.href) window.location.href = `${d.href}?focus=note`;
          // 409: a colleague was first; the live stream shows their name in the pop.
        });
      })
      .catch(() => {});
  }

  channel.onmessage = (e) => {
    var m = e.data || {};
    if (m.type === 'phone') {
      phone = { state: m.state, callSid: m.callSid || null, muted: Boolean(m.muted), held: Boolean(m.held) };
      known = true;
      clearTimeout(timer);
      if (waiting && phone.callSid === waiting.callSid && phone.state !== 'ringing') {
        var w = waiting;
        waiting = null;
        if (phone.state === 'inCall') take(w);
      }
      if (phone.callSid && phone.state === 'inCall') fetchPop(phone.callSid);
      render();
    } else if (m.type === 'gone') {
      phone = null;
      known = true;
      render();
    }
  };

  document.addEventListener('click', (e) => {
    var button = e.target && e.target.closest && e.target.closest('#screen-pop .pop [data-phone]');
    if (!button) return;
    var callSid = button.closest('.pop').dataset.call;
    var action = button.dataset.phone;
    if (action === 'accept') waiting = { callSid };
    channel.postMessage({ type: 'command', action, callSid });
  });

  // A pop drawn or redrawn by the live stream starts hidden: show it as the phone tab last said.
  document.addEventListener('htmx:after:swap', () => {
    if (!known) return;
    if (!phone) hello();
    render();
  });
  hello();
})();
