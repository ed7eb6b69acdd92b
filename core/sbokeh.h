/* Separable Bokeh: the core library's public header.
 *
 * Aperture kernel → rank-N SVD → optimised separable pairs → passes on
 * float arrays or GeglBuffers.  Knows nothing about GIMP.  Every fallible
 * function returns an SbokehStatus; none prints, exits or aborts.
 */
#ifndef SBOKEH_H
#define SBOKEH_H

#include "status.h"
#include "params.h"
#include "kernel.h"
#include "kernel-picture.h"
#include "picture-read.h"
#include "filters.h"
#include "lowrank.h"
#include "optimize.h"
#include "boxes-cut.h"
#include "boxes-design.h"
#include "design.h"
#include "engine.h"
#include "dense-passes.h"
#include "boxes-places.h"
#include "boxes-passes.h"
#include "boxes-stream.h"
#include "memory.h"
#include "simd.h"
#include "values.h"
#include "apply.h"
#include "depth-ladder.h"
#include "depth.h"
#include "grain.h"

#endif /* SBOKEH_H */
