/* sbokeh: what the three parts of the file code share (not installed).
 *
 * io-watch.c watches a library while it reads or writes a file (stderr
 * captured, log messages intercepted, crash, exit () and signal handlers
 * that remove the temporary file); io-load.c reads images strictly;
 * io-save.c writes them safely (io.h tells how).
 */
#ifndef SBOKEH_IO_PRIVATE_H
#define SBOKEH_IO_PRIVATE_H

#include <limits.h>
#include <signal.h>

#include "io.h"

typedef enum
{
  IO_WATCH_NONE,
  IO_WATCH_LOAD,    /* reading IN: a problem is exit status 2 */
  IO_WATCH_SAVE,    /* writing or reading back OUT: exit status 1 */
} IoWatchKind;

/* Starts watching a library at work on path: from here until
 * io_watch_end () anything it prints or logs at warning level is a
 * problem, and a crash prints the message for kind and exits (status 2
 * for IO_WATCH_LOAD, 1 for IO_WATCH_SAVE).  */
void   io_watch_begin     (IoWatchKind  kind,
                           const char  *path);
/* Ends the watch: the first problem reported, one line, or NULL.  */
gchar *io_watch_end       (void);

/* "PATH: damaged or not an image (CAUSE)" and "could not write PATH
 * (CAUSE)", translated.  */
gchar *io_damaged_message (const char  *path,
                           const char  *cause);
gchar *io_write_message   (const char  *path,
                           const char  *cause);

/* The temporary file, for the signal and exit handlers: armed before the
 * file is created, disarmed once it is renamed or removed.  */
extern char                  io_cleanup_path[PATH_MAX];
extern volatile sig_atomic_t io_cleanup_armed;
void   io_cleanup_remove  (void);

typedef enum
{
  IO_LOAD_OK,
  IO_LOAD_NOT_IMAGE,
  IO_LOAD_TOO_LARGE,
  IO_LOAD_DAMAGED,
} IoLoadResult;

/* Reads path whole, or says why not (*cause, if the loader said why);
 * *box is the header's extent; name is the file named if a library
 * exits (io-load.c; io-save.c reads its output back with it).  */
IoLoadResult io_load_file (const char     *path,
                           IoWatchKind     kind,
                           const char     *name,
                           GeglBuffer    **buffer,
                           GeglRectangle  *box,
                           gchar         **cause);

#endif /* SBOKEH_IO_PRIVATE_H */
