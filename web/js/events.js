// The server's event stream (/api/v1/events): movement, alert, read, reader, pool and
// requisition events.
// subscribe() returns the function that closes the stream; EventSource reconnects by itself.
export const EVENT_KINDS = ['movement', 'alert', 'read', 'reader', 'pool', 'requisition'];

export function subscribe(handlers) {
  const source = new EventSource('/api/v1/events', { withCredentials: true });
  for (const kind of EVENT_KINDS) {
    if (!handlers[kind]) continue;
    source.addEventListener(kind, (ev) => {
      let data = null;
      try {
        data = JSON.parse(ev.data);
      } catch {
        return; // a malformed event is not worth breaking the page for
      }
      handlers[kind](data);
    });
  }
  if (handlers.state) {
    source.addEventListener('open', () => handlers.state('open'));
    source.addEventListener('error', () => handlers.state(source.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting'));
  }
  return () => source.close();
}

// Calls f at most once per `ms`, trailing, so a burst of events causes one reload.
export function throttle(f, ms) {
  let timer = null;
  return () => {
    if (timer) return;
    timer = setTimeout(() => {
      timer = null;
      f();
    }, ms);
  };
}
