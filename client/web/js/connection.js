// @ts-check
// The WebSocket to the server: connect, join, notice a dead socket, reconnect with back-off
// (the server's rules.reconnect: rules.js). What the messages mean is room.js's business.
// Browser globals (WebSocket, timers) are used only when called, never at import.
import { backoffDelay } from './rules.js';
import { parseFrame } from './room.js';

/**
 * @typedef {object} ConnectionOptions
 * @property {() => string} url
 * @property {() => import('./rules.js').Reconnect | null} policy  null before any rules are known
 * @property {() => boolean} wanted    keep (re)connecting
 * @property {() => boolean} joined    a welcome came on this socket
 * @property {() => boolean} waiting   answers wait for their ack
 * @property {() => object} join       the join request of a new socket
 * @property {() => void} sync         sends a sync (its reply proves the socket alive)
 * @property {(msg: any) => void} message
 * @property {() => void} dropped      the socket is gone
 * @property {() => void} retrying     a reconnect is scheduled
 * @property {() => void} failed       lost before any rules were known: no retry
 * @property {() => void} render
 */

/** @param {ConnectionOptions} o */
export function createConnection(o) {
  /** @type {WebSocket | null} */
  let ws = null;
  let attempt = 0;
  /** @type {any} */ let retryTimer = 0;
  /** @type {any} */ let joinTimer = 0;
  /** @type {any} */ let pingTimer = 0;
  /** @type {any} */ let ackTimer = 0;

  const live = () => !!ws && (ws.readyState === WebSocket.OPEN || ws.readyState === WebSocket.CONNECTING);
  const isOpen = () => !!ws && ws.readyState === WebSocket.OPEN;

  /** @param {object} obj */
  function send(obj) {
    if (!ws || ws.readyState !== WebSocket.OPEN) return false;
    try { ws.send(JSON.stringify(obj)); return true; } catch { return false; }
  }

  function clearTimers() {
    clearTimeout(retryTimer); retryTimer = 0;
    clearTimeout(joinTimer); joinTimer = 0;
    clearTimeout(pingTimer); pingTimer = 0;
    clearTimeout(ackTimer); ackTimer = 0;
  }

  function drop() {
    const old = ws;
    ws = null;
    o.dropped();
    if (old) {
      old.onopen = old.onmessage = old.onclose = old.onerror = null;
      try { old.close(1000); } catch { /* ignore */ }
    }
  }

  /** A connection attempt on weak Wi-Fi can hang for minutes: without a welcome in time, retry.
   *  @param {WebSocket} sock @param {'join' | 'ping'} which */
  function deadline(sock, which) {
    const p = o.policy();
    if (!p) return;
    const dead = () => { if (ws === sock && (which === 'ping' || !o.joined())) lost(); };
    if (which === 'join') { clearTimeout(joinTimer); joinTimer = setTimeout(dead, p.join_timeout_ms); }
    else { clearTimeout(pingTimer); pingTimer = setTimeout(dead, p.join_timeout_ms); }
  }

  function connect() {
    clearTimeout(retryTimer); retryTimer = 0;
    if (!o.wanted() || live()) return;
    drop();
    /** @type {WebSocket} */
    let sock;
    try { sock = new WebSocket(o.url()); } catch { scheduleReconnect(); return; }
    ws = sock;
    deadline(sock, 'join');
    sock.onopen = () => {
      if (ws !== sock) return;
      send(o.join());
      deadline(sock, 'join');
    };
    sock.onmessage = (ev) => {
      if (ws !== sock) return;
      for (const msg of parseFrame(ev.data)) {
        if (ws !== sock) return;
        o.message(msg);
      }
    };
    sock.onclose = () => { if (ws === sock) lost(); };
    sock.onerror = () => { /* onclose follows */ };
  }

  function lost() {
    clearTimers();
    drop();
    if (!o.wanted()) return;
    scheduleReconnect();
    o.render();
  }

  function scheduleReconnect() {
    clearTimeout(retryTimer);
    const p = o.policy();
    if (!p) { o.failed(); return; }
    retryTimer = setTimeout(connect, backoffDelay(p, attempt));
    attempt++;
    o.retrying();
  }

  function reconnectNow() {
    if (!o.wanted() || live()) return;
    attempt = 0;
    connect();
  }

  /** After the phone slept, an "open" socket may be dead: ask for a snapshot; no answer, reconnect. */
  function checkAlive() {
    if (!ws || !isOpen() || !o.joined()) { reconnectNow(); return; }
    const sock = ws;
    o.sync();
    deadline(sock, 'ping');
  }

  /** An answer without its ack in time: the socket is dead, reconnect and resend. @param {boolean} waiting */
  function armAck(waiting) {
    clearTimeout(ackTimer); ackTimer = 0;
    const p = o.policy();
    if (!waiting || !p) return;
    const sock = ws;
    ackTimer = setTimeout(() => { if (ws === sock && o.waiting()) lost(); }, p.ack_timeout_ms);
  }

  return {
    connect, send, isOpen, lost, reconnectNow, checkAlive, armAck,
    /** Closed on purpose: no reconnecting. */
    stop() { clearTimers(); drop(); },
    /** A welcome came: the join (or sync) was answered. */
    welcomed() { clearTimeout(joinTimer); joinTimer = 0; clearTimeout(pingTimer); pingTimer = 0; attempt = 0; },
    /** A reply to a sync came. */
    alive() { clearTimeout(pingTimer); pingTimer = 0; },
    /** The socket is closed or closing (or there is none). */
    closed: () => !ws || ws.readyState === WebSocket.CLOSED || ws.readyState === WebSocket.CLOSING,
    attempts: () => attempt,
    resetAttempts() { attempt = 0; },
  };
}

/** @typedef {ReturnType<typeof createConnection>} Connection */
