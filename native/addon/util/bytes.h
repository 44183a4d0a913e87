// Byte views over the JS values the SDK accepts as audio/video data:
// Buffer, any TypedArray (Uint8Array, Int16Array, ...), DataView or ArrayBuffer.
#pragma once

#include <cstddef>
#include <cstdint>

#include <napi.h>

namespace dn::addon {

struct ByteView {
  const uint8_t* data = nullptr;
  size_t size = 0;
};

// Returns false when the value holds no bytes of a supported kind.
bool GetBytes(const Napi::Value& value, ByteView& out);

}  // namespace dn::addon
