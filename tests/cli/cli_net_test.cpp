// `anvil net render`: the ifcfg files of both nodes, as golden files.
#include <catch2/catch.hpp>

#include <filesystem>

#include "cli/anvil_fixture.hpp"

using namespace anvil::test;

TEST_CASE("net render: the seed's plan, both nodes", "[cli][net][golden]") {
  Anvil a;
  a.run_ok({"ip-plan", "init"});
  check_golden("net-render-seed.txt", a.run_ok({"net", "render", "--all"}).out);
  CHECK(a.run_ok({"net", "render", "an-node02"}).out.find("IPADDR=\"10.20.0.2\"") != std::string::npos);
  auto out = a.dir().file("rendered");
  auto r = a.run_ok({"net", "render", "--all", "--out", out});
  CHECK(r.out.empty());
  CHECK(read_file(out + "/an-node01/ifcfg-bond1").find("IPADDR=\"10.10.0.1\"") != std::string::npos);
  CHECK(std::filesystem::exists(out + "/an-node02/ifcfg-vbr2"));
  CHECK_FALSE(std::filesystem::exists(out + "/an-node02/ifcfg-vbr1"));
  auto j = a.json({"net", "render", "an-node01"});
  CHECK(j["nodes"][0]["files"].size() == 11);
}

TEST_CASE("net render: changed subnets and bonding options", "[cli][net][golden]") {
  Anvil a;
  a.run_ok({"ip-plan", "init", "--name", "lab-7", "--number", "7", "--nodes", "lab-n11,lab-n12", "--bcn",
            "172.16.0.0/16", "--sn", "172.17.0.0/16", "--ifn", "192.168.0.0/16"});
  a.run_ok({"ip-plan", "set", "sn.bond-options", "mode=1 miimon=50 use_carrier=1 primary=eth4"});
  a.run_ok({"ip-plan", "set", "ifn.dns", "192.168.255.254,192.168.0.53"});
  check_golden("net-render-lab.txt", a.run_ok({"net", "render", "--all"}).out);
}

TEST_CASE("net commands refuse bad input before touching anything", "[cli][net]") {
  Anvil a;
  a.run_ok({"ip-plan", "init"});
  auto unknown = a.run({"net", "render", "an-node09"});
  CHECK(unknown.status == 2);
  CHECK(unknown.err == "anvil: unknown node 'an-node09'; `anvil node list` shows the nodes\n");
  CHECK(a.run({"net", "apply"}).status == 2);
  CHECK(a.run({"net", "render", "an-node01", "--all"}).status == 2);
  CHECK(a.run({"ip-plan", "set", "bcn.bond-options", "miimon=100"}).status == 2);
}

TEST_CASE("net map --set pins MACs in the plan, and the render follows", "[cli][net]") {
  Anvil a;
  a.run_ok({"ip-plan", "init"});
  auto r = a.run_ok({"net", "map", "an-node01", "--set", "eth0=52:54:00:AA:00:01", "--set", "eth3=52:54:00:aa:00:02"});
  CHECK(r.out == "~ an-node01.eth0.mac none -> 52:54:00:aa:00:01\n~ an-node01.eth3.mac none -> 52:54:00:aa:00:02\n");
  auto render = a.run_ok({"net", "render", "an-node01"}).out;
  CHECK(render.find("DEVICE=\"eth0\"\nHWADDR=\"52:54:00:aa:00:01\"\n") != std::string::npos);
  CHECK(a.run_ok({"net", "render", "an-node02"}).out.find("HWADDR") == std::string::npos);
  auto bad = a.run({"net", "map", "an-node01", "--set", "eth0=52:54:00:aa:00"});
  CHECK(bad.status == 2);
  CHECK(bad.err.find("invalid MAC '52:54:00:aa:00'") != std::string::npos);
  CHECK(a.run({"net", "map", "an-node01", "--set", "eth9=52:54:00:aa:00:09"}).status == 2);
  CHECK(a.run({"net", "map", "an-node01", "--set", "52:54:00:aa:00:09"}).status == 2);
  auto twice = a.run({"net", "map", "an-node02", "--set", "eth0=52:54:00:aa:00:01"});
  CHECK(twice.status == 1);
  CHECK(twice.err.find("already given to an-node01.eth0") != std::string::npos);
  CHECK(a.run_ok({"net", "map", "an-node01", "--set", "eth0=none"}).out == "~ an-node01.eth0.mac 52:54:00:aa:00:01 -> none\n");
}
