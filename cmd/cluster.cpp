// `anvil cluster render|validate`: the cluster's cluster.conf from the plan,
// and its check against the RHCS 3 schema.
#include <CLI/CLI.hpp>

#include <unistd.h>

#include <cstdlib>
#include <fstream>
#include <map>
#include <memory>
#include <ostream>

#include "cluster/render_conf.hpp"
#include "cluster/sync.hpp"
#include "core/unified_diff.hpp"
#include "exec/recording.hpp"
#include "ledger/secrets.hpp"
#include "node_common.hpp"
#include "node_output.hpp"
#include "cluster/validate_conf.hpp"
#include "commands.hpp"
#include "context.hpp"
#include "core/error.hpp"
#include "core/exit_code.hpp"
#include "ledger/plan_store.hpp"
#include "output.hpp"

namespace anvil::cli {

void register_cluster_status(CLI::App& cluster, Selected& selected);     // cluster_status.cpp
void register_cluster_lifecycle(CLI::App& cluster, Selected& selected);  // cluster_lifecycle.cpp

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

struct ApplyOpts {
  NodeArgs nodes;
  std::string winner;
};

std::map<std::string, std::string> passwords_of(ledger::Db& db, const plan::Cluster& c) {
  std::map<std::string, std::string> out;
  for (auto& d : c.devices)
    if (auto pw = ledger::secret_of(db, c.name, d.name)) out[d.name] = *pw;
  return out;
}

// Like diff(1): each node's file against the plan's render at that node's
// version, so that only a real change shows; exit 1 when one differs.
int run_diff(Context& ctx, const NodeArgs& args) {
  auto nodes = selected_nodes(ctx, args);
  node::NodeSessions sessions(nodes);
  node::RunSettings read_only;
  read_only.lock = false;
  auto results = node::on_nodes<cluster::NodeConf>(sessions, read_only, nullptr,
                                                   [](exec::Executor& ex, const node::NodeRef&) { return cluster::read_conf(ex); });
  bool differs = false;
  json list = json::array();
  for (std::size_t i = 0; i < results.size(); ++i) {
    auto& r = results[i];
    if (!r.ok()) {
      list.push_back({{"node", r.node}, {"ok", false}, {"error", error_json(r.error)}});
      continue;
    }
    auto& conf = r.value->value;
    auto plan = ledger::load_cluster(ctx.ledger_for_reading(), nodes[i].cluster);
    const bool as_planned = conf.content && *conf.content == cluster::render_at(plan, conf.version);
    auto wanted = as_planned ? *conf.content : cluster::render_at(plan, std::max(conf.version, plan.config_version) + 1);
    auto diff = unified_diff(conf.content.value_or(""), wanted, conf.content ? r.node + ":" + cluster::cluster_conf_path : "/dev/null",
                             r.node + ":" + cluster::cluster_conf_path + " (plan)");
    bool node_differs = !diff.empty();
    differs = differs || node_differs;
    list.push_back({{"node", r.node}, {"ok", true}, {"differs", node_differs}, {"config_version", conf.content ? json(conf.version) : json(nullptr)},
                    {"diff", diff}});
    if (!ctx.globals.json) ctx.out << diff;
  }
  print_node_errors(ctx, results);
  if (ctx.globals.json) print_json(ctx.out, {{"differs", differs}, {"nodes", list}});
  int status = node::exit_status_for(results);
  if (status != exit_ok) return status;
  return differs ? exit_failed : exit_ok;
}

int run_apply(Context& ctx, const ApplyOpts& o) {
  auto nodes = selected_nodes(ctx, o.nodes);
  auto& db = ctx.ledger_for_reading();
  auto plan = ledger::load_cluster(db, nodes.front().cluster);
  for (auto& n : nodes)
    if (n.cluster != plan.name) throw usage_error("cluster apply works on one cluster at a time");
  auto passwords = passwords_of(db, plan);
  auto run = start_changing_run(ctx, "cluster apply", nodes, o.nodes);
  node::NodeSessions sessions(nodes);
  auto read = node::on_nodes<cluster::NodeConf>(sessions, run.settings, nullptr,
                                                [](exec::Executor& ex, const node::NodeRef&) { return cluster::read_conf(ex); });
  int status = node::exit_status_for(read);
  if (status != exit_ok) {
    print_node_errors(ctx, read);
    if (run.log) run.log->finish_run(status, "cluster.conf not changed: a node could not be read");
    return status == exit_partial ? exit_failed : status;  // both nodes get the same file, or neither
  }
  std::vector<cluster::NodeConf> confs;
  for (auto& r : read) confs.push_back(r.value->value);
  std::optional<std::string> winner;
  if (!o.winner.empty()) winner = o.winner;
  std::optional<cluster::Target> target;
  try {
    target = cluster::next_conf(plan, confs, winner);
  } catch (const Error& e) {
    if (run.log) run.log->finish_run(exit_code_for(e.kind()), std::string("refused: ") + e.what());
    throw;
  }
  if (!target) {
    if (run.log) run.log->finish_run(exit_ok, "cluster.conf as planned already (config_version " + std::to_string(confs.front().version) + ")");
    if (ctx.globals.json)
      print_json(ctx.out, {{"dry_run", ctx.globals.dry_run}, {"run_id", run.log ? json(run.log->run_id()) : json(nullptr)},
                           {"config_version", confs.front().version}, {"changed", false}});
    else
      ctx.out << "cluster.conf is as planned already on every node (config_version " << confs.front().version << ")\n";
    return exit_ok;
  }
  auto wrote = node::on_nodes<int>(sessions, run.settings, run.log.get(), [&](exec::Executor& ex, const node::NodeRef&) {
    cluster::write_conf(ex, plan, *target, passwords);
    return 0;
  });
  status = node::exit_status_for(wrote);
  std::string activation;
  if (status == exit_ok && !ctx.globals.dry_run) {
    ledger::set_config_version(db, plan.name, target->version);
    exec::SessionExecutor first(sessions.session(0));
    exec::RecordingExecutor recorded(first, *run.log);
    try {
      activation = cluster::activate(recorded, target->version);
    } catch (const Error& e) {
      print_error(ctx.err, e.what(), "", false, ctx.color_stderr());
      status = exit_failed;
    }
  }
  print_node_errors(ctx, wrote);
  if (run.log)
    run.log->finish_run(status, status == exit_ok ? "cluster.conf config_version " + std::to_string(target->version) + " on " +
                                                        std::to_string(nodes.size()) + " node(s)" +
                                                        (activation.empty() ? "" : "; " + activation)
                                                  : "cluster.conf config_version " + std::to_string(target->version) +
                                                        " not applied everywhere: see the changes");
  json list = json::array();
  for (auto& r : wrote)
    list.push_back({{"node", r.node}, {"ok", r.ok()}, {"planned", r.ok() ? planned_json(r.value->planned) : json::array()},
                    {"error", error_json(r.error)}});
  if (ctx.globals.json) {
    print_json(ctx.out, {{"dry_run", ctx.globals.dry_run}, {"run_id", run.log ? json(run.log->run_id()) : json(nullptr)},
                         {"config_version", target->version}, {"changed", true}, {"activation", activation}, {"nodes", list}});
  } else {
    for (auto& r : wrote) {
      if (!r.ok()) continue;
      if (ctx.globals.dry_run)
        print_planned(ctx, r.node, r.value->planned);
      else
        ctx.out << r.node << ": cluster.conf config_version " << target->version << '\n';
    }
    if (!activation.empty()) ctx.out << activation << '\n';
  }
  return status;
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

  auto d = std::make_shared<NodeArgs>();
  auto* diff = cluster->add_subcommand("diff", "Compare the nodes' /etc/cluster/cluster.conf with the plan (exit 1 when it differs)");
  add_node_selection(diff, *d, "compare");
  diff->callback([&selected, d] {
    selected.command = "cluster diff";
    selected.run = [d](Context& ctx) { return run_diff(ctx, *d); };
  });

  auto a = std::make_shared<ApplyOpts>();
  auto* apply = cluster->add_subcommand(
      "apply", "Write cluster.conf (next config_version) and the fence password scripts to the nodes, then activate it on a running cman");
  add_node_selection(apply, a->nodes, "apply it on");
  add_lock_wait(apply, a->nodes);
  apply->add_option("--winner", a->winner, "When the nodes' versions disagree: the node whose cluster.conf version counts");
  apply->callback([&selected, a] {
    selected.command = "cluster apply";
    selected.run = [a](Context& ctx) { return run_apply(ctx, *a); };
  });

  register_cluster_status(*cluster, selected);
  register_cluster_lifecycle(*cluster, selected);

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
