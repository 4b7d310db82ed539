// Live updates: the server-sent event stream read with fetch, so the bearer token goes in
// the Authorization header (EventSource cannot send it). Events only say what changed;
// views refetch through the authenticated REST API.
import { session } from './api.js';

let controller = null;
const handlers = new Set();

export function onLive(handler) {
  handlers.add(handler);
  return () => handlers.delete(handler);
}

function setStatus(text) {
  for (const el of document.querySelectorAll('#live-status')) el.textContent = text;
  document.body.dataset.live = text;
}

export function stopLive() {
  controller?.abort();
  controller = null;
}

export function startLive() {
  if (controller || !session.token) return;
  controller = new AbortController();
  const signal = controller.signal;
  let delay = 1000;
  const loop = async () => {
    while (!signal.aborted && session.token) {
      try {
        const res = await fetch('/api/console/events', {
          headers: { authorization: `Bearer ${session.token}`, accept: 'text/event-stream' },
          signal,
        });
        if (res.status === 401) {
          setStatus('offline (sign in again)');
          return;
        }
        if (!res.ok || !res.body) throw new Error(`live updates: ${res.status}`);
        delay = 1000;
        await read(res.body, signal);
      } catch (err) {
        if (signal.aborted) return;
      }
      setStatus('reconnecting');
      await new Promise((r) => setTimeout(r, delay));
      delay = Math.min(30_000, delay * 2);
    }
  };
  loop();
}

async function read(body, signal) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  while (!signal.aborted) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value;
    let cut;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const event = /^event: (.*)$/m.exec(block)?.[1];
      const data = /^data: (.*)$/m.exec(block)?.[1];
      if (event === 'ready') setStatus('live');
      else if (event === 'expired') {
        setStatus('offline (session expired)');
        return;
      } else if (event && data) {
        let parsed = {};
        try {
          parsed = JSON.parse(data);
        } catch {
          parsed = {};
        }
        for (const h of handlers) h(event, parsed);
      }
    }
  }
}
