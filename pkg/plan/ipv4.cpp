#include "plan/ipv4.hpp"

#include <charconv>

namespace anvil::plan {
namespace {

std::optional<std::uint32_t> parse_number(std::string_view text, std::uint32_t max) {
  if (text.empty() || text.size() > 3) return std::nullopt;
  if (text.size() > 1 && text.front() == '0') return std::nullopt;
  std::uint32_t n = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
  if (ec != std::errc() || end != text.data() + text.size() || n > max) return std::nullopt;
  return n;
}

}  // namespace

std::optional<Ipv4> Ipv4::parse(std::string_view text) {
  std::uint32_t value = 0;
  for (int octet = 0; octet < 4; ++octet) {
    auto dot = text.find('.');
    bool last = octet == 3;
    if (last != (dot == std::string_view::npos)) return std::nullopt;
    auto n = parse_number(text.substr(0, dot), 255);
    if (!n) return std::nullopt;
    value = (value << 8) | *n;
    if (!last) text.remove_prefix(dot + 1);
  }
  return Ipv4{value};
}

std::string Ipv4::str() const {
  return std::to_string(value >> 24) + '.' + std::to_string((value >> 16) & 255) + '.' +
         std::to_string((value >> 8) & 255) + '.' + std::to_string(value & 255);
}

std::optional<Cidr> Cidr::parse(std::string_view text) {
  auto slash = text.find('/');
  if (slash == std::string_view::npos) return std::nullopt;
  auto ip = Ipv4::parse(text.substr(0, slash));
  auto prefix = parse_number(text.substr(slash + 1), 32);
  if (!ip || !prefix) return std::nullopt;
  Cidr cidr{*ip, static_cast<int>(*prefix)};
  if ((ip->value & cidr.mask()) != ip->value) return std::nullopt;
  return cidr;
}

std::string Cidr::str() const { return base.str() + '/' + std::to_string(prefix); }

std::uint32_t Cidr::mask() const {
  return prefix == 0 ? 0u : ~std::uint32_t{0} << (32 - prefix);
}

Ipv4 Cidr::last() const { return Ipv4{base.value | ~mask()}; }

bool Cidr::contains(Ipv4 ip) const { return (ip.value & mask()) == base.value; }

bool Cidr::overlaps(const Cidr& other) const {
  return contains(other.base) || other.contains(base);
}

bool Cidr::is_host(Ipv4 ip) const {
  if (!contains(ip)) return false;
  if (prefix >= 31) return true;
  return ip != base && ip != last();
}

std::optional<Ipv4> Cidr::at(std::uint32_t offset) const {
  std::uint64_t size = std::uint64_t{1} << (32 - prefix);
  if (offset >= size) return std::nullopt;
  return Ipv4{base.value + offset};
}

}  // namespace anvil::plan
