// N-API face of NativeVad (src/vad/native-vad.ts wraps it).
//
//   createNativeVad(resetPeriodMs, sampleRate, channels)
//     -> { analyze(frames): number, release(): void }
//
// `analyze` returns the confidence (0..1) of the first 10 ms of `frames`, or
// a negative dn::vad::InputError code that the TypeScript side turns into a
// named error: building error objects here would cost every call, and the hot
// path allocates nothing but the returned number. Each function carries the
// VAD as its callback data, so a call does no unwrapping or property lookup.
#pragma once

#include <napi.h>

namespace dn::addon {

Napi::Function DefineCreateNativeVad(Napi::Env env);

}  // namespace dn::addon
