#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "drbd/status.hpp"
#include "drbd/wait.hpp"
#include "plan/derive.hpp"
#include "plan/drbd_plan.hpp"

using namespace anvil;
using namespace anvil::drbd;

namespace {

std::string fixture(const std::string& name) {
  std::ifstream in(std::string(ANVIL_SOURCE_DIR) + "/tests/fixtures/drbd/" + name);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::vector<NodeView> both(const plan::DrbdResource& r, const std::string& a, const std::string& b) {
  return {{"an-node01", device_of(parse_proc_drbd(fixture(a)), r), {}}, {"an-node02", device_of(parse_proc_drbd(fixture(b)), r), {}}};
}

plan::DrbdResource r0() {
  auto c = plan::add_drbd_resource(plan::make_cluster(plan::InitOptions{}), "r0", {"an-node01=/dev/sda5", "an-node02=/dev/sda5"},
                                   std::nullopt, std::nullopt);
  return c.drbd.front();
}

}  // namespace

TEST_CASE("drbd wait: in sync, resyncing, and hopeless", "[drbd][wait]") {
  auto r = r0();
  auto done = sync_verdict(r, both(r, "proc-8.3-connected-dual-primary.txt", "proc-8.3-connected-dual-primary.txt"));
  CHECK(done.in_sync);
  CHECK_FALSE(done.hopeless);
  auto syncing = sync_verdict(r, both(r, "proc-8.3-syncing.txt", "proc-8.3-connected-dual-primary.txt"));
  CHECK_FALSE(syncing.in_sync);
  CHECK_FALSE(syncing.hopeless);
  CHECK(syncing.percent == Approx(37.5));
  CHECK(syncing.text == "r0: resync 37.5% (0:03:20 left, 9420 K/s)");
  auto standalone = sync_verdict(r, both(r, "proc-8.3-standalone.txt", "proc-8.3-connected-dual-primary.txt"));
  CHECK(standalone.hopeless);
  CHECK(standalone.text.find("StandAlone on an-node01") != std::string::npos);
  auto down = sync_verdict(r, {{"an-node01", std::nullopt, {}}, {"an-node02", std::nullopt, {}}});
  CHECK(down.hopeless);
  CHECK(down.text == "r0 is not up on an-node01: `anvil drbd up r0 an-node01`");
}
