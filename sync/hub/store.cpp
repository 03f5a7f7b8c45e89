#include "sync/hub/store.h"

namespace rfinv::sync::store {

Query& Query::set(int index, Param value) {
  if (index > static_cast<int>(params_.size())) params_.resize(static_cast<std::size_t>(index));
  params_[static_cast<std::size_t>(index - 1)] = std::move(value);
  return *this;
}

bool Query::step() {
  if (!rows_) rows_ = store_.execute(sql_, params_);
  return rows_->next();
}

std::int64_t Query::run() {
  rows_ = store_.execute(sql_, params_);
  while (rows_->next()) {
  }
  return rows_->changes();
}

std::optional<std::int64_t> Query::optional_int64(int column) const {
  if (is_null(column)) return std::nullopt;
  return int64(column);
}

std::optional<std::string> Query::optional_text(int column) const {
  if (is_null(column)) return std::nullopt;
  return text(column);
}

Savepoint::Savepoint(Transaction& tx, std::string name)
    : store_(tx.store()), name_(std::move(name)) {
  store_.exec("SAVEPOINT " + name_);
}

Savepoint::~Savepoint() {
  if (done_) return;
  try {
    store_.exec("ROLLBACK TO SAVEPOINT " + name_);
    store_.exec("RELEASE SAVEPOINT " + name_);
  } catch (...) {
    // The connection failed; the transaction around it fails too and rolls back whole.
  }
}

void Savepoint::release() {
  store_.exec("RELEASE SAVEPOINT " + name_);
  done_ = true;
}

}  // namespace rfinv::sync::store
