// The Node's use cases for users, sessions and API tokens.
#include "service/node.h"

namespace rfinv::service {

Result<auth::User> Node::add_user(const auth::NewUser& user) {
  return auth::add_user(*store_, user);
}
Result<std::vector<auth::User>> Node::list_users() { return auth::list_users(*store_); }
Status Node::set_password(const std::string& name, const std::string& password) {
  return auth::set_password(*store_, name, password);
}
Status Node::disable_user(const std::string& name) { return auth::disable_user(*store_, name); }
Status Node::set_language(const std::string& name, const std::string& lang) {
  return auth::set_language(*store_, name, lang);
}
Result<std::string> Node::issue_token(const std::string& name) {
  return auth::issue_token(*store_, name);
}
Result<auth::NewSession> Node::login(const std::string& name, const std::string& password,
                                     const std::string& address) {
  return auth::login(*store_, name, password, address, now_micros());
}
Result<auth::Principal> Node::session_principal(const std::string& session_id) {
  return auth::session_principal(*store_, session_id, now_micros());
}
Result<auth::Principal> Node::token_principal(const std::string& token) {
  return auth::token_principal(*store_, token);
}
Status Node::logout(const std::string& session_id) { return auth::logout(*store_, session_id); }

}  // namespace rfinv::service
