// The slice of the NVML C API that gpufleet uses, declared here so that nothing at build time
// depends on the driver or on nvml.h. Signatures and values follow NVIDIA's nvml.h (stable ABI).
// Shared by the NVML source (which resolves these names with dlsym) and the fake NVML library
// used by the tests (which defines them).
#pragma once

extern "C" {

typedef struct nvmlDevice_st* nvmlDevice_t;

typedef enum nvmlReturn_enum {
  NVML_SUCCESS = 0,
  NVML_ERROR_UNINITIALIZED = 1,
  NVML_ERROR_INVALID_ARGUMENT = 2,
  NVML_ERROR_NOT_SUPPORTED = 3,
  NVML_ERROR_NO_PERMISSION = 4,
  NVML_ERROR_NOT_FOUND = 6,
  NVML_ERROR_INSUFFICIENT_SIZE = 7,
  NVML_ERROR_DRIVER_NOT_LOADED = 9,
  NVML_ERROR_TIMEOUT = 10,
  NVML_ERROR_GPU_IS_LOST = 15,
  NVML_ERROR_UNKNOWN = 999
} nvmlReturn_t;

enum { NVML_DEVICE_NAME_V2_BUFFER_SIZE = 96, NVML_DEVICE_UUID_V2_BUFFER_SIZE = 96 };
enum { NVML_DEVICE_MIG_DISABLE = 0, NVML_DEVICE_MIG_ENABLE = 1 };

// Function types, named after the NVML entry points.
typedef nvmlReturn_t (*nvmlInit_v2_fn)(void);
typedef nvmlReturn_t (*nvmlShutdown_fn)(void);
typedef const char* (*nvmlErrorString_fn)(nvmlReturn_t);
typedef nvmlReturn_t (*nvmlDeviceGetCount_v2_fn)(unsigned int* count);
typedef nvmlReturn_t (*nvmlDeviceGetHandleByIndex_v2_fn)(unsigned int index, nvmlDevice_t* dev);
typedef nvmlReturn_t (*nvmlDeviceGetName_fn)(nvmlDevice_t dev, char* name, unsigned int length);
typedef nvmlReturn_t (*nvmlDeviceGetUUID_fn)(nvmlDevice_t dev, char* uuid, unsigned int length);
// Millijoules since the driver was last loaded (Volta and newer).
typedef nvmlReturn_t (*nvmlDeviceGetTotalEnergyConsumption_fn)(nvmlDevice_t dev,
                                                               unsigned long long* energy_mj);
// Milliwatts, whole board.
typedef nvmlReturn_t (*nvmlDeviceGetPowerUsage_fn)(nvmlDevice_t dev, unsigned int* power_mw);
typedef nvmlReturn_t (*nvmlDeviceGetMigMode_fn)(nvmlDevice_t dev, unsigned int* current,
                                                unsigned int* pending);
}
