// daily-node-engine: the media engine process. Spawned by the addon with the
// channel socket on a file descriptor; exits when the channel closes, when
// asked to shut down, or when its parent dies.
#include <signal.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "engine/core/engine.h"
#include "engine/core/handler_registration.h"

namespace {

struct Args {
  int channel_fd = 3;
  pid_t parent_pid = 0;
  bool check_protocol = false;
};

// Run by the build after linking: every method of the TS protocol (through
// the generated header) must have a handler. Returns the exit status.
int CheckProtocol() {
  dn::engine::Engine engine(-1);
  dn::engine::HandlerRegistration::RegisterAll(engine);
  const std::vector<std::string> registered = engine.channel.RegisteredMethods();
  int missing = 0;
  for (const auto& spec : dn::protocol::kMethods) {
    if (std::find(registered.begin(), registered.end(), spec.name) != registered.end()) continue;
    std::fprintf(stderr, "daily-node-engine: no handler for \"%.*s\" of the TS protocol (src/engine/protocol)\n",
                 int(spec.name.size()), spec.name.data());
    ++missing;
  }
  return missing == 0 ? 0 : 1;
}

bool ParseArgs(int argc, char** argv, Args& args) {
  for (int i = 1; i < argc; ++i) {
    std::string a = argv[i];
    if (a == "--channel-fd" && i + 1 < argc)
      args.channel_fd = std::atoi(argv[++i]);
    else if (a == "--parent-pid" && i + 1 < argc)
      args.parent_pid = pid_t(std::atoi(argv[++i]));
    else if (a == "--check-protocol")
      args.check_protocol = true;
    else if (a == "--version") {
      std::printf("daily-node-engine protocol %d\n", dn::engine::kProtocolVersion);
      std::exit(0);
    } else {
      std::fprintf(stderr, "daily-node-engine: unknown argument '%s'\n", a.c_str());
      return false;
    }
  }
  return args.channel_fd >= 0;
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  if (!ParseArgs(argc, argv, args)) return 2;
  if (args.check_protocol) return CheckProtocol();
  // No orphans: die with the parent. If it died before prctl took effect, the
  // parent pid has already changed.
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (args.parent_pid != 0 && ::getppid() != args.parent_pid) return 0;
  ::signal(SIGPIPE, SIG_IGN);

  auto engine = std::make_unique<dn::engine::Engine>(args.channel_fd);
  dn::engine::HandlerRegistration::RegisterAll(*engine);
  engine->channel.Notify(dn::protocol::event::kEngineReady,
                         {{"protocol", dn::engine::kProtocolVersion}, {"pid", ::getpid()}});
  engine->channel.Run();
  // Members go in reverse order: the areas' tracks, sources and renderers
  // before the media threads they need for their own teardown.
  engine.reset();
  return 0;
}
