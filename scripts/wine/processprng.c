/*
 * bcryptprimitives.dll for Wine 8, which lacks ProcessPrng: the Go runtime
 * (1.24 and newer) takes its random bytes from it at start-up and refuses to
 * run without it. Windows 10 and 11 have the real one; this stub only goes
 * into the throw-away Wine prefix of the Windows tests (ui/winee2e, run by
 * scripts/wine-test.sh), which build it with x86_64-w64-mingw32-gcc.
 * It fills the buffer from RtlGenRandom (advapi32's SystemFunction036).
 */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length);

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
	while (len > 0) {
		ULONG n = len > 0x10000000 ? 0x10000000 : (ULONG)len;
		if (!SystemFunction036(data, n))
			return FALSE;
		data += n;
		len -= n;
	}
	return TRUE;
}
