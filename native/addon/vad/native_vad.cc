#include "addon/vad/native_vad.h"

#include <cmath>
#include <cstdint>
#include <memory>
#include <string>

#include "addon/util/bytes.h"
#include "addon/vad/core/vad_analyzer.h"

namespace dn::addon {
namespace {

using vad::InputError;

// Shared by the `analyze` and `release` functions of one NativeVad; whichever
// the garbage collector takes last frees the VAD if release() never ran.
struct VadSlot {
  std::unique_ptr<vad::VadAnalyzer> analyzer;
};
using SlotRef = std::shared_ptr<VadSlot>;

VadSlot& SlotOf(napi_env env, napi_callback_info info, napi_value* first_arg) {
  size_t argc = first_arg ? 1 : 0;
  void* data = nullptr;
  napi_get_cb_info(env, info, &argc, first_arg, nullptr, &data);
  return **static_cast<SlotRef*>(data);
}

// 16-bit PCM as bytes, read in place. Byte-sized and 16-bit typed arrays
// (Buffer, Uint8Array, Int16Array, ...), DataView and ArrayBuffer are PCM;
// wider or floating-point typed arrays are refused rather than reinterpreted.
InputError ReadPcmBytes(napi_env env, napi_value value, ByteView& out) {
  napi_typedarray_type type;
  size_t length = 0;
  void* data = nullptr;
  if (napi_get_typedarray_info(env, value, &type, &length, &data, nullptr, nullptr) == napi_ok) {
    out.data = static_cast<const uint8_t*>(data);
    switch (type) {
      case napi_int8_array:
      case napi_uint8_array:
      case napi_uint8_clamped_array:
        out.size = length;
        return InputError::kNone;
      case napi_int16_array:
      case napi_uint16_array:
        out.size = length * 2;
        return InputError::kNone;
      default:
        return InputError::kNotPcmArray;
    }
  }
  return GetBytes(Napi::Value(env, value), out) ? InputError::kNone : InputError::kNotBytes;
}

double AnalyzeValue(napi_env env, VadSlot& slot, napi_value frames) {
  if (!slot.analyzer) return static_cast<double>(InputError::kReleased);
  ByteView bytes;
  const InputError read = ReadPcmBytes(env, frames, bytes);
  if (read != InputError::kNone) return static_cast<double>(read);
  const vad::Analysis analysis = slot.analyzer->Analyze(bytes.data, bytes.size);
  if (analysis.error != InputError::kNone) return static_cast<double>(analysis.error);
  return analysis.confidence;
}

napi_value Analyze(napi_env env, napi_callback_info info) {
  napi_value frames;
  VadSlot& slot = SlotOf(env, info, &frames);
  napi_value result = nullptr;
  napi_create_double(env, AnalyzeValue(env, slot, frames), &result);
  return result;
}

napi_value Release(napi_env env, napi_callback_info info) {
  SlotOf(env, info, nullptr).analyzer.reset();
  return nullptr;
}

void FreeSlotRef(napi_env, void* data, void*) { std::unique_ptr<SlotRef> owned(static_cast<SlotRef*>(data)); }

// A JS function whose callback data is a reference to `slot`, dropped when
// the function is collected.
napi_value BindToSlot(napi_env env, const char* name, napi_callback callback, const SlotRef& slot) {
  auto ref = std::make_unique<SlotRef>(slot);
  napi_value fn = nullptr;
  if (napi_create_function(env, name, NAPI_AUTO_LENGTH, callback, ref.get(), &fn) != napi_ok) return nullptr;
  if (napi_add_finalizer(env, fn, ref.get(), FreeSlotRef, nullptr, nullptr) != napi_ok) return nullptr;
  ref.release();  // now owned by the function's finalizer
  return fn;
}

bool ReadInt(const Napi::CallbackInfo& info, size_t index, const char* field, int& out) {
  const Napi::Value value = info[index];
  if (!value.IsNumber()) {
    Napi::TypeError::New(info.Env(), std::string(field) + ": must be a number").ThrowAsJavaScriptException();
    return false;
  }
  const double number = value.As<Napi::Number>().DoubleValue();
  if (!(number >= INT32_MIN && number <= INT32_MAX) || std::trunc(number) != number) {
    Napi::RangeError::New(info.Env(), std::string(field) + ": must be an integer").ThrowAsJavaScriptException();
    return false;
  }
  out = static_cast<int>(number);
  return true;
}

const char* DescribeConfigError(vad::ConfigError error) {
  switch (error) {
    case vad::ConfigError::kResetPeriod:
      return "resetPeriodMs: must be from 20 to 86400000";
    case vad::ConfigError::kSampleRate:
      return "sampleRate: must be 8000, 16000, 32000 or 48000";
    case vad::ConfigError::kChannels:
      return "channels: must be 1 or 2";
    case vad::ConfigError::kOk:
      break;
  }
  return "";
}

Napi::Value CreateNativeVad(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  vad::VadConfig config;
  if (!ReadInt(info, 0, "resetPeriodMs", config.reset_period_ms) ||
      !ReadInt(info, 1, "sampleRate", config.sample_rate) || !ReadInt(info, 2, "channels", config.channels)) {
    return env.Undefined();
  }
  if (const vad::ConfigError error = vad::CheckConfig(config); error != vad::ConfigError::kOk) {
    Napi::RangeError::New(env, DescribeConfigError(error)).ThrowAsJavaScriptException();
    return env.Undefined();
  }
  auto slot = std::make_shared<VadSlot>();
  slot->analyzer = vad::VadAnalyzer::Create(config);
  if (!slot->analyzer) {
    Napi::Error::New(env, "NativeVad: WebRTC could not create a VAD instance").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  napi_value analyze = BindToSlot(env, "analyze", Analyze, slot);
  napi_value release = BindToSlot(env, "release", Release, slot);
  if (analyze == nullptr || release == nullptr) {
    Napi::Error::New(env, "NativeVad: could not create its functions").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  Napi::Object handle = Napi::Object::New(env);
  handle.Set("analyze", Napi::Value(env, analyze));
  handle.Set("release", Napi::Value(env, release));
  return handle;
}

}  // namespace

Napi::Function DefineCreateNativeVad(Napi::Env env) {
  return Napi::Function::New(env, CreateNativeVad, "createNativeVad");
}

}  // namespace dn::addon
