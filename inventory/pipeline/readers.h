// The configured readers (`rfinv reader add/remove/list`) and the last state each reported.
// The URI is stored as given; checking it is the caller's job (cli/ parses it with
// drivers::parse_reader_uri), since inventory/ does not depend on drivers/.
//
// Threading: as Store — one thread or strand per Store.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "base/clock.h"
#include "base/result.h"
#include "inventory/store/store.h"

namespace rfinv::inventory {

struct ReaderRecord {
  std::string name;
  std::string uri;
  Micros added_at = 0;
  std::optional<std::string> state;  // "online", "lost", ... (drivers::ReaderState names)
  std::optional<std::string> state_reason;
  std::optional<Micros> state_at;
};

// Names are 1-64 characters of letters, digits, '.', '-' and '_'. Fails with
// invalid_argument for a bad name or an empty URI, conflict when the name is taken.
Status add_reader(Store& store, std::string_view name, std::string_view uri, Micros at);
// Removes the reader and its read points (which stay in the database, marked removed, for
// the history that names them); returns how many read points went. Fails with not_found
// when no reader has this name.
Result<int> remove_reader(Store& store, std::string_view name, Micros at);
Result<ReaderRecord> get_reader(Store& store, std::string_view name);
// All readers, by name.
Result<std::vector<ReaderRecord>> list_readers(Store& store);
// Stores the last state a reader reported; an empty reason is stored as NULL.
// Fails with not_found when no reader has this name.
Status record_reader_state(Store& store, std::string_view name, std::string_view state,
                           std::string_view reason, Micros at);

}  // namespace rfinv::inventory
