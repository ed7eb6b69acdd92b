/* Separable Bokeh plug-in: names shared by its files. */
#ifndef SEPARABLE_BOKEH_H
#define SEPARABLE_BOKEH_H

#define PLUG_IN_PROC   "plug-in-separable-bokeh"
#define PLUG_IN_BINARY "separable-bokeh"
/* The GEGL operation of gegl-op/, which GIMP runs itself when it has it.  */
#define BOKEH_OPERATION "sbokeh:separable-bokeh"
/* Its depth of field, with the depth map as the aux input: always merged
 * (GIMP keeps no filter with an aux pad editable).  */
#define BOKEH_OPERATION_DEPTH "sbokeh:separable-bokeh-depth"

#endif /* SEPARABLE_BOKEH_H */
