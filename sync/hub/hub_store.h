// The hub's state and rules, independent of HTTP: departments and their token hashes, the
// ordered event log, push deduplication, and the pool (assets, offers, requests) where
// every reservation is decided inside one IMMEDIATE transaction.
//
// Threading: a Hub may be called from any thread; an internal mutex serialises use of its
// one SQLite connection. Token hashing runs outside that lock. Other processes (`hub dept
// add`) may write the same file; SQLite's locking keeps them apart.
#pragma once

#include <boost/json.hpp>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "base/result.h"
#include "sql/database.h"

namespace rfinv::sync {

// Who made a call: a department, or the hub administrator (dept empty).
struct Caller {
  std::string dept;
  bool admin() const { return dept.empty(); }
};

class Hub {
 public:
  // Opens (creating on first use) DIR/hub.db.
  static Result<std::unique_ptr<Hub>> open(const std::string& dir);

  // Sets a fresh admin token (hub init) and returns it; only its hash is stored.
  Result<std::string> reset_admin_token();
  // Adds department `code` ([A-Z0-9_-], 1..32) and returns its token, shown once.
  Result<std::string> add_dept(const std::string& code);
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

 private:
  explicit Hub(std::unique_ptr<sql::Database> db) : db_(std::move(db)) {}
  std::mutex mutex_;
  std::unique_ptr<sql::Database> db_;
  // Tokens already verified, by SHA-256: PBKDF2 runs once per token, not once per call.
  // Departments are never removed, so an entry never goes stale.
  std::unordered_map<std::string, Caller> verified_;
};

}  // namespace rfinv::sync
