/*
 * A stand-in for the Windows programs that hold a VHDX open, for the Wine suite
 * (tests/windows/win32_api_test.ts). Built with MinGW: x86_64-w64-mingw32-gcc -municode.
 *
 *   standin hold PATH MS           opens PATH for reading and writing, sharing read only (as a VHD
 *                                  attach leaves it: docs/windows-facts.md "Share modes"), prints
 *                                  "held", keeps it MS milliseconds; "error N" and exit 1 when it cannot
 *   standin probe PATH LOCK MS     waits (up to MS) for LOCK to exist, then opens PATH the same way
 *                                  every 20 ms while LOCK exists: prints "sharing-violation" (exit 0)
 *                                  at the first ERROR_SHARING_VIOLATION, "never-blocked" (exit 1) if none
 *   standin sleep MS               prints "running" and sleeps: a process that is only there to be
 *                                  seen (copied as "Docker Desktop.exe" while the emulated Docker
 *                                  Desktop runs, tests/windows/support/desktop_process.ts)
 *   standin launch MS              starts `standin sleep MS` as a new process that inherits no handle
 *                                  (CreateProcessW bInheritHandles FALSE) and returns: a program that
 *                                  starts it keeps no pipe of its caller's open
 *   standin service NAME PATH      a Windows service (register it with `sc create NAME binPath= ...`)
 *                                  that holds PATH with share mode 0 while it runs, as
 *                                  com.docker.service holds docker_data.vhdx
 */
#include <windows.h>
#include <stdio.h>
#include <wchar.h>

static HANDLE open_like_attach(const wchar_t *path) {
  return CreateFileW(path, GENERIC_READ | GENERIC_WRITE, FILE_SHARE_READ, NULL, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
}

static int exists(const wchar_t *path) {
  return GetFileAttributesW(path) != INVALID_FILE_ATTRIBUTES;
}

static SERVICE_STATUS_HANDLE status_handle;
static SERVICE_STATUS status;
static HANDLE stop_event;
static wchar_t *service_path;

static void report(DWORD state) {
  status.dwServiceType = SERVICE_WIN32_OWN_PROCESS;
  status.dwCurrentState = state;
  status.dwControlsAccepted = state == SERVICE_RUNNING ? SERVICE_ACCEPT_STOP : 0;
  SetServiceStatus(status_handle, &status);
}

static DWORD WINAPI control(DWORD code, DWORD type, void *data, void *ctx) {
  (void)type; (void)data; (void)ctx;
  if (code == SERVICE_CONTROL_STOP) {
    report(SERVICE_STOP_PENDING);
    SetEvent(stop_event);
  }
  return NO_ERROR;
}

static void WINAPI service_main(DWORD argc, wchar_t **argv) {
  status_handle = RegisterServiceCtrlHandlerExW(argc > 0 ? argv[0] : L"standin", control, NULL);
  stop_event = CreateEventW(NULL, TRUE, FALSE, NULL);
  HANDLE h = CreateFileW(service_path, GENERIC_READ | GENERIC_WRITE, 0, NULL, OPEN_EXISTING, FILE_ATTRIBUTE_NORMAL, NULL);
  report(SERVICE_RUNNING);
  WaitForSingleObject(stop_event, INFINITE);
  if (h != INVALID_HANDLE_VALUE) CloseHandle(h);
  report(SERVICE_STOPPED);
}

int wmain(int argc, wchar_t **argv) {
  if (argc >= 4 && wcscmp(argv[1], L"hold") == 0) {
    HANDLE h = open_like_attach(argv[2]);
    if (h == INVALID_HANDLE_VALUE) {
      printf("error %lu\n", GetLastError());
      return 1;
    }
    printf("held\n");
    fflush(stdout);
    Sleep((DWORD)_wtoi(argv[3]));
    CloseHandle(h);
    return 0;
  }
  if (argc >= 5 && wcscmp(argv[1], L"probe") == 0) {
    DWORD waited = 0, limit = (DWORD)_wtoi(argv[4]);
    while (!exists(argv[3]) && waited < limit) { Sleep(10); waited += 10; }
    Sleep(100);
    while (exists(argv[3])) {
      HANDLE h = open_like_attach(argv[2]);
      if (h == INVALID_HANDLE_VALUE && GetLastError() == ERROR_SHARING_VIOLATION) {
        printf("sharing-violation\n");
        return 0;
      }
      if (h != INVALID_HANDLE_VALUE) CloseHandle(h);
      Sleep(20);
    }
    printf("never-blocked\n");
    return 1;
  }
  if (argc >= 3 && wcscmp(argv[1], L"sleep") == 0) {
    printf("running\n");
    fflush(stdout);
    Sleep((DWORD)_wtoi(argv[2]));
    return 0;
  }
  if (argc >= 3 && wcscmp(argv[1], L"launch") == 0) {
    wchar_t self[MAX_PATH], line[MAX_PATH + 64];
    GetModuleFileNameW(NULL, self, MAX_PATH);
    _snwprintf(line, MAX_PATH + 64, L"\"%ls\" sleep %ls", self, argv[2]);
    line[MAX_PATH + 63] = 0;
    STARTUPINFOW si = { sizeof si };
    PROCESS_INFORMATION pi;
    if (!CreateProcessW(NULL, line, NULL, NULL, FALSE, DETACHED_PROCESS, NULL, NULL, &si, &pi)) return 1;
    CloseHandle(pi.hThread);
    CloseHandle(pi.hProcess);
    return 0;
  }
  if (argc >= 4 && wcscmp(argv[1], L"service") == 0) {
    service_path = argv[3];
    SERVICE_TABLE_ENTRYW table[] = { { argv[2], service_main }, { NULL, NULL } };
    return StartServiceCtrlDispatcherW(table) ? 0 : 1;
  }
  fprintf(stderr, "usage: standin hold PATH MS | probe PATH LOCK MS | sleep MS | launch MS | service NAME PATH\n");
  return 2;
}
