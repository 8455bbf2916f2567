// What the unit tests share: the rules of a default server (as rules.cpp writes them) and a
// room with a fake world around it (socket, storage, timers, screen) that records what it
// is asked to do.
import { createRoom } from '../../../client/web/js/room.js';

export const RULES = {
  max_text: 500, max_name: 40,
  fields: { inventory: { name: 80, place: 80, goals: 300 }, action_plan: { what: 140, who: 60, when: 40 } },
  lights: [
    { id: 'green', word: { nl: 'Loopt goed', en: 'Going well' }, colour: '#1b7a3a', icon: '\u25CF' },
    { id: 'orange', word: { nl: 'Kan sterker', en: 'Could be stronger' }, colour: '#a85400', icon: '\u25D0' },
    { id: 'red', word: { nl: 'Werkpunt', en: 'Needs work' }, colour: '#b0261c', icon: '\u25B2' },
    { id: 'pass', word: { nl: 'Sla over', en: 'Pass' }, colour: '#5b6170', icon: '\u2013' },
  ],
  verdicts: [
    { id: 'solid', text: { nl: 'Stevig: ga verder met de gekoppelde bouwsteen.', en: 'Solid: go on with the linked building block.' } },
    { id: 'mixed', text: { nl: 'Gemengd: bespreek wat oranje en rood is, en kijk naar de gekoppelde bouwsteen.', en: 'Mixed: discuss what is orange and red, and look at the linked building block.' } },
    { id: 'work_first', text: { nl: 'Eerst aan werken: bespreek de rode vragen van dit thema.', en: "Work on this first: discuss this theme's red questions." } },
  ],
  reconnect: { first_ms: 500, max_ms: 8000, jitter: 0.5, join_timeout_ms: 8000, ack_timeout_ms: 10000, resync_ms: 2000 },
  photos: { max_bytes: 12582912, max_pixels: 50000000, max_side: 1600, quality: 82, per_session: 300 },
  pin_tones: [
    { id: 'green', colour: '#1b7a3a', icon: '\u25CF' },
    { id: 'orange', colour: '#a85400', icon: '\u25D0' },
    { id: 'red', colour: '#b0261c', icon: '\u25B2' },
    { id: 'blue', colour: '#1f5fa8', icon: '\u271A' },
    { id: 'purple', colour: '#6b3fa0', icon: '\u25A0' },
  ],
  route_styles: [
    { colour: '#1f5fa8', dash: '' }, { colour: '#6b3fa0', dash: '28 14' }, { colour: '#0f6f78', dash: '6 12' },
    { colour: '#8c2f6b', dash: '30 10 6 10' }, { colour: '#5c4d00', dash: '16 16' }, { colour: '#2f3b4c', dash: '4 8' },
  ],
};

/** A deep copy of RULES with some fields changed. */
export function rulesWith(change) {
  const r = JSON.parse(JSON.stringify(RULES));
  change(r);
  return r;
}

export const STEPS = [
  { id: 'visie', kind: 'traffic_light', title: { nl: 'Visie', en: 'Vision' }, prompt: { nl: '', en: '' },
    items: [{ id: 'v1', text: { nl: 'Een', en: 'One' } }, { id: 'v2', text: { nl: 'Twee', en: 'Two' } }] },
  { id: 'zinnen', kind: 'open_text', title: { nl: 'Zinnen', en: 'Sentences' }, prompt: { nl: '', en: '' }, items: [],
    max_entries: 3, max_length: 140, placeholder: { nl: '', en: '' } },
];

export function welcome(extra = {}) {
  return { type: 'welcome', seq: 1, role: 'participant', participant_id: 3, resume_token: 'tok-1',
    session: { code: 'ABCDEF', title: { nl: 'T', en: 'T' }, lang: 'nl', steps: STEPS, blocks: [] }, rules: RULES, ...extra };
}

export function view(rev, extra = {}) {
  return { type: 'view', rev, role: 'participant', code: 'ABCDEF', lang: 'nl', joined: 1, online: 1, current: 'visie',
    steps: [{ id: 'visie', phase: 'open', revealed: false, answered: 0, complete: 0 },
            { id: 'zinnen', phase: 'pending', revealed: false, answered: 0, complete: 0 }],
    results: [], summary: [], paused: false, follow: true, now: 1000, ...extra };
}

/** A room whose world is recorded: sent messages, storage, timers (run by hand), screen calls. */
export function fakeRoom() {
  const world = {
    sent: [], calls: [], storage: new Map(), active: '', now: 100000, open: true, timers: [],
  };
  const call = (name) => (...args) => { world.calls.push([name, ...args]); };
  const room = createRoom('nl', {
    send: (m) => { if (!world.open) return false; world.sent.push(m); return true; },
    isOpen: () => world.open,
    store: { get: (k) => (world.storage.has(k) ? world.storage.get(k) : null), set: (k, v) => world.storage.set(k, v), del: (k) => world.storage.delete(k) },
    active: { set: (c) => { world.active = c; }, clear: () => { world.active = ''; } },
    setTimeout: (fn, ms) => { const t = { fn, ms, done: false }; world.timers.push(t); return t; },
    clearTimeout: (t) => { if (t) t.done = true; },
    now: () => world.now,
    random: () => 0,
    ui: { render: call('render'), updateOpen: call('updateOpen'), showJoin: call('showJoin'), showSession: call('showSession'),
          toast: call('toast'), removed: call('removed'), ended: call('ended'), followNotice: call('followNotice'), rulesChanged: call('rulesChanged'),
          keepCode: call('keepCode') },
    conn: { welcomed: call('welcomed'), alive: call('alive'), stop: call('stop'), lost: call('lost'), armAck: call('armAck') },
  });
  /** Runs the timers that are due (all of them: time is not simulated). */
  world.runTimers = () => {
    const due = world.timers.filter((t) => !t.done);
    for (const t of due) { t.done = true; t.fn(); }
  };
  world.called = (name) => world.calls.filter((c) => c[0] === name);
  return { room, world };
}

/** A room that joined: welcome and the first view handled, nothing recorded yet. */
export function joinedRoom() {
  const { room, world } = fakeRoom();
  room.startSession('ABCDEF', '');
  const join = room.joinMessage();
  room.handleMessage(welcome({ seq: join.seq }));
  room.handleMessage(view(10));
  world.sent.length = 0;
  world.calls.length = 0;
  return { room, world };
}
