#include "sync/hub/postgresql_schema.h"

namespace rfinv::sync {

const std::vector<std::string>& postgresql_hub_schema() {
  static const std::vector<std::string> kSteps{
      // 1: what SQLite's hub schema 1-3 hold, plus log_head, the log's id counter (see
      // postgresql_store.h for why a counter and not a sequence).
      R"sql(
CREATE TABLE admin(
  id bigint PRIMARY KEY CHECK (id = 1),
  salt text NOT NULL,
  hash text NOT NULL,
  lookup text);

CREATE TABLE dept(
  code text PRIMARY KEY,
  salt text NOT NULL,
  hash text NOT NULL,
  created_at bigint NOT NULL,
  number bigint,
  lookup text);
CREATE UNIQUE INDEX dept_by_number ON dept(number);
CREATE INDEX dept_by_lookup ON dept(lookup);

CREATE TABLE log_head(
  id bigint PRIMARY KEY CHECK (id = 1),
  last_id bigint NOT NULL);
INSERT INTO log_head(id, last_id) VALUES (1, 0);

CREATE TABLE event_log(
  id bigint PRIMARY KEY,
  dept text NOT NULL,
  node_seq bigint,
  type text NOT NULL,
  at bigint NOT NULL,
  data text NOT NULL);

-- Every appended event takes the next id from log_head, whatever the insert says; the row
-- stays locked until the appending transaction ends.
CREATE FUNCTION rfinv_event_log_id() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE log_head SET last_id = last_id + 1 WHERE id = 1 RETURNING last_id INTO NEW.id;
  RETURN NEW;
END $$;
CREATE TRIGGER event_log_id BEFORE INSERT ON event_log
  FOR EACH ROW EXECUTE FUNCTION rfinv_event_log_id();

CREATE TABLE push_seen(
  dept text NOT NULL,
  seq bigint NOT NULL,
  log_id bigint,
  error text,
  digest text,
  PRIMARY KEY (dept, seq));

CREATE TABLE pool_asset(
  code text PRIMARY KEY,
  owner text NOT NULL,
  holder text NOT NULL,
  sku text,
  epc text,
  cost_cents bigint NOT NULL DEFAULT 0,
  location text,
  status text NOT NULL CHECK (status IN ('pooled', 'reserved', 'off', 'lent')),
  request_id text);
CREATE INDEX pool_asset_by_epc ON pool_asset(epc);

CREATE TABLE offer(
  id text PRIMARY KEY,
  owner text NOT NULL,
  sku text NOT NULL,
  location text NOT NULL,
  qty bigint NOT NULL CHECK (qty > 0),
  reserved bigint NOT NULL DEFAULT 0,
  unit_cost_cents bigint NOT NULL DEFAULT 0,
  status text NOT NULL CHECK (status IN ('open', 'withdrawn')),
  CHECK (reserved >= 0 AND reserved <= qty));

CREATE TABLE request(
  id text PRIMARY KEY,
  asset text,
  offer text,
  qty bigint NOT NULL DEFAULT 1,
  from_dept text NOT NULL,
  to_dept text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('transfer', 'loan')),
  until bigint,
  reason text NOT NULL,
  status text NOT NULL,
  value_cents bigint NOT NULL DEFAULT 0,
  receive_location text,
  created_at bigint NOT NULL,
  approved_at bigint,
  handed_at bigint,
  completed_at bigint,
  returned_at bigint);
)sql",
      // 2: SQLite's hub schema 4, the lots a stock hand-over carries.
      R"sql(
CREATE TABLE request_lot(
  request_id text NOT NULL,
  pos bigint NOT NULL,
  lot text NOT NULL,
  expiry text,
  qty bigint NOT NULL CHECK (qty > 0),
  PRIMARY KEY (request_id, pos),
  UNIQUE (request_id, lot));
)sql",
  };
  return kSteps;
}

}  // namespace rfinv::sync
