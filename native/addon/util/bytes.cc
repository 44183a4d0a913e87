#include "addon/util/bytes.h"

namespace dn::addon {

bool GetBytes(const Napi::Value& value, ByteView& out) {
  if (value.IsTypedArray()) {
    auto ta = value.As<Napi::TypedArray>();
    auto ab = ta.ArrayBuffer();
    out.data = static_cast<const uint8_t*>(ab.Data()) + ta.ByteOffset();
    out.size = ta.ByteLength();
    return true;
  }
  if (value.IsDataView()) {
    auto dv = value.As<Napi::DataView>();
    out.data = static_cast<const uint8_t*>(dv.ArrayBuffer().Data()) + dv.ByteOffset();
    out.size = dv.ByteLength();
    return true;
  }
  if (value.IsArrayBuffer()) {
    auto ab = value.As<Napi::ArrayBuffer>();
    out.data = static_cast<const uint8_t*>(ab.Data());
    out.size = ab.ByteLength();
    return true;
  }
  return false;
}

}  // namespace dn::addon
