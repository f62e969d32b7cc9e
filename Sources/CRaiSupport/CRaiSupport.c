// Most of the module's functions are static inline in CRaiSupport.h; the mapping guard needs a
// signal handler and state, which live here.
#include "CRaiSupport.h"

#include <signal.h>
#include <stdatomic.h>
#include <string.h>
#include <unistd.h>

static _Atomic(uintptr_t) guarded_start;
static _Atomic(uintptr_t) guarded_end;
static char guard_message[1024];
static size_t guard_message_length;

/// A SIGBUS inside the guarded mapping: the file was truncated under it. Only async-signal-safe
/// calls: write the message prepared beforehand and leave with the status for an unreadable input.
static void rai_mapping_fault(int signal_number, siginfo_t *info, void *context) {
    (void)context;
    uintptr_t address = (uintptr_t)info->si_addr;
    if (address >= atomic_load(&guarded_start) && address < atomic_load(&guarded_end)) {
        ssize_t ignored = write(2, guard_message, guard_message_length);
        (void)ignored;
        _exit(66);
    }
    // Any other fault: the default action, as if no handler were installed.
    signal(signal_number, SIG_DFL);
    raise(signal_number);
}

void rai_guard_mapping(const void *start, size_t length, const char *message) {
    size_t count = strlen(message);
    if (count > sizeof(guard_message)) count = sizeof(guard_message);
    memcpy(guard_message, message, count);
    guard_message_length = count;
    atomic_store(&guarded_start, (uintptr_t)start);
    atomic_store(&guarded_end, (uintptr_t)start + length);
    struct sigaction action;
    memset(&action, 0, sizeof(action));
    action.sa_sigaction = rai_mapping_fault;
    action.sa_flags = SA_SIGINFO;
    sigemptyset(&action.sa_mask);
    sigaction(SIGBUS, &action, NULL);
}

void rai_unguard_mapping(const void *start) {
    uintptr_t expected = (uintptr_t)start;
    if (atomic_compare_exchange_strong(&guarded_start, &expected, 0)) atomic_store(&guarded_end, 0);
}
