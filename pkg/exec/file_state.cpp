#include "exec/file_state.hpp"

namespace anvil::exec {

int apply_file_states(Executor& node, const std::vector<FileState>& states) {
  int changed = 0;
  for (auto& s : states) {
    if (!s.differs()) continue;
    if (s.wanted)
      node.write_file({s.path, *s.wanted, "0644", "root:root"});
    else
      node.remove_file(s.path);
    ++changed;
  }
  return changed;
}

}  // namespace anvil::exec
