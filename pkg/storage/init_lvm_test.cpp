// The init refusal for a DRBD device that already holds a VG, judged on
// real LVM state: a PV and a VG made on a loop device here (root only: the
// test says why it did not run otherwise), read by anvil's own read script.
#include <catch2/catch.hpp>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <memory>

#include "storage/init_plan.hpp"
#include "storage/node_read.hpp"
#include "support/temp_dir.hpp"

using namespace anvil::storage;

namespace {

struct Output {
  int status = -1;
  std::string out;
};

Output sh(const std::string& command) {
  Output o;
  std::unique_ptr<FILE, int (*)(FILE*)> p(::popen(command.c_str(), "r"), ::pclose);
  if (!p) return o;
  std::array<char, 4096> buf{};
  while (auto n = std::fread(buf.data(), 1, buf.size(), p.get())) o.out.append(buf.data(), n);
  o.status = ::pclose(p.release());
  return o;
}

}  // namespace

TEST_CASE("storage init refuses a DRBD device that already holds a VG, on real LVM state", "[storage][lvm]") {
  if (::geteuid() != 0) {
    WARN("skipped: pvcreate on a loop device needs root");
    return;
  }
  anvil::test::TempDir dir;
  auto image = dir.file("pv.img");
  REQUIRE(sh("truncate -s 64M '" + image + "'").status == 0);
  auto loop = sh("losetup -f --show '" + image + "'");
  REQUIRE(loop.status == 0);
  const auto device = loop.out.substr(0, loop.out.find('\n'));
  const std::string vg = "anvil-test-" + std::to_string(::getpid());
  struct Cleanup {
    std::string vg, device;
    ~Cleanup() { sh("vgremove -f " + vg + " >/dev/null 2>&1; pvremove -ff -y " + device + " >/dev/null 2>&1; losetup -d " + device); }
  } cleanup{vg, device};
  REQUIRE(sh("pvcreate -y " + device + " >/dev/null 2>&1").status == 0);
  REQUIRE(sh("vgcreate " + vg + " " + device + " >/dev/null 2>&1").status == 0);

  auto read = sh(read_script());
  REQUIRE(read.status == 0);
  auto state = parse_node_storage("an-node02", read.out);
  state.clvmd_running = true;  // Debian 12 has no clvmd; the refusal for it is tested elsewhere
  REQUIRE(state.pv(device));
  CHECK(state.pv(device)->vg == vg);
  REQUIRE(state.vg(vg));
  CHECK_FALSE(state.vg(vg)->clustered);

  StorageLayout layout{"an-cluster-01", {{device, "an02-vg0"}}, std::nullopt};
  auto why = init_refusals(layout, {state});
  REQUIRE(why.size() == 1);
  CHECK(why[0].find(device) != std::string::npos);
  CHECK(why[0].find(vg) != std::string::npos);
}
