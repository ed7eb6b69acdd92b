/* An image file as a GeglBuffer through gegl:load (NULL if it cannot be
 * read): the one loader of the tests and the benchmark.  */
#ifndef SBOKEH_LOAD_IMAGE_H
#define SBOKEH_LOAD_IMAGE_H

#include <gegl.h>

static inline GeglBuffer *
load_image (const char *path)
{
  GeglBuffer *b = NULL;
  GeglNode   *g = gegl_node_new ();
  GeglNode   *l = gegl_node_new_child (g, "operation", "gegl:load", "path",
                                       path, NULL);
  GeglNode   *s = gegl_node_new_child (g, "operation", "gegl:buffer-sink",
                                       "buffer", &b, NULL);

  gegl_node_link (l, s);
  gegl_node_process (s);
  g_object_unref (g);
  return b;
}

#endif /* SBOKEH_LOAD_IMAGE_H */
