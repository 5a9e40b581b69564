#include <catch2/catch.hpp>

#include "core/error.hpp"
#include "plan/derive.hpp"
#include "plan/drbd_plan.hpp"
#include "plan/mutate.hpp"
#include "plan/storage_plan.hpp"
#include "plan/vm_plan.hpp"

using namespace anvil;
using namespace anvil::plan;

namespace {

Cluster two_resources() {
  auto c = make_cluster(InitOptions{});
  c = add_drbd_resource(c, "r0", {"an-node01=/dev/sda5", "an-node02=/dev/sda5"}, std::nullopt, std::nullopt);
  return add_drbd_resource(c, "r1", {"an-node01=/dev/sda6", "an-node02=/dev/sda6"}, std::nullopt, std::nullopt);
}

ErrorKind kind_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.kind();
  }
  FAIL("no error");
  return ErrorKind::failed;
}

}  // namespace

TEST_CASE("clustered VGs sit on DRBD resources, one each; the GFS2 filesystem on one of them", "[plan][storage]") {
  auto c = add_storage_vg(two_resources(), "an01-vg0", "r0");
  c = add_storage_vg(c, "an02-vg0", "r1");
  CHECK(kind_of([&] { add_storage_vg(c, "other", "r0"); }) == ErrorKind::failed);      // r0 carries one already
  CHECK(kind_of([&] { add_storage_vg(c, "x", "r9"); }) == ErrorKind::usage);           // no such resource
  CHECK(kind_of([&] { add_storage_vg(c, "bad name", "r1"); }) == ErrorKind::usage);
  c = set_gfs2(c, {});
  REQUIRE(c.gfs2);
  CHECK(c.gfs2->vg == "an01-vg0");  // the first VG by default
  CHECK(c.gfs2->mount_point == "/shared");
  CHECK(current_value(c, "storage.gfs2.size") == "40G");
  c = set_value(c, "storage.gfs2.size", "20G");
  CHECK(c.gfs2->size == "20G");
  CHECK(kind_of([&] { set_value(c, "storage.gfs2.journals", "0"); }) == ErrorKind::usage);
  CHECK(kind_of([&] { set_value(c, "storage.gfs2.name", "a-name-longer-than-16"); }) == ErrorKind::usage);
  CHECK(kind_of([&] { set_value(c, "storage.gfs2.vg", "nope"); }) == ErrorKind::usage);
  CHECK(current_value(c, "storage.vg.an02-vg0") == "r1");
}

TEST_CASE("a VG or a DRBD resource in use cannot leave the plan", "[plan][storage]") {
  auto c = set_gfs2(add_storage_vg(add_storage_vg(two_resources(), "an01-vg0", "r0"), "an02-vg0", "r1"), {});
  CHECK(kind_of([&] { remove_storage_vg(c, "an01-vg0"); }) == ErrorKind::failed);  // the GFS2 filesystem
  c = add_guest(c, {"vm1", "1G", 1, "/dev/an02-vg0/vm1", "an-node02", "", {}});
  CHECK(kind_of([&] { remove_storage_vg(c, "an02-vg0"); }) == ErrorKind::failed);  // vm1's disk
  CHECK(vg_of_disk(c, "/dev/an02-vg0/vm1")->drbd == "r1");
  CHECK(kind_of([&] { remove_drbd_resource(c, "r1"); }) == ErrorKind::failed);
  c = remove_host(c, "vm", "vm1");
  c = remove_storage_vg(c, "an02-vg0");
  CHECK(c.storage_vgs.size() == 1);
  c = remove_gfs2(c);
  CHECK_FALSE(c.gfs2);
  CHECK(kind_of([&] { remove_gfs2(c); }) == ErrorKind::failed);
  c = remove_storage_vg(c, "an01-vg0");  // no filesystem on it any more
  CHECK(c.storage_vgs.empty());
}
