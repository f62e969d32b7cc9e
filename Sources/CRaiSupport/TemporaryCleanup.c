// The signal side of OutputTarget: C, because a signal handler may only call async-signal-safe
// functions (unlink, sigaction, raise) and touch `volatile sig_atomic_t` state, which Swift cannot
// promise of a closure.
#include "rai_temporary_cleanup.h"

#include <limits.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

static char registered_path[PATH_MAX];
static volatile sig_atomic_t armed = 0;
static int handlers_installed = 0;
static const int cleanup_signals[] = {SIGINT, SIGTERM, SIGHUP};

static void remove_temporary_and_die(int signal_number) {
    if (armed) unlink(registered_path);
    struct sigaction default_action;
    memset(&default_action, 0, sizeof default_action);
    default_action.sa_handler = SIG_DFL;
    sigemptyset(&default_action.sa_mask);
    sigaction(signal_number, &default_action, NULL);
    raise(signal_number);
}

static void install_handlers(void) {
    for (unsigned i = 0; i < sizeof cleanup_signals / sizeof cleanup_signals[0]; i++) {
        struct sigaction current;
        if (sigaction(cleanup_signals[i], NULL, &current) != 0 || current.sa_handler == SIG_IGN) continue;
        struct sigaction action;
        memset(&action, 0, sizeof action);
        action.sa_handler = remove_temporary_and_die;
        sigemptyset(&action.sa_mask);
        sigaction(cleanup_signals[i], &action, NULL);
    }
    handlers_installed = 1;
}

int rai_temporary_register(const char *path) {
    size_t length = strlen(path);
    if (length >= sizeof registered_path) return -1;
    if (!handlers_installed) install_handlers();
    armed = 0;
    memcpy(registered_path, path, length + 1);
    armed = 1;
    return 0;
}

void rai_temporary_unregister(void) {
    armed = 0;
}
