/* HDF5 (Debian's libhdf5-dev, serial build) for LaminaHDF5. Many HDF5 "constants" are macros
   that call H5open() and read a global, which Swift cannot import, so small inline functions
   return them; the error-stack walk is here too because it needs a C callback. */
#include <hdf5/serial/hdf5.h>
#include <stdio.h>
#include <string.h>

static inline hid_t lamina_h5t_native_float(void) { return H5T_NATIVE_FLOAT; }
static inline hid_t lamina_h5t_native_double(void) { return H5T_NATIVE_DOUBLE; }
static inline hid_t lamina_h5t_native_int32(void) { return H5T_NATIVE_INT32; }
static inline hid_t lamina_h5t_native_int64(void) { return H5T_NATIVE_INT64; }
static inline hid_t lamina_h5t_c_s1(void) { return H5T_C_S1; }
static inline hid_t lamina_h5p_file_access(void) { return H5P_FILE_ACCESS; }
static inline unsigned lamina_h5f_acc_rdonly(void) { return H5F_ACC_RDONLY; }
static inline unsigned lamina_h5f_acc_trunc(void) { return H5F_ACC_TRUNC; }
static inline size_t lamina_h5t_variable(void) { return H5T_VARIABLE; }

typedef struct { char *buf; size_t size; size_t used; } lamina_h5_error_text;

static herr_t lamina_h5_error_walker(unsigned n, const H5E_error2_t *e, void *data) {
    lamina_h5_error_text *t = (lamina_h5_error_text *)data;
    (void)n;
    if (!e || !e->desc || t->used + 1 >= t->size) return 0;
    int w = snprintf(t->buf + t->used, t->size - t->used, "%s%s", t->used ? "; " : "", e->desc);
    if (w > 0) t->used += (size_t)w < t->size - t->used ? (size_t)w : t->size - t->used - 1;
    return 0;
}

/* Writes the descriptions on HDF5's error stack (innermost first) into buf, then clears it. */
static inline void lamina_h5_take_error(char *buf, size_t size) {
    lamina_h5_error_text t = { buf, size, 0 };
    if (size > 0) buf[0] = 0;
    H5Ewalk2(H5E_DEFAULT, H5E_WALK_UPWARD, lamina_h5_error_walker, &t);
    H5Eclear2(H5E_DEFAULT);
}

/* Asks HDF5 not to clean up at process exit (call before anything else): after it has refused
   some corrupt files its termination loop gives up, printing "infinite loop closing library",
   and the operating system frees everything anyway. */
static inline void lamina_h5_dont_atexit(void) { H5dont_atexit(); }

/* Turns HDF5's automatic printing of errors to stderr off. */
static inline void lamina_h5_silence(void) { H5Eset_auto2(H5E_DEFAULT, NULL, NULL); }

/* The file address of an object's header (relative to the superblock's base address). */
static inline int lamina_h5_object_address(hid_t object, unsigned long long *address) {
#if H5_VERSION_GE(1, 12, 0)
    H5O_info2_t info;
    haddr_t a;
    if (H5Oget_info3(object, &info, H5O_INFO_BASIC) < 0) return -1;
    if (H5VLnative_token_to_addr(object, info.token, &a) < 0) return -1;
    *address = a;
#else
    H5O_info_t info;
    if (H5Oget_info2(object, &info, H5O_INFO_BASIC) < 0) return -1;
    *address = info.addr;
#endif
    return 0;
}
