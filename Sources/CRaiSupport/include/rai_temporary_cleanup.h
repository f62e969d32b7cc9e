#ifndef RAI_TEMPORARY_CLEANUP_H
#define RAI_TEMPORARY_CLEANUP_H

/// Remembers `path`, a temporary file about to be created, so that SIGINT, SIGTERM or SIGHUP
/// removes it before the process dies of the signal: an interrupted `rai … -o FILE` leaves no
/// half-written file behind. The handlers are installed on the first call (a signal the process
/// ignores, as under `nohup`, stays ignored). Returns 0, or -1 when the path is too long to keep,
/// in which case the caller must not create the file. One path at a time.
int rai_temporary_register(const char *path);

/// Forgets the registered path, once the file has been renamed into place or removed.
void rai_temporary_unregister(void);

#endif
