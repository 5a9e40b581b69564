// The pieces the cluster state parsers share (status_cman.cpp for
// cman_tool status and nodes, status_clustat.cpp for clustat -x, status.cpp
// for a capture of all three): the vocabularies, splitting lines, numbers,
// and one-line errors that name the line. Internal to pkg/cluster.
#pragma once

#include <charconv>
#include <cstdint>
#include <initializer_list>
#include <optional>
#include <utility>
#include <string>
#include <string_view>
#include <vector>

#include "cluster/status.hpp"
#include "core/text.hpp"

namespace anvil::cluster::detail {

using Lines = std::vector<std::string>;
using Words = std::vector<std::string_view>;

extern const Words membership_states, cman_flags, rg_states, status_keys, clustat_notes;
extern const char* nodes_header;
inline constexpr int rg_state_base = 110;  // the code of rg_states.front()

bool one_of(std::string_view w, const Words& words);
Lines lines_of(const std::string& text);
[[noreturn]] void bad(int line, const std::string& what);

template <class Int>
Int integer(const std::string& text, const std::string& what, int line, int base = 10) {
  Int v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v, base);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size())
    bad(line, what + " " + text::quoted(text) + " is not a number");
  return v;
}

int count(const std::string& text, const std::string& what, int line);
bool digits_at(const std::string& s, std::initializer_list<std::size_t> at);

// cman_tool status's "Key: value" lines.
std::optional<std::pair<std::string, std::string>> key_value(const std::string& line);
// cman_tool's die() message as the whole output: cman does not answer.
bool only_cman_tool_errors(const Lines& lines);
std::string first_nonblank(const Lines& lines);

// Each output's parser over its lines; `first` is the number of its first
// line in the whole text, for the messages.
Quorum status_from(const Lines& lines, int first);
std::vector<Member> nodes_from(const Lines& lines, int first);
ClusterState clustat_from(const Lines& lines, int first);

}  // namespace anvil::cluster::detail
