#include "progress.hpp"

#include <unistd.h>

#include <ostream>

#include "context.hpp"

namespace anvil::cli {

Progress::Progress(Context& ctx) : ctx_(ctx), on_(::isatty(STDERR_FILENO) == 1 && !ctx.globals.json) {}

Progress::~Progress() { clear(); }

void Progress::show(const std::string& text) {
  if (!on_) return;
  std::lock_guard lock(mutex_);
  // \r and "erase to end of line": the new text replaces the old in place.
  ctx_.err << "\r\033[K" << text << std::flush;
  shown_ = true;
}

void Progress::clear() {
  std::lock_guard lock(mutex_);
  if (shown_) ctx_.err << "\r\033[K" << std::flush;
  shown_ = false;
}

}  // namespace anvil::cli
