// Ward requisitions (the steps, and who may approve) and lots near their expiry.
#include "auth/permissions.h"
#include "service/node.h"

namespace rfinv::service {

using inventory::RequisitionStep;
using inventory::StepDone;

Result<StepDone> Node::create_requisition(const inventory::NewRequisition& request) {
  return inventory::create_requisition(*store_, request);
}

Result<StepDone> Node::approve_requisition(RequisitionStep step,
                                           const std::optional<std::string>& as_user) {
  if (as_user) {
    auto user = auth::get_user(*store_, *as_user);
    if (!user) {
      if (user.error().code == Errc::not_found)
        return make_error(Errc::unauthorized, "there is no user {}", *as_user);
      return user.error();
    }
    if (user->disabled) return make_error(Errc::unauthorized, "user {} is disabled", *as_user);
    if (!auth::has_right(user->role, auth::Right::approve_requisitions))
      return make_error(Errc::unauthorized,
                        "user {} is a {}; approving a requisition needs a buyer or a storekeeper",
                        *as_user, auth::to_string(user->role));
    step.actor = user->name;
  }
  return inventory::approve_requisition(*store_, step);
}

Result<StepDone> Node::pick_requisition(const RequisitionStep& step) {
  return inventory::pick_requisition(*store_, step);
}

Result<StepDone> Node::ship_requisition(const RequisitionStep& step) {
  return changed_stock(inventory::ship_requisition(*store_, step));
}

Result<StepDone> Node::receive_requisition(const RequisitionStep& step,
                                           const std::vector<inventory::RequestedQty>& lines) {
  return changed_stock(inventory::receive_requisition(*store_, step, lines));
}

Result<StepDone> Node::close_requisition(const RequisitionStep& step, const std::string& reason) {
  return changed_stock(inventory::close_requisition(*store_, step, reason));
}

Result<StepDone> Node::cancel_requisition(const RequisitionStep& step) {
  return changed_stock(inventory::cancel_requisition(*store_, step));
}

Result<std::vector<inventory::Requisition>> Node::list_requisitions(
    std::optional<inventory::RequisitionStatus> status) {
  return inventory::list_requisitions(*store_, status);
}

Result<inventory::Requisition> Node::get_requisition(std::int64_t id) {
  return inventory::get_requisition(*store_, id);
}

Result<std::string> Node::ward_department(const std::string& location) {
  return inventory::ward_department(*store_, location);
}

Result<std::vector<inventory::ExpiringLot>> Node::expiring_lots(
    std::optional<std::int64_t> within_days) {
  return inventory::expiring_lots(*store_, within_days, now_micros());
}

Result<std::vector<inventory::ExpiryAlert>> Node::list_expiry_alerts(bool include_cleared) {
  return inventory::list_expiry_alerts(*store_, include_cleared);
}

}  // namespace rfinv::service
