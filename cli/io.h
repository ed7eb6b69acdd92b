/* sbokeh: reading and writing image files without losing or inventing
 * data (see io-watch.c and cli/README.md).
 */
#ifndef SBOKEH_CLI_IO_H
#define SBOKEH_CLI_IO_H

#include <gegl.h>

G_BEGIN_DECLS

/* The largest image `sbokeh apply` reads, checked on the file's header
 * before any pixel is allocated.  A side: GIMP's own limit
 * (GIMP_MAX_IMAGE_SIZE), so that whatever sbokeh reads GIMP can open too.
 * Pixels: 10⁹, 2.5 × the largest image measured (400 megapixels
 * in 2.6 GiB); an 8-bit RGBA input and output of that size already need
 * 8 GB, beyond what the tile cache keeps (IO_TILE_CACHE_MAX), so more
 * would mostly wait on GEGL's swap file.  */
#define IO_MAX_SIDE    524288
#define IO_MAX_PIXELS  G_GUINT64_CONSTANT (1000000000)

/* GEGL's tile cache: a quarter of the physical memory, at most 4 GiB (an
 * 8-bit RGBA input and output of 500 megapixels).  GIMP gives it half
 * the machine; a command in a batch or beside other programs should not,
 * and what does not fit goes to GEGL's swap file.  */
#define IO_TILE_CACHE_FRACTION  4
#define IO_TILE_CACHE_MAX       (G_GUINT64_CONSTANT (4) << 30)

/* sbokeh's exit statuses: a failure while working (I/O, memory), bad
 * arguments or an input that cannot be read; carried as the GError code.  */
#define IO_EXIT_FAILED  1
#define IO_EXIT_USAGE   2

#define IO_ERROR (io_error_quark ())
GQuark io_error_quark (void);

typedef struct _IoSaver IoSaver;

typedef struct
{
  gchar         *path;      /* OUTPUT as given, for messages */
  gchar         *dest;      /* the file replaced: path, or its link's target */
  gchar         *tmp;       /* the temporary file next to dest */
  const IoSaver *saver;
  gboolean       exists;    /* dest existed: its mode and owner are kept */
  guint          mode;
  guint          uid;
  guint          gid;
} IoOutput;

/* Before gegl_init (): logging, signal and exit handlers.  */
void        io_init          (void);
/* After gegl_init (): the tile cache (see IO_TILE_CACHE_MAX).  */
void        io_configure     (void);

/* The whole image, or NULL and an error (code IO_EXIT_USAGE) when the
 * file is not an image, too large, or its decoder reported anything.  */
GeglBuffer *io_load          (const char  *path,
                              GError     **error);

/* Checks OUTPUT (type, symlink, read-only…) and reserves the temporary
 * file; on failure the error's code is the exit status.  */
gboolean    io_output_open   (IoOutput    *out,
                              const char  *path,
                              GError     **error);
/* The extent OUTPUT's type can hold, checked before the work.  */
gboolean    io_output_fits   (IoOutput    *out,
                              int          width,
                              int          height,
                              GError     **error);
/* Writes buffer to the temporary file, checked.  */
gboolean    io_output_write  (IoOutput    *out,
                              GeglBuffer  *buffer,
                              GError     **error);
/* Reads the temporary file back, then renames it over OUTPUT.  */
gboolean    io_output_commit (IoOutput    *out,
                              int          width,
                              int          height,
                              GError     **error);
/* Removes the temporary file if still there, and frees.  */
void        io_output_close  (IoOutput    *out);

G_END_DECLS

#endif /* SBOKEH_CLI_IO_H */
