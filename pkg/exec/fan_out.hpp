// Work on many nodes at once: a bounded number in flight (Asio thread
// pool), one result per node in the order given, and one node's failure
// never stops the others.
#pragma once

#include <asio/post.hpp>
#include <asio/thread_pool.hpp>

#include <algorithm>
#include <exception>
#include <optional>
#include <string>
#include <vector>

#include "core/error.hpp"

namespace anvil::exec {

template <class T>
struct NodeResult {
  std::string node;
  std::optional<T> value;
  std::optional<Error> error;
  bool ok() const { return value.has_value(); }
};

inline constexpr std::size_t default_max_in_flight = 32;

// Calls work(index) for each node on a pool of at most `max_in_flight`
// threads. libssh sessions are not shared across threads at once: give each
// node's session to its own task.
template <class T, class Work>
std::vector<NodeResult<T>> fan_out(const std::vector<std::string>& nodes, std::size_t max_in_flight, Work work) {
  std::vector<NodeResult<T>> results(nodes.size());
  for (std::size_t i = 0; i < nodes.size(); ++i) results[i].node = nodes[i];
  if (nodes.empty()) return results;
  asio::thread_pool pool(std::max<std::size_t>(1, std::min(max_in_flight, nodes.size())));
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    asio::post(pool, [&results, &work, i] {
      try {
        results[i].value.emplace(work(i));
      } catch (const Error& e) {
        results[i].error.emplace(e);
      } catch (const std::exception& e) {
        results[i].error.emplace(ErrorKind::failed, e.what());
      }
    });
  }
  pool.join();
  return results;
}

}  // namespace anvil::exec
