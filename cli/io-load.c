/* sbokeh: reading an image file strictly: the size checked from the
 * header before any pixel is allocated, any decoder complaint a failure
 * (the watch, io-watch.c; the whole story in io-watch.c's opening). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE  /* memfd_create () */
#endif
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <limits.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/mman.h>
#endif

#include "io-private.h"


/* Reads path whole, or says why not (*cause, if the loader said why);
 * *box is the header's extent; name is the file named if a library
 * exits.  */
IoLoadResult
io_load_file (const char    *path,
           IoWatchKind      kind,
           const char    *name,
           GeglBuffer   **buffer,
           GeglRectangle *box,
           gchar        **cause)
{
  GeglNode *graph, *load, *sink;
  gchar    *problem;

  *buffer = NULL;
  *cause  = NULL;
  /* Setting the path already makes gegl:load read the header.  */
  io_watch_begin (kind, name);
  graph = gegl_node_new ();
  load  = gegl_node_new_child (graph, "operation", "gegl:load",
                               "path", path, NULL);
  sink  = gegl_node_new_child (graph, "operation", "gegl:buffer-sink",
                               "buffer", buffer, NULL);
  gegl_node_link (load, sink);

  *box = gegl_node_get_bounding_box (load);
  if (box->width < 1 || box->height < 1)
    {
      g_object_unref (graph);
      *cause = io_watch_end ();
      return IO_LOAD_NOT_IMAGE;
    }
  if (box->width > IO_MAX_SIDE || box->height > IO_MAX_SIDE ||
      (guint64) box->width * box->height > IO_MAX_PIXELS)
    {
      g_object_unref (graph);
      g_free (io_watch_end ());
      return IO_LOAD_TOO_LARGE;
    }
  gegl_node_process (sink);
  g_object_unref (graph);
  problem = io_watch_end ();

  if (! problem && *buffer &&
      (gegl_buffer_get_width (*buffer) != box->width ||
       gegl_buffer_get_height (*buffer) != box->height))
    problem = g_strdup_printf ("%d × %d ≠ %d × %d",
                               gegl_buffer_get_width (*buffer),
                               gegl_buffer_get_height (*buffer),
                               box->width, box->height);
  if (problem || ! *buffer)
    {
      g_clear_object (buffer);
      *cause = problem;
      return problem ? IO_LOAD_DAMAGED : IO_LOAD_NOT_IMAGE;
    }
  return IO_LOAD_OK;
}

GeglBuffer *
io_load (const char  *path,
         GError     **error)
{
  GeglBuffer   *buffer;
  GeglRectangle box;
  gchar        *cause, *msg;

  switch (io_load_file (path, IO_WATCH_LOAD, path, &buffer, &box, &cause))
    {
    case IO_LOAD_OK:
      return buffer;
    case IO_LOAD_NOT_IMAGE:
      if (cause)
        g_set_error (error, IO_ERROR, IO_EXIT_USAGE,
                     _("cannot read '%s': not an image GEGL can load (%s)"),
                     path, cause);
      else
        g_set_error (error, IO_ERROR, IO_EXIT_USAGE,
                     _("cannot read '%s': not an image GEGL can load"), path);
      break;
    case IO_LOAD_TOO_LARGE:
      g_set_error (error, IO_ERROR, IO_EXIT_USAGE,
                   _("cannot read '%s': %d × %d pixels is more than sbokeh "
                     "reads (at most %d on a side, %d million in all)"),
                   path, box.width, box.height, IO_MAX_SIDE,
                   (int) (IO_MAX_PIXELS / 1000000));
      break;
    case IO_LOAD_DAMAGED:
      msg = io_damaged_message (path, cause);
      g_set_error_literal (error, IO_ERROR, IO_EXIT_USAGE, msg);
      g_free (msg);
      break;
    }
  g_free (cause);
  return NULL;
}

