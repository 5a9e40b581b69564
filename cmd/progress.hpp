// Progress of a long operation (a migration, fencing, a cluster start, a
// DRBD resync): one status line on stderr, rewritten in place, only when
// stderr is a terminal and the output is not JSON. From cron nothing is
// printed, so the mail holds only the result.
#pragma once

#include <mutex>
#include <string>

namespace anvil::cli {

class Context;

class Progress {
 public:
  explicit Progress(Context& ctx);
  ~Progress();  // clears the line
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;
  bool enabled() const { return on_; }
  // Thread-safe: a migration's watcher thread reports through it.
  void show(const std::string& text);
  void clear();

 private:
  Context& ctx_;
  bool on_;
  bool shown_ = false;
  std::mutex mutex_;
};

}  // namespace anvil::cli
