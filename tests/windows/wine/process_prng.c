/*
 * bcryptprimitives.dll stand-in for Wine 8 (Debian 12), which does not ship that DLL.
 * Programs built by `bun build --compile --target=bun-windows-x64` import one function from it:
 *   BOOL WINAPI ProcessPrng(PBYTE pbData, SIZE_T cbData)   -- always returns TRUE on Windows
 * (https://learn.microsoft.com/en-us/windows/win32/seccng/processprng). We fill the buffer with
 * RtlGenRandom, exported by advapi32.dll as SystemFunction036, which Wine implements
 * (https://learn.microsoft.com/en-us/windows/win32/api/ntsecapi/nf-ntsecapi-rtlgenrandom).
 * Built by setup.sh with MinGW; exports listed in process_prng.def.
 */
#include <windows.h>

typedef BOOLEAN (WINAPI *gen_random_fn)(PVOID buffer, ULONG length);

static gen_random_fn resolve_gen_random(void) {
  static gen_random_fn cached = NULL;
  if (cached == NULL) {
    HMODULE advapi = LoadLibraryA("advapi32.dll");
    if (advapi != NULL) cached = (gen_random_fn)(void *)GetProcAddress(advapi, "SystemFunction036");
  }
  return cached;
}

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T size) {
  gen_random_fn gen = resolve_gen_random();
  if (gen == NULL) return FALSE;
  /* RtlGenRandom takes a ULONG length: feed large requests in pieces. */
  const SIZE_T piece = 1u << 30;
  while (size > 0) {
    ULONG n = (ULONG)(size < piece ? size : piece);
    if (!gen(data, n)) return FALSE;
    data += n;
    size -= n;
  }
  return TRUE;
}

BOOL WINAPI DllMain(HINSTANCE instance, DWORD reason, LPVOID reserved) {
  (void)instance; (void)reason; (void)reserved;
  return TRUE;
}
