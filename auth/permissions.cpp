#include "auth/permissions.h"

namespace rfinv::auth {

bool has_right(Role role, Right right) {
  switch (role) {
    case Role::admin:
      return true;
    case Role::storekeeper:
      return right == Right::post_movements || right == Right::run_counts ||
             right == Right::pool_custody || right == Right::approve_requisitions ||
             right == Right::fill_requisitions;
    case Role::buyer:
      return right == Right::edit_levels || right == Right::ack_alerts ||
             right == Right::place_orders || right == Right::approve_requisitions;
    case Role::manager:
      return right == Right::manage_pool || right == Right::ward_requisitions;
    case Role::viewer:
      return false;
  }
  return false;
}

bool may_act_for(const User& user, const std::string& dept) {
  return user.role == Role::admin || !user.dept || *user.dept == dept;
}

}  // namespace rfinv::auth
