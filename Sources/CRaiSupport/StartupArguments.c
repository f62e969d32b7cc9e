#define _GNU_SOURCE
#include <stdlib.h>
#include <unistd.h>
#include "rai_startup_arguments.h"

static int startup_argc;
static char **startup_argv;

/// Runs before every default start-up function, the Swift runtime's included: glibc hands
/// `.init_array` functions argc, argv and envp, dynamically and statically linked alike.
///
/// Keeps the arguments for `rai_startup_argc`/`rai_startup_argv`. And where /proc/self/exe
/// cannot be read (an empty root without /proc), sets SWIFT_BACKTRACE, unless the user did: the
/// runtime's backtracer set-up looks for `swift-backtrace` beside the runtime's own path, which a
/// static executable finds only through /proc/self/exe, and aborts ("Unable to obtain Swift
/// runtime path") when it cannot, unless a `swift-backtrace` path is given. Backtraces are lost
/// either way there: the static release ships no `swift-backtrace`.
__attribute__((constructor(101)))
static void rai_startup_capture(int argc, char **argv, char **envp) {
    (void)envp;
    startup_argc = argc;
    startup_argv = argv;
    char ignored[1];
    if (getenv("SWIFT_BACKTRACE") == NULL && readlink("/proc/self/exe", ignored, sizeof ignored) < 0) {
        setenv("SWIFT_BACKTRACE", "enable=no,swift-backtrace=/", 0);
    }
}

int rai_startup_argc(void) { return startup_argc; }

char **rai_startup_argv(void) { return startup_argv; }
