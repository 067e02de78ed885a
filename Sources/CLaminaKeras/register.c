#include "CLaminaKeras.h"

/* Registers the Keras file formats (.weights.h5, .keras, Keras 2 .h5) with Lamina's save and
   load functions when the program loads, so linking the LaminaKeras product is enough: nothing
   to call first. The function is defined in Swift (LaminaKeras/Registration.swift, @_cdecl),
   as CLaminaCPU does for the CPU backend. */
extern void lamina_keras_register(void);
__attribute__((constructor)) static void lamina_keras_on_load(void) { lamina_keras_register(); }
