// Private to inventory/: checks shared by tag assignment and asset registration, run inside
// the caller's transaction.
#pragma once

#include <string>

#include "base/result.h"
#include "sql/database.h"

namespace rfinv::inventory {

// conflict when the tag (canonical hex) belongs to another asset than `asset_code`, or is
// assigned to an item.
Status check_tag_free_for_asset(sql::Transaction& tx, const std::string& hex,
                                const std::string& asset_code);

}  // namespace rfinv::inventory
