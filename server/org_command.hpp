// `kring-server --data postgresql://... org add|key|revoke|list`: the operator's commands for
// the organisations of a hosted server (docs/hosting.md).
#pragma once

#include "options.hpp"

#include <ostream>

namespace kring::server {

/** Runs o.command ("org", ...); returns the process's exit code (0 done, 1 failed, 2 usage). */
int run_org_command(const options& o, std::ostream& out, std::ostream& err);

} // namespace kring::server
