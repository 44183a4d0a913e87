#include "addon/engine/engine_process.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <vector>

#include "addon/util/bytes.h"
#include "common/frame.h"

extern char** environ;

namespace dn::addon {
namespace {

constexpr int kSocketBufferBytes = 4 << 20;
constexpr size_t kStderrTailBytes = 8192;

struct JsEvent {
  int kind;
  std::string json;
  std::vector<uint8_t> binary;
};

void DeliverToJs(Napi::Env env, Napi::Function callback, JsEvent* raw) {
  std::unique_ptr<JsEvent> ev(raw);
  if (env == nullptr || callback.IsEmpty()) return;
  Napi::Value binary = env.Undefined();
  if (!ev->binary.empty()) {
    // Hand the bytes to JS without a copy; the vector is freed with the Buffer.
    auto* holder = new std::vector<uint8_t>(std::move(ev->binary));
    binary = Napi::Buffer<uint8_t>::New(
        env, holder->data(), holder->size(), [](Napi::Env, uint8_t*, std::vector<uint8_t>* h) { delete h; }, holder);
  }
  callback.Call({Napi::Number::New(env, ev->kind), Napi::String::New(env, ev->json), binary});
  // An exception thrown by the JS handler must not be left pending here.
  if (env.IsExceptionPending()) {
    Napi::Error err = env.GetAndClearPendingException();
    fprintf(stderr, "daily-node: engine event handler threw: %s\n", err.Message().c_str());
  }
}

std::string JsonEscape(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          char buf[8];
          snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += char(c);
        }
    }
  }
  return out;
}

}  // namespace

struct EngineProcess::Shared {
  pid_t pid = -1;
  int fd = -1;
  std::unique_ptr<channel::FdWriter> writer;
  Napi::ThreadSafeFunction tsfn;
  std::thread reader;
  std::thread stderr_reader;
  int stderr_fd = -1;
  std::mutex stderr_mu;
  std::string stderr_tail;
  std::atomic<bool> exited{false};
  std::atomic<bool> closed{false};

  // Runs when both the reader thread and the JS object are done with it, so
  // no other thread can still use the descriptor.
  ~Shared() {
    if (fd >= 0) ::close(fd);
  }

  void Post(int kind, std::string json, std::vector<uint8_t> binary = {}) {
    auto* ev = new JsEvent{kind, std::move(json), std::move(binary)};
    if (tsfn.NonBlockingCall(ev, DeliverToJs) != napi_ok) delete ev;
  }

  void ReadStderr() {
    char buf[4096];
    for (;;) {
      ssize_t n = ::read(stderr_fd, buf, sizeof buf);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      std::lock_guard<std::mutex> lock(stderr_mu);
      stderr_tail.append(buf, size_t(n));
      if (stderr_tail.size() > kStderrTailBytes) stderr_tail.erase(0, stderr_tail.size() - kStderrTailBytes);
    }
    ::close(stderr_fd);
  }

  void ReadChannel() {
    channel::FrameParser parser(
        [this](channel::Frame&& f) { Post(int(f.kind), std::move(f.json), std::move(f.binary)); },
        [this](const std::string& reason) { Post(kEventChannelError, "{\"reason\":\"" + JsonEscape(reason) + "\"}"); });
    std::vector<uint8_t> buf(256 * 1024);
    for (;;) {
      ssize_t n = ::read(fd, buf.data(), buf.size());
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) break;
      parser.Feed(buf.data(), size_t(n));
    }
    writer->MarkBroken();
    const std::string exit_json = WaitForExit();
    Post(kEventEngineExit, exit_json);
    tsfn.Release();
  }

  // The channel is closed: collect the child's status, killing it if it lingers.
  std::string WaitForExit() {
    int status = 0;
    bool reaped = false;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(3);
    while (!reaped) {
      pid_t r = ::waitpid(pid, &status, WNOHANG);
      if (r == pid) {
        reaped = true;
        break;
      }
      if (r < 0 && errno != EINTR) break;
      if (std::chrono::steady_clock::now() > deadline) {
        ::kill(pid, SIGKILL);
        while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
        reaped = true;
        break;
      }
      ::usleep(5000);
    }
    exited.store(true);
    if (stderr_reader.joinable()) stderr_reader.join();
    std::string code = "null", sig = "null";
    if (reaped && WIFEXITED(status)) code = std::to_string(WEXITSTATUS(status));
    if (reaped && WIFSIGNALED(status)) {
      const char* abbrev = sigabbrev_np(WTERMSIG(status));
      sig = "\"SIG" + std::string(abbrev ? abbrev : "UNKNOWN") + "\"";
    }
    std::lock_guard<std::mutex> lock(stderr_mu);
    return "{\"code\":" + code + ",\"signal\":" + sig + ",\"stderr\":\"" + JsonEscape(stderr_tail) + "\"}";
  }
};

Napi::Function EngineProcess::Define(Napi::Env env) {
  return DefineClass(
      env, "EngineProcess",
      {InstanceMethod<&EngineProcess::Send>("send"), InstanceMethod<&EngineProcess::SendRaw>("sendRaw"),
       InstanceMethod<&EngineProcess::Kill>("kill"), InstanceMethod<&EngineProcess::Close>("close"),
       InstanceMethod<&EngineProcess::Ref>("ref"), InstanceMethod<&EngineProcess::Unref>("unref"),
       InstanceAccessor<&EngineProcess::Pid>("pid"), InstanceAccessor<&EngineProcess::Running>("running")});
}

// new EngineProcess(enginePath, onEvent(kind, json, binary?), environment?: string[])
EngineProcess::EngineProcess(const Napi::CallbackInfo& info) : Napi::ObjectWrap<EngineProcess>(info) {
  Napi::Env env = info.Env();
  if (info.Length() < 2 || !info[0].IsString() || !info[1].IsFunction() ||
      (info.Length() > 2 && !info[2].IsUndefined() && !info[2].IsArray())) {
    Napi::TypeError::New(env, "EngineProcess(enginePath: string, onEvent: function, environment?: string[])")
        .ThrowAsJavaScriptException();
    return;
  }
  const std::string path = info[0].As<Napi::String>();
  // The child's environment: the given "NAME=value" strings, or this process's own.
  std::vector<std::string> environment;
  const bool own_environment = info.Length() > 2 && info[2].IsArray();
  if (own_environment) {
    Napi::Array list = info[2].As<Napi::Array>();
    for (uint32_t i = 0; i < list.Length(); i++) {
      Napi::Value item = list.Get(i);
      if (!item.IsString() || item.As<Napi::String>().Utf8Value().find('=') == std::string::npos) {
        Napi::TypeError::New(env, "EngineProcess: environment[" + std::to_string(i) + "] must be a 'NAME=value' string")
            .ThrowAsJavaScriptException();
        return;
      }
      environment.push_back(item.As<Napi::String>().Utf8Value());
    }
  }
  std::vector<char*> envp;
  for (auto& e : environment) envp.push_back(e.data());
  envp.push_back(nullptr);
  int sv[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) {
    Napi::Error::New(env, std::string("cannot create the engine channel: ") + strerror(errno))
        .ThrowAsJavaScriptException();
    return;
  }
  int errpipe[2];
  if (::pipe2(errpipe, O_CLOEXEC) != 0) {
    ::close(sv[0]);
    ::close(sv[1]);
    Napi::Error::New(env, std::string("cannot create the engine stderr pipe: ") + strerror(errno))
        .ThrowAsJavaScriptException();
    return;
  }
  for (int fd : sv) {
    int size = kSocketBufferBytes;
    ::setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &size, sizeof size);
    ::setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
  }

  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, errpipe[1], 1);
  posix_spawn_file_actions_adddup2(&actions, errpipe[1], 2);
  posix_spawn_file_actions_adddup2(&actions, sv[1], 3);
  const std::string parent = std::to_string(::getpid());
  std::vector<std::string> args = {path, "--channel-fd", "3", "--parent-pid", parent};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = -1;
  int rc = ::posix_spawn(&pid, path.c_str(), &actions, nullptr, argv.data(), own_environment ? envp.data() : environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(sv[1]);
  ::close(errpipe[1]);
  if (rc != 0) {
    ::close(sv[0]);
    ::close(errpipe[0]);
    Napi::Error::New(env, "cannot start the media engine '" + path + "': " + strerror(rc)).ThrowAsJavaScriptException();
    return;
  }

  shared_ = std::make_shared<Shared>();
  shared_->pid = pid;
  shared_->fd = sv[0];
  shared_->stderr_fd = errpipe[0];
  shared_->writer = std::make_unique<channel::FdWriter>(sv[0]);
  shared_->tsfn =
      Napi::ThreadSafeFunction::New(env, info[1].As<Napi::Function>(), "daily-node-engine", 0, 1, [](Napi::Env) {});
  auto shared = shared_;
  shared_->stderr_reader = std::thread([shared] { shared->ReadStderr(); });
  shared_->reader = std::thread([shared] { shared->ReadChannel(); });
  shared_->reader.detach();
}

EngineProcess::~EngineProcess() {
  if (!shared_) return;
  // The JS object is gone: close our end so the engine sees EOF and exits.
  if (!shared_->closed.exchange(true)) ::shutdown(shared_->fd, SHUT_RDWR);
}

Napi::Value EngineProcess::Send(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 2 || !info[0].IsNumber() || !info[1].IsString()) {
    Napi::TypeError::New(env, "send(kind: number, json: string, binary?: bytes)").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  const int kind = info[0].As<Napi::Number>().Int32Value();
  if (!channel::IsValidKind(uint8_t(kind)) || kind > 255) {
    Napi::RangeError::New(env, "send: unknown frame kind " + std::to_string(kind)).ThrowAsJavaScriptException();
    return env.Undefined();
  }
  const std::string json = info[1].As<Napi::String>();
  ByteView bytes;
  if (info.Length() > 2 && !info[2].IsUndefined() && !GetBytes(info[2], bytes)) {
    Napi::TypeError::New(env, "send: binary must be a Buffer, TypedArray or ArrayBuffer").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  if (json.size() > channel::kMaxJsonBytes || bytes.size > channel::kMaxBinaryBytes) {
    Napi::RangeError::New(env, "send: frame too large").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  bool ok = !shared_->closed.load() && shared_->writer->Write(channel::FrameKind(kind), json, bytes.data, bytes.size);
  return Napi::Boolean::New(env, ok);
}

Napi::Value EngineProcess::SendRaw(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  ByteView bytes;
  if (info.Length() < 1 || !GetBytes(info[0], bytes)) {
    Napi::TypeError::New(env, "sendRaw(bytes)").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  bool ok = !shared_->closed.load() && shared_->writer->WriteRaw(bytes.data, bytes.size);
  return Napi::Boolean::New(env, ok);
}

Napi::Value EngineProcess::Pid(const Napi::CallbackInfo& info) { return Napi::Number::New(info.Env(), shared_->pid); }

Napi::Value EngineProcess::Running(const Napi::CallbackInfo& info) {
  return Napi::Boolean::New(info.Env(), !shared_->exited.load());
}

void EngineProcess::Kill(const Napi::CallbackInfo& info) {
  int sig = SIGKILL;
  if (info.Length() > 0 && info[0].IsNumber()) sig = info[0].As<Napi::Number>().Int32Value();
  if (!shared_->exited.load()) ::kill(shared_->pid, sig);
}

void EngineProcess::Close(const Napi::CallbackInfo&) {
  if (!shared_->closed.exchange(true)) {
    shared_->writer->MarkBroken();
    ::shutdown(shared_->fd, SHUT_WR);
  }
}

void EngineProcess::Ref(const Napi::CallbackInfo& info) {
  if (!shared_->exited.load()) shared_->tsfn.Ref(info.Env());
}

void EngineProcess::Unref(const Napi::CallbackInfo& info) {
  if (!shared_->exited.load()) shared_->tsfn.Unref(info.Env());
}

}  // namespace dn::addon
