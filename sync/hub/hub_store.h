// The hub's state and rules, independent of HTTP and of the database: departments and their
// token hashes, the ordered event log, push deduplication, and the pool (assets, offers,
// requests) where every reservation is decided inside one write transaction of its store
// (store.h: DIR/hub.db, or the PostgreSQL database DIR/hub.store names).
//
// Threading: a Hub may be called from any thread; an internal mutex serialises use of its
// one store connection. Token hashing runs outside that lock. Other processes (`hub dept
// add`, other `hub serve` processes on one PostgreSQL) may write the same store; a write
// transaction excludes every other writer (store::Access::write).
#pragma once

#include <boost/json.hpp>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "base/result.h"
#include "sync/hub/store.h"

namespace rfinv::sync {

// Who made a call: a department, or the hub administrator (dept empty).
struct Caller {
  std::string dept;
  bool admin() const { return dept.empty(); }
};

class Hub {
 public:
  // Opens the store of the hub in `dir` (store_location.h), creating and migrating it on
  // first use. not_found when `dir` is missing; unsupported for a newer schema.
  static Result<std::unique_ptr<Hub>> open(const std::string& dir);
  // The same rules on a store already open (hub init, tests).
  explicit Hub(std::unique_ptr<store::Store> store) : db_(std::move(store)) {}

  // Whether the store holds a hub already (its admin token is set).
  Result<bool> holds_hub();
  // Sets a fresh admin token (hub init) and returns it; only its hash is stored.
  Result<std::string> reset_admin_token();
  // Adds department `code` ([A-Z0-9_-], 1..32) and returns its token, shown once.
  Result<std::string> add_dept(const std::string& code);
  // Gives department `code` a new token and returns it, shown once; its old token is refused
  // from then on, by every hub process on the store (authenticate). not_found for no such code.
  Result<std::string> replace_dept_token(const std::string& code);
  // Maps a bearer token to its caller; unauthorized when it matches nobody. The token's
  // lookup key picks the stored hash, so one PBKDF2 runs whatever the number of departments.
  Result<Caller> authenticate(const std::string& token);

  // GET /v1/ping: who the caller is; for a department also its number (the range of asset
  // references its nodes commission) and the last sequence the hub holds from it, where a
  // node that joins resumes its own numbering.
  Result<boost::json::object> ping(const Caller& caller);

  // POST /v1/push: {"events":[{"seq":N,"type":T,"data":{...}},...]}. One transaction for
  // the whole push; a (dept, seq) seen before is answered as before and not applied again.
  Result<boost::json::object> push(const Caller& caller, const boost::json::value& body);
  // GET /v1/events?after=N&limit=M: the log after id N, oldest first.
  Result<boost::json::object> pull(std::int64_t after, std::int64_t limit);
  // POST /v1/requests: reserves a pooled asset or part of an offer, or refuses it.
  Result<boost::json::object> request(const Caller& caller, const boost::json::value& body);
  // GET /v1/pool: the hub's current pool state (assets, offers, requests).
  Result<boost::json::object> state();
  // GET /v1/health: {"status":"ok","store":KIND,"schema_version":N} when the store answers,
  // else its error (the server answers 503 with store_kind()).
  Result<boost::json::object> health();
  std::string_view store_kind() const { return db_->kind(); }

 private:
  std::mutex mutex_;
  std::unique_ptr<store::Store> db_;
  // Tokens already verified, by SHA-256, with the stored hash they matched: PBKDF2 runs once
  // per token and process, not once per call. Every call still reads the token's row (one
  // indexed lookup) and uses the entry only while the row holds that hash, so a token
  // replaced by another process is refused by this one at its next call.
  struct Verified {
    Caller caller;
    std::string hash_hex;
  };
  std::unordered_map<std::string, Verified> verified_;
};

}  // namespace rfinv::sync
