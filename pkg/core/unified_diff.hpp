// Unified diffs of text (diff -u format), for dry runs and history: what a
// file on a node was and what anvil would make (or made) of it.
#pragma once

#include <string>

namespace anvil {

// Empty when the texts are equal. `context` lines around each change, as
// diff -u; the labels go on the ---/+++ lines.
std::string unified_diff(const std::string& before, const std::string& after, const std::string& before_label,
                         const std::string& after_label, int context = 3);

}  // namespace anvil
