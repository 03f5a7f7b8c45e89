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
  // Requisitions: the ward's manager raises, receives and closes; buyers and storekeepers
  // approve; storekeepers pick and ship.
  requisition_ward: ['admin', 'manager'],
  requisition_approve: ['admin', 'buyer', 'storekeeper'],
  requisition_fill: ['admin', 'storekeeper'],
};

export function can(area) {
  return current !== null && (WRITERS[area] || []).includes(current.role);
}

// Whether the user acts for `dept`: admin and users without a department act for every one.
export function actsFor(dept) {
  return current !== null && (current.role === 'admin' || !current.dept || current.dept === dept);
}
