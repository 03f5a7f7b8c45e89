// Who is logged in, and what their role lets the page offer. The server checks every
// permission again; this only hides buttons that would be refused.
let current = null;

export function session() {
  return current;
}

export function setSession(s) {
  current = s;
}

const WRITERS = {
  movements: ['admin', 'storekeeper'],
  counts: ['admin', 'storekeeper'],
  handover: ['admin', 'storekeeper'],
  alerts: ['admin', 'buyer'],
  levels: ['admin', 'buyer'],
  orders: ['admin', 'buyer'],
  pool: ['admin', 'manager'],
  admin: ['admin'],
};

export function can(area) {
  return current !== null && (WRITERS[area] || []).includes(current.role);
}
