// V8's "fast API calls" on Node 20 (V8 11.3), Node 22 (V8 12.4) and Node 24 (V8 13.6): a C
// function that optimised JavaScript calls directly, without the FunctionCallbackInfo (or
// Node-API) frame. Neither Debian's Node nor Node's own release archives ship
// v8-fast-api-calls.h, so this file declares the few types the calls need, with the layout
// those versions use. The facts were read off the node binaries themselves:
//   - CFunction(const void*, const CFunctionInfo*) is an exported constructor in all three
//     (nm -D); CFunctionInfo's is (const CTypeInfo&, unsigned, const CTypeInfo*) in 11.3 and
//     takes an Int64Representation byte as well in 12.4 and 13.6, whose code stores it at
//     offset 3, after the three bytes of the return type (the count at 4, the argument types'
//     address at 8);
//   - the CTypeInfo bytes Node 20 builds for its own fast Buffer.indexOf (type, sequence, flags):
//     Local<Value> {10, 0, 0}, FastApiTypedArray<uint8_t> {2, 2, 0}, uint32_t {4, 0, 0},
//     int64_t {5, 0, 0}, bool {1, 0, 0}, return int32_t {3, 0, 0};
//   - that function reads a typed array argument as {size_t length; T *data} (length at
//     offset 0, data at 8).
// Node 22 still passes typed arrays this way (its own Buffer functions take
// FastApiTypedArray<uint8_t>); Node 24's V8 no longer does, and its functions take every
// array as a Local<Value> (fast.cc reads those with ArrayBufferView::GetContents). Only these
// three versions are declared (fast.cc checks V8_MAJOR_VERSION and V8_MINOR_VERSION);
// elsewhere the module registers no fast functions. The tests check each declaration where it
// applies (src/native/fast.test.ts; CI runs it under Node 22 and 24 too).
#ifndef HP_FAST_API_H
#define HP_FAST_API_H

#include <stddef.h>
#include <stdint.h>

namespace v8 {

class CTypeInfo {
 public:
  enum class Type : uint8_t {
    kVoid = 0,
    kBool = 1,
    kUint8 = 2,
    kInt32 = 3,
    kUint32 = 4,
    kInt64 = 5,
    kUint64 = 6,
    kFloat32 = 7,
    kFloat64 = 8,
    kV8Value = 10,
  };
  enum class SequenceType : uint8_t { kScalar = 0, kIsTypedArray = 2 };
  // kAllowShared: the typed array may view a SharedArrayBuffer.
  enum class Flags : uint8_t { kNone = 0, kAllowShared = 1 };
  constexpr CTypeInfo(Type type, SequenceType sequence = SequenceType::kScalar,
                      Flags flags = Flags::kNone)
      : type_(type), sequence_(sequence), flags_(flags) {}

 private:
  Type type_;
  SequenceType sequence_;
  Flags flags_;
};

class __attribute__((visibility("default"))) CFunctionInfo {
 public:
#if HP_FAST_V8 >= 1204
  // How 64-bit integers appear in JavaScript (none of the functions here take one).
  enum class Int64Representation : uint8_t { kNumber = 0, kBigInt = 1 };
  CFunctionInfo(const CTypeInfo &returns, unsigned int count, const CTypeInfo *args,
                Int64Representation repr);
#else
  CFunctionInfo(const CTypeInfo &returns, unsigned int count, const CTypeInfo *args);
#endif

 private:
  const CTypeInfo returns_;
#if HP_FAST_V8 >= 1204
  const Int64Representation repr_;
#endif
  const unsigned int count_;
  const CTypeInfo *args_;
};

class __attribute__((visibility("default"))) CFunction {
 public:
  CFunction(const void *address, const CFunctionInfo *info);

 private:
  const void *address_;
  const CFunctionInfo *info_;
};

}  // namespace v8

namespace hp {
// A typed array argument of a fast call: its length in elements and its first element.
template <class T>
struct FastArray {
  size_t length;
  T *data;
};
}  // namespace hp

static_assert(sizeof(v8::CTypeInfo) == 3, "CTypeInfo: three bytes");
static_assert(sizeof(v8::CFunctionInfo) == 16, "CFunctionInfo: 16 bytes");
static_assert(sizeof(v8::CFunction) == 16, "CFunction: two pointers");
static_assert(offsetof(hp::FastArray<uint32_t>, data) == 8, "FastArray: data at 8");

#endif
