#include "sync/hub/pg_connection.h"

#include <fmt/format.h>

#include <array>
#include <cctype>

#include "sql/database.h"

namespace rfinv::sync::pg {
namespace {

// PostgreSQL's type ids for the parameters (pg_type.oid): 0 lets the server infer (NULL).
constexpr Oid kInt8 = 20;
constexpr Oid kText = 25;

// libpq's message on one line: its line breaks and tabs become single spaces.
std::string one_line(const char* message) {
  std::string text;
  for (const char* p = message ? message : ""; *p; ++p) {
    bool space = std::isspace(static_cast<unsigned char>(*p));
    if (!space)
      text += *p;
    else if (!text.empty() && text.back() != ' ')
      text += ' ';
  }
  if (!text.empty() && text.back() == ' ') text.pop_back();
  return text;
}

[[noreturn]] void fail(std::string message) {
  throw sql::DbError(Error{Errc::io, "hub database (PostgreSQL): " + std::move(message)});
}

}  // namespace

Result<std::unique_ptr<Connection>> Connection::open(const std::string& url) {
  // Keywords before `dbname` are defaults: the URL (expanded from dbname) overrides them.
  const std::array<const char*, 4> keys{"connect_timeout", "application_name", "dbname", nullptr};
  const std::array<const char*, 4> values{"10", "rfinv-hub", url.c_str(), nullptr};
  PGconn* conn = PQconnectdbParams(keys.data(), values.data(), 1);
  if (!conn) return make_error(Errc::io, "hub database (PostgreSQL): out of memory");
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string message = one_line(PQerrorMessage(conn));
    PQfinish(conn);
    return make_error(Errc::io, "cannot connect to the hub's PostgreSQL database: {}", message);
  }
  return std::unique_ptr<Connection>(new Connection(conn));
}

ResultPtr Connection::check(PGresult* raw, const std::string& sql) {
  ResultPtr result(raw);
  auto status = result ? PQresultStatus(result.get()) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return result;
  const char* state = result ? PQresultErrorField(result.get(), PG_DIAG_SQLSTATE) : nullptr;
  std::string first_line = sql.substr(0, sql.find('\n')).substr(0, 80);
  fail(fmt::format("{} [{}] in: {}",
                   one_line(result ? PQresultErrorMessage(result.get()) : PQerrorMessage(conn_)),
                   state ? state : "no SQLSTATE: connection lost", first_line));
}

ResultPtr Connection::execute(const std::string& sql, const std::vector<store::Param>& params) {
  std::vector<std::string> texts(params.size());
  std::vector<const char*> values(params.size(), nullptr);
  std::vector<Oid> types(params.size(), 0);
  for (std::size_t i = 0; i < params.size(); ++i) {
    if (const auto* n = std::get_if<std::int64_t>(&params[i])) {
      texts[i] = std::to_string(*n);
      types[i] = kInt8;
    } else if (const auto* s = std::get_if<std::string>(&params[i])) {
      texts[i] = *s;
      types[i] = kText;
    } else {
      continue;  // NULL
    }
    values[i] = texts[i].c_str();
  }
  return check(PQexecParams(conn_, sql.c_str(), static_cast<int>(params.size()), types.data(),
                            values.data(), nullptr, nullptr, 0),
               sql);
}

void Connection::execute_script(const std::string& sql) { check(PQexec(conn_, sql.c_str()), sql); }

void Connection::reconnect_if_lost() {
  if (!lost()) return;
  PQreset(conn_);
  if (lost()) fail(fmt::format("cannot reconnect: {}", one_line(PQerrorMessage(conn_))));
}

std::string dollar_placeholders(const std::string& sql) {
  std::string out;
  out.reserve(sql.size() + 8);
  int highest = 0;
  bool quoted = false;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    char c = sql[i];
    if (c == '\'') quoted = !quoted;
    if (quoted || c != '?') {
      out += c;
      continue;
    }
    std::size_t end = i + 1;
    while (end < sql.size() && std::isdigit(static_cast<unsigned char>(sql[end]))) ++end;
    int number = end > i + 1 ? std::stoi(sql.substr(i + 1, end - i - 1)) : highest + 1;
    highest = std::max(highest, number);
    out += '$';
    out += std::to_string(number);
    i = end - 1;
  }
  return out;
}

}  // namespace rfinv::sync::pg
