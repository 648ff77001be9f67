// BSC's one-vector XOR and bit rotation, and the cyclic shift of Float32 rows (the permutation
// of HRR, FHRR and MAP-C), as V8 fast API calls (fast_api.h): optimised JavaScript calls the C
// functions below directly. A Node-API call costs about 17 ns plus about 9 ns a typed array
// before any work, more than the whole XOR of two 10,000-bit vectors (about 20 ns); a fast call
// passes each typed array as its length and data pointer (on Node 24, as a value whose bytes
// GetContents finds).
//
// Each function has two entry points with one contract: the fast one (from optimised code)
// and the slow one (a V8 FunctionCallback, from the interpreter and baseline code). Both
// return true when they did the work and false, with nothing written, for anything they do
// not cover (other element types, lengths that do not match, an output that shares memory
// with an input in a way other than being the same array, and on Node 24 the fast entry also
// for a small array that V8 keeps inside its heap); the caller then takes its
// other paths (the Node-API functions of vsa.cc, which also throw the errors). Neither throws:
// a fast call cannot.
//
// Registered only where the running V8 is one these declarations were checked against (11.3
// of Node 20, 12.4 of Node 22, 13.6 of Node 24: fast_api.h) and the headers were configured
// without pointer compression or the sandbox (HP_FAST_CALLS, set by build-native.mjs from
// Node's config.gypi); elsewhere the exports lack them. src/native/vsa.ts also leaves them
// aside where the running Node's process.config says otherwise.
#include <node_api.h>

#include <atomic>
#include <cstdio>
#include <cstring>

#include "vsa.h"

#if defined(HP_FAST_CALLS) && __has_include(<v8.h>)
#include <v8-version.h>
// HP_FAST_V8: the V8 version as major * 100 + minor, for fast_api.h's layouts.
#if V8_MAJOR_VERSION == 11 && V8_MINOR_VERSION == 3
#define HP_FAST_ENABLED 1
#define HP_FAST_V8 1103
#elif V8_MAJOR_VERSION == 12 && V8_MINOR_VERSION == 4
#define HP_FAST_ENABLED 1
#define HP_FAST_V8 1204
#elif V8_MAJOR_VERSION == 13 && V8_MINOR_VERSION == 6
#define HP_FAST_ENABLED 1
#define HP_FAST_V8 1306
#endif
#endif

namespace {

// Fast-path entries, for a test that checks optimised code reaches them (relaxed load and
// store, not a locked increment: a lost count under threads is harmless, a lock is not free).
std::atomic<uint64_t> fastEntries{0};

void countEntry() {
  fastEntries.store(fastEntries.load(std::memory_order_relaxed) + 1, std::memory_order_relaxed);
}

// The shared checks and work. XOR: n > 0 equal lengths; o the same span as a (or b) or
// disjoint from it.
bool xorWords(const uint32_t *a, size_t la, const uint32_t *b, size_t lb, uint32_t *o,
              size_t lo) {
  if (la == 0 || lb != la || lo != la) return false;
  if (hp::partialOverlap(o, 4 * lo, a, 4 * la) || hp::partialOverlap(o, 4 * lo, b, 4 * lb))
    return false;
  hp_vsa_active()->xorU32(a, la, b, lb, o, lo);
  return true;
}

// Rotation: rows of d bits (ceil(d / 32) words), 0 <= s < d < 2^31, a and o disjoint.
bool rotateWords(const uint32_t *a, size_t la, uint32_t d, uint32_t s, uint32_t *o, size_t lo) {
  if (d == 0 || d > INT32_MAX || s >= d || la == 0 || lo != la) return false;
  const size_t L = ((size_t)d + 31) / 32;
  if (la % L != 0 || hp::shareBytes(a, 4 * la, o, 4 * lo)) return false;
  hp_vsa_active()->rotateBits(a, la, d, s, o);
  return true;
}

// Shift of Float32 rows: rows of L floats, 0 <= sh <= L, a and o disjoint (vsaShift).
bool shiftFloats(const float *a, size_t la, float *o, size_t lo, uint32_t L, uint32_t sh) {
  if (L == 0 || sh > L || la == 0 || lo != la) return false;
  if (la % L != 0 || hp::shareBytes(a, 4 * la, o, 4 * lo)) return false;
  hp::shiftRows(reinterpret_cast<const char *>(a), reinterpret_cast<char *>(o), 4 * la,
                4 * (size_t)L, 4 * (size_t)sh);
  return true;
}

napi_value FastEntries(napi_env env, napi_callback_info) {
  napi_value v = nullptr;
  napi_create_double(env, (double)fastEntries.load(std::memory_order_relaxed), &v);
  return v;
}

#ifdef HP_FAST_ENABLED
}  // namespace
#include <v8.h>

#include "fast_api.h"
namespace {

#if HP_FAST_V8 < 1306
using Words = hp::FastArray<uint32_t>;

bool FastXor(v8::Local<v8::Value>, const Words &a, const Words &b, const Words &o) {
  countEntry();
  return xorWords(a.data, a.length, b.data, b.length, o.data, o.length);
}

bool FastRotate(v8::Local<v8::Value>, const Words &a, uint32_t d, uint32_t s, const Words &o) {
  countEntry();
  return rotateWords(a.data, a.length, d, s, o.data, o.length);
}

bool FastShiftF32(v8::Local<v8::Value>, const hp::FastArray<float> &a,
                  const hp::FastArray<float> &o, uint32_t L, uint32_t sh) {
  countEntry();
  return shiftFloats(a.data, a.length, o.data, o.length, L, sh);
}
#else
// V8 13.6 passes typed arrays to fast calls only as values. An array that V8 keeps inside its
// own heap (a small one, created without an ArrayBuffer: at most 64 bytes in Node's builds) is
// refused here, the caller then takes its other path; for the others GetContents gives the
// view's bytes in place, without allocating. (GetContents would copy an in-heap array into
// `storage`, and abort where it did not fit: HasBuffer() first keeps it from doing either.)
template <class T>
bool contentsOf(v8::Local<v8::Value> v, bool is, T **p, size_t *n) {
  if (!is) return false;
  v8::Local<v8::ArrayBufferView> view = v.As<v8::ArrayBufferView>();
  if (!view->HasBuffer()) return false;
  uint8_t storage[64];
  const v8::MemorySpan<uint8_t> got =
      view->GetContents(v8::MemorySpan<uint8_t>(storage, sizeof storage));
  if (got.data() == nullptr || got.data() == storage || got.size() % sizeof(T) != 0)
    return false;
  *p = reinterpret_cast<T *>(got.data());
  *n = got.size() / sizeof(T);
  return true;
}

bool FastXor(v8::Local<v8::Value>, v8::Local<v8::Value> a, v8::Local<v8::Value> b,
             v8::Local<v8::Value> o) {
  countEntry();
  uint32_t *pa, *pb, *po;
  size_t la, lb, lo;
  return contentsOf(a, a->IsUint32Array(), &pa, &la) &&
         contentsOf(b, b->IsUint32Array(), &pb, &lb) &&
         contentsOf(o, o->IsUint32Array(), &po, &lo) && xorWords(pa, la, pb, lb, po, lo);
}

bool FastRotate(v8::Local<v8::Value>, v8::Local<v8::Value> a, uint32_t d, uint32_t s,
                v8::Local<v8::Value> o) {
  countEntry();
  uint32_t *pa, *po;
  size_t la, lo;
  return contentsOf(a, a->IsUint32Array(), &pa, &la) &&
         contentsOf(o, o->IsUint32Array(), &po, &lo) && rotateWords(pa, la, d, s, po, lo);
}

bool FastShiftF32(v8::Local<v8::Value>, v8::Local<v8::Value> a, v8::Local<v8::Value> o,
                  uint32_t L, uint32_t sh) {
  countEntry();
  float *pa, *po;
  size_t la, lo;
  return contentsOf(a, a->IsFloat32Array(), &pa, &la) &&
         contentsOf(o, o->IsFloat32Array(), &po, &lo) && shiftFloats(pa, la, po, lo, L, sh);
}
#endif

// The elements of a non-empty typed array argument of V8 type Array (its element type checked
// by the caller's is(), e.g. IsFloat32Array): data pointer and length.
template <class Array, class T>
bool elementsOf(v8::Local<v8::Value> v, bool is, T **p, size_t *n) {
  if (!is) return false;
  v8::Local<Array> t = v.As<Array>();
  *n = t->Length();
  if (*n == 0) return false;
  char *base = static_cast<char *>(t->Buffer()->Data());
  if (base == nullptr) return false;
  *p = reinterpret_cast<T *>(base + t->ByteOffset());
  return true;
}

bool floatsOf(v8::Local<v8::Value> v, float **p, size_t *n) {
  return elementsOf<v8::Float32Array>(v, v->IsFloat32Array(), p, n);
}

bool wordsOf(v8::Local<v8::Value> v, uint32_t **p, size_t *n) {
  return elementsOf<v8::Uint32Array>(v, v->IsUint32Array(), p, n);
}

// A number argument as a uint32_t parameter of the fast entry receives it: ToUint32, as
// `x >>> 0` (so 2^32 + 5 is 5 and 5.5 is 5), so that both entries agree; false for anything
// that is not a number (optimised code falls back to the slow entry for those).
bool uint32Of(v8::Local<v8::Value> v, uint32_t *x) {
  return v->IsNumber() && v->Uint32Value(v8::Isolate::GetCurrent()->GetCurrentContext()).To(x);
}

void SlowXor(const v8::FunctionCallbackInfo<v8::Value> &info) {
  uint32_t *a, *b, *o;
  size_t la, lb, lo;
  const bool ok = info.Length() == 3 && wordsOf(info[0], &a, &la) && wordsOf(info[1], &b, &lb) &&
                  wordsOf(info[2], &o, &lo) && xorWords(a, la, b, lb, o, lo);
  info.GetReturnValue().Set(ok);
}

void SlowRotate(const v8::FunctionCallbackInfo<v8::Value> &info) {
  uint32_t *a, *o, d, s;
  size_t la, lo;
  const bool ok = info.Length() == 4 && wordsOf(info[0], &a, &la) && uint32Of(info[1], &d) &&
                  uint32Of(info[2], &s) && wordsOf(info[3], &o, &lo) &&
                  rotateWords(a, la, d, s, o, lo);
  info.GetReturnValue().Set(ok);
}

void SlowShiftF32(const v8::FunctionCallbackInfo<v8::Value> &info) {
  float *a, *o;
  uint32_t L, sh;
  size_t la, lo;
  const bool ok = info.Length() == 4 && floatsOf(info[0], &a, &la) && floatsOf(info[1], &o, &lo) &&
                  uint32Of(info[2], &L) && uint32Of(info[3], &sh) &&
                  shiftFloats(a, la, o, lo, L, sh);
  info.GetReturnValue().Set(ok);
}

using T = v8::CTypeInfo;
constexpr T kReceiver(T::Type::kV8Value);
#if HP_FAST_V8 < 1306
constexpr T kWords(T::Type::kUint32, T::SequenceType::kIsTypedArray, T::Flags::kAllowShared);
constexpr T kFloats(T::Type::kFloat32, T::SequenceType::kIsTypedArray, T::Flags::kAllowShared);
#else
constexpr T kWords(T::Type::kV8Value);
constexpr T kFloats(T::Type::kV8Value);
#endif
constexpr T kU32(T::Type::kUint32);
constexpr T kBool(T::Type::kBool);
const T xorArgs[] = {kReceiver, kWords, kWords, kWords};
const T shiftArgs[] = {kReceiver, kFloats, kFloats, kU32, kU32};
const T rotateArgs[] = {kReceiver, kWords, kU32, kU32, kWords};

// The fast entry `fn`, returning bool, with these argument types (the receiver first). Built
// once per process and never freed: V8 keeps pointers to both in every isolate's function
// templates (the main thread's and each worker's).
template <size_t N>
const v8::CFunction *fastFunction(const void *fn, const T (&args)[N]) {
#if HP_FAST_V8 >= 1204
  const auto *info =
      new v8::CFunctionInfo(kBool, N, args, v8::CFunctionInfo::Int64Representation::kNumber);
#else
  const auto *info = new v8::CFunctionInfo(kBool, N, args);
#endif
  return new v8::CFunction(fn, info);
}

// Whether the running V8 is the one this file was compiled for (fast_api.h's layout).
bool sameV8() {
  char want[48];
  std::snprintf(want, sizeof want, "%d.%d.%d.%d", V8_MAJOR_VERSION, V8_MINOR_VERSION,
                V8_BUILD_NUMBER, V8_PATCH_LEVEL);
  const char *have = v8::V8::GetVersion();
  const size_t n = std::strlen(want);
  return std::strncmp(have, want, n) == 0 && (have[n] == '\0' || have[n] == '-');
}

bool define(napi_env env, napi_value exports, const char *name, v8::FunctionCallback slow,
            int length, const v8::CFunction *fast) {
  v8::Isolate *isolate = v8::Isolate::GetCurrent();
  if (isolate == nullptr) return false;
  v8::Local<v8::FunctionTemplate> t = v8::FunctionTemplate::New(
      isolate, slow, v8::Local<v8::Value>(), v8::Local<v8::Signature>(), length,
      v8::ConstructorBehavior::kThrow, v8::SideEffectType::kHasSideEffect, fast);
  v8::Local<v8::Function> f;
  if (!t->GetFunction(isolate->GetCurrentContext()).ToLocal(&f)) return false;
  // A napi_value is the address of the value's handle slot, as a v8::Local holds it
  // (Node's own conversion between the two copies the pointer).
  v8::Local<v8::Value> value = f;
  napi_value v;
  static_assert(sizeof v == sizeof value, "napi_value and v8::Local differ in size");
  std::memcpy(&v, &value, sizeof v);
  return napi_set_named_property(env, exports, name, v) == napi_ok;
}
#endif

}  // namespace

void hp_register_fast(napi_env env, napi_value exports) {
  napi_value fn;
  if (napi_create_function(env, "vsaFastEntries", NAPI_AUTO_LENGTH, FastEntries, nullptr, &fn) ==
      napi_ok)
    napi_set_named_property(env, exports, "vsaFastEntries", fn);
#ifdef HP_FAST_ENABLED
  if (!sameV8()) return;
  static const v8::CFunction *xorFast =
      fastFunction(reinterpret_cast<const void *>(&FastXor), xorArgs);
  static const v8::CFunction *rotateFast =
      fastFunction(reinterpret_cast<const void *>(&FastRotate), rotateArgs);
  static const v8::CFunction *shiftFast =
      fastFunction(reinterpret_cast<const void *>(&FastShiftF32), shiftArgs);
  define(env, exports, "vsaFastXorU32", SlowXor, 3, xorFast);
  define(env, exports, "vsaFastRotateBits", SlowRotate, 4, rotateFast);
  define(env, exports, "vsaFastShiftF32", SlowShiftF32, 4, shiftFast);
#endif
}
