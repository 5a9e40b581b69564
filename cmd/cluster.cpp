// `anvil cluster render|validate`: the cluster's cluster.conf from the plan,
// and its check against the RHCS 3 schema.
#include <CLI/CLI.hpp>

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <memory>
#include <ostream>

#include "cluster/render_conf.hpp"
#include "cluster/validate_conf.hpp"
#include "commands.hpp"
#include "context.hpp"
#include "core/error.hpp"
#include "core/exit_code.hpp"
#include "ledger/plan_store.hpp"
#include "output.hpp"

namespace anvil::cli {
namespace {

struct RenderOpts {
  std::string out;
};

// The version a render carries: the next one after the last applied.
int next_version(const plan::Cluster& c) { return c.config_version + 1; }

int run_render(Context& ctx, const RenderOpts& o) {
  auto& db = ctx.ledger_for_reading();
  auto c = ledger::load_cluster(db, ctx.cluster(db));
  auto xml = cluster::render_cluster_conf(c, next_version(c));
  if (ctx.globals.json) {
    print_json(ctx.out, {{"profile", "el6"}, {"cluster_name", c.name}, {"config_version", next_version(c)},
                         {"path", cluster::cluster_conf_path}, {"content", xml}});
  } else if (o.out.empty()) {
    ctx.out << xml;
  }
  if (o.out.empty()) return exit_ok;
  if (ctx.globals.dry_run) {
    if (!ctx.globals.json) ctx.out << "would write " << o.out << '\n';
    return exit_ok;
  }
  std::ofstream file(o.out, std::ios::binary | std::ios::trunc);
  file << xml;
  if (!file) throw failure("cannot write " + o.out);
  if (!ctx.globals.json) ctx.err << "anvil: wrote " << o.out << " (config_version " << next_version(c) << ")\n";
  return exit_ok;
}

struct ValidateOpts {
  std::string file;
  std::string schema;
};

// With a FILE: that file. Without: the plan's render, through a temporary file.
int run_validate(Context& ctx, const ValidateOpts& o) {
  auto schema = cluster::schema_path(o.schema);
  std::string file = o.file;
  std::string temporary;
  if (file.empty()) {
    auto& db = ctx.ledger_for_reading();
    auto c = ledger::load_cluster(db, ctx.cluster(db));
    char name[] = "/tmp/anvil-cluster-conf-XXXXXX";
    int fd = ::mkstemp(name);
    if (fd < 0) throw failure("cannot create a temporary file in /tmp");
    ::close(fd);
    temporary = file = name;
    std::ofstream(file, std::ios::binary | std::ios::trunc) << cluster::render_cluster_conf(c, next_version(c));
  } else if (::access(file.c_str(), R_OK) != 0) {
    throw usage_error("cannot read " + file);
  }
  cluster::Validation v;
  try {
    v = cluster::validate_cluster_conf(file, schema);
  } catch (...) {
    if (!temporary.empty()) ::unlink(temporary.c_str());
    throw;
  }
  if (!temporary.empty()) ::unlink(temporary.c_str());
  const std::string what = o.file.empty() ? "the rendered cluster.conf" : o.file;
  if (ctx.globals.json) {
    print_json(ctx.out, {{"file", o.file.empty() ? json(nullptr) : json(o.file)}, {"schema", schema}, {"valid", v.valid},
                         {"errors", v.errors}});
  } else if (v.valid) {
    ctx.out << what << " validates against " << schema << '\n';
  } else {
    ctx.out << v.errors;
    ctx.err << "anvil: " << what << " does not validate against " << schema << '\n';
  }
  return v.valid ? exit_ok : exit_failed;
}

}  // namespace

void register_cluster(CLI::App& app, Selected& selected) {
  auto* cluster = app.add_subcommand("cluster", "The cluster layer: cluster.conf (cman, fencing, rgmanager) from the plan");
  cluster->require_subcommand(1);

  auto r = std::make_shared<RenderOpts>();
  auto* render = cluster->add_subcommand("render", "Print (or write to --out FILE) the cluster.conf the plan gives");
  render->add_option("--out", r->out, "Write the file here instead of printing it");
  render->callback([&selected, r] {
    selected.command = "cluster render";
    selected.run = [r](Context& ctx) { return run_render(ctx, *r); };
  });

  auto v = std::make_shared<ValidateOpts>();
  auto* validate = cluster->add_subcommand("validate", "Check a cluster.conf (default: the plan's) against the RHCS 3 schema with xmllint");
  validate->add_option("file", v->file, "The cluster.conf to check");
  validate->add_option("--schema", v->schema, "The RelaxNG schema (default: anvil's copy of cluster.rng)");
  validate->callback([&selected, v] {
    selected.command = "cluster validate";
    selected.run = [v](Context& ctx) { return run_validate(ctx, *v); };
  });
}

}  // namespace anvil::cli
