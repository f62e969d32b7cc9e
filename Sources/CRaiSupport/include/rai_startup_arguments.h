#ifndef RAI_STARTUP_ARGUMENTS_H
#define RAI_STARTUP_ARGUMENTS_H

/// The argument count glibc passed to the program's start-up functions. The fully static build's
/// `CommandLine.argc` is 0 where /proc is not mounted (an empty chroot), as the Swift runtime then
/// has no way to find the arguments; these two keep them.
int rai_startup_argc(void);

/// The argument vector glibc passed to the program's start-up functions (see `rai_startup_argc`).
char **rai_startup_argv(void);

#endif
