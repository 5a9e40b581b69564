#include "node/node_run.hpp"

namespace anvil::node {

NodeSessions::NodeSessions(std::vector<NodeRef> nodes)
    : nodes_(std::move(nodes)), sessions_(nodes_.size()), locks_(nodes_.size()) {}

exec::Session& NodeSessions::session(std::size_t i) {
  if (!sessions_.at(i)) sessions_[i] = open_session(nodes_[i].target);
  return *sessions_[i];
}

void NodeSessions::lock(std::size_t i, const std::string& holder, std::chrono::seconds wait) {
  if (!locks_.at(i)) locks_[i] = session(i).lock(holder, wait);
}

void NodeSessions::release(std::size_t i) {
  locks_.at(i).reset();
  sessions_.at(i).reset();
}

}  // namespace anvil::node
