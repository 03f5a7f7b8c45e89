// What each role may do. Every web and API write checks here on the server; reads are open
// to every logged-in user. Department checks (a manager acts for their own department's
// pool and its wards' requisitions) are made where the request is known (webapp/), with
// may_act_for().
//
// Threading: stateless.
#pragma once

#include <optional>
#include <string>

#include "auth/users.h"

namespace rfinv::auth {

enum class Right {
  post_movements,        // receive, issue, transfer, adjust (storekeeper)
  run_counts,            // start and finish counts (storekeeper)
  pool_custody,          // pool hand-over and receive (storekeeper)
  edit_levels,           // items, reorder levels, location levels (buyer)
  ack_alerts,            // acknowledge alerts (buyer)
  place_orders,          // purchase orders (buyer)
  manage_pool,           // publish, request, approve, decline for their department (manager)
  administer,            // users, readers, locations, configuration (admin)
  approve_requisitions,  // approve or cancel a ward's requisition (buyer, storekeeper)
  fill_requisitions,     // pick and ship a requisition at the store (storekeeper)
  ward_requisitions,     // raise, receive, close or cancel for their ward (manager)
};

// Admin may do everything; viewer nothing but read.
bool has_right(Role role, Right right);

// Whether `user` may act for `dept`: admin, and a user with no department (node-wide staff;
// a manager always has one), always; anyone else only for their own department.
bool may_act_for(const User& user, const std::string& dept);

}  // namespace rfinv::auth
