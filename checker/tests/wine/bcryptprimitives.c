/* Test-only stand-in for bcryptprimitives.dll, which Wine 8 lacks.
 *
 * Rust's standard library on Windows gets random bytes from ProcessPrng in
 * bcryptprimitives.dll. The wine test (checker/tests/wine.rs) builds this file with
 *   x86_64-w64-mingw32-gcc -shared -o bcryptprimitives.dll bcryptprimitives.c
 * and puts the DLL beside a temporary COPY of guidepost-check.exe, never beside the real
 * download. It forwards to advapi32's SystemFunction036 (RtlGenRandom). */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length)
{
    while (length > 0) {
        ULONG chunk = length > 0x10000000 ? 0x10000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk))
            return FALSE;
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
