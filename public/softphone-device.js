// The one place the page meets Twilio's Voice SDK (window.Twilio.Device, served from node_modules as
// /static/twilio.min.js). public/softphone.js speaks only to this small adapter, so the browser test replaces
// this file with a fake Device and no Twilio server is needed.
(() => {
  /** The SDK's Call as the softphone uses it. */
  function wrap(call) {
    var params = call.customParameters;
    return {
      callSid: (params && params.get && params.get('callSid')) || null,
      accept: () => call.accept(),
      reject: () => call.reject(),
      disconnect: () => call.disconnect(),
      mute: (on) => call.mute(on),
      onEnd: (fn) => {
        call.on('disconnect', fn);
        call.on('cancel', fn);
        call.on('reject', fn);
        call.on('error', fn);
      },
    };
  }

  window.BakenSoftphoneDevice = {
    /** Registers a Device with the token; handlers: onReady, onIncoming(call), onError(code), onTokenWillExpire. */
    create: (token, handlers) => {
      // The roaming edge: the CSP allows exactly its signalling host and the SDK's event gateway (app.tsx).
      var device = new window.Twilio.Device(token, { edge: 'roaming', closeProtection: true });
      device.on('registered', () => handlers.onReady());
      device.on('error', (e) => handlers.onError(e && e.code));
      device.on('incoming', (call) => handlers.onIncoming(wrap(call)));
      device.on('tokenWillExpire', () => handlers.onTokenWillExpire());
      device.register();
      return {
        updateToken: (t) => device.updateToken(t),
        destroy: () => device.destroy(),
      };
    },
  };
})();
