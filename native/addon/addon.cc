// Entry point of the daily_node N-API addon.
#include <napi.h>

#include "addon/engine/engine_process.h"
#include "addon/vad/native_vad.h"

namespace {

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("EngineProcess", dn::addon::EngineProcess::Define(env));
  exports.Set("createNativeVad", dn::addon::DefineCreateNativeVad(env));
  return exports;
}

}  // namespace

NODE_API_MODULE(daily_node, Init)
