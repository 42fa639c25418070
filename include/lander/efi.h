/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The part of the UEFI interface the EFI stub (boot/efi/) uses, written
 * from the UEFI Specification 2.10: the system table, the boot services
 * it calls, the memory map, and three protocols or tables found by GUID.
 * Tables keep the specification's field order; the entries the stub never
 * calls are plain pointers so that the offsets stay right.
 *
 * On AArch64 and RISC-V the UEFI calling convention is the platform's C
 * convention (UEFI 2.10, 2.3.6 and 2.3.7), so the function pointers need
 * no attribute, and the host tests (tests/unit/test_efi_stub.c) can stand
 * in for the firmware with ordinary C functions.
 */
#ifndef LANDER_EFI_H
#define LANDER_EFI_H

#include <lander/types.h>

typedef u64 efi_status_t;
typedef void *efi_handle_t;
typedef u16 efi_char16_t;

/* Status codes (Appendix D): errors have the top bit set. */
#define EFI_ERROR_BIT	      (1ULL << 63)
#define EFI_SUCCESS	      0
#define EFI_LOAD_ERROR	      (EFI_ERROR_BIT | 1)
#define EFI_INVALID_PARAMETER (EFI_ERROR_BIT | 2)
#define EFI_UNSUPPORTED	      (EFI_ERROR_BIT | 3)
#define EFI_BUFFER_TOO_SMALL  (EFI_ERROR_BIT | 5)
#define EFI_OUT_OF_RESOURCES  (EFI_ERROR_BIT | 9)
#define EFI_NOT_FOUND	      (EFI_ERROR_BIT | 14)

/* A GUID, in the specification's mixed-endian form (Appendix A). */
typedef struct {
	u32 d1;
	u16 d2, d3;
	u8 d4[8];
} efi_guid_t;

#define EFI_GUID(a, b, c, d...) ((efi_guid_t){ (a), (b), (c), { d } })

/* The flattened device tree in the configuration table (UEFI 2.10, 4.6). */
#define EFI_DTB_TABLE_GUID \
	EFI_GUID(0xb1b621d5, 0xf19c, 0x41a5, 0x83, 0x0b, 0xd9, 0x15, 0x2c, 0x69, 0xaa, 0xe0)
/* EFI_RNG_PROTOCOL (UEFI 2.10, 37.5). */
#define EFI_RNG_PROTOCOL_GUID \
	EFI_GUID(0x3152bca5, 0xeade, 0x433d, 0x86, 0x2e, 0xc0, 0x1c, 0xdc, 0x29, 0x1f, 0x44)
/* RISCV_EFI_BOOT_PROTOCOL (RISC-V UEFI Protocol Specification 1.0). */
#define RISCV_EFI_BOOT_PROTOCOL_GUID \
	EFI_GUID(0xccd15fec, 0x6f73, 0x4eec, 0x83, 0x95, 0x3e, 0x69, 0xe4, 0xb9, 0x40, 0xbf)

/* EFI_LOADED_IMAGE_PROTOCOL (UEFI 2.10, 9.1). */
#define EFI_LOADED_IMAGE_PROTOCOL_GUID \
	EFI_GUID(0x5b1b31a1, 0x9562, 0x11d2, 0x8e, 0x3f, 0x00, 0xa0, 0xc9, 0x69, 0x72, 0x3b)

/* EFI_MEMORY_TYPE (UEFI 2.10, 7.2). */
enum efi_memory_type {
	EFI_RESERVED_MEMORY,
	EFI_LOADER_CODE,
	EFI_LOADER_DATA,
	EFI_BOOT_SERVICES_CODE,
	EFI_BOOT_SERVICES_DATA,
	EFI_RUNTIME_SERVICES_CODE,
	EFI_RUNTIME_SERVICES_DATA,
	EFI_CONVENTIONAL_MEMORY,
	EFI_UNUSABLE_MEMORY,
	EFI_ACPI_RECLAIM_MEMORY,
	EFI_ACPI_MEMORY_NVS,
	EFI_MEMORY_MAPPED_IO,
	EFI_MEMORY_MAPPED_IO_PORT_SPACE,
	EFI_PAL_CODE,
	EFI_PERSISTENT_MEMORY,
	EFI_UNACCEPTED_MEMORY,
};

/* EFI_ALLOCATE_TYPE. */
enum efi_allocate_type {
	EFI_ALLOCATE_ANY_PAGES,
	EFI_ALLOCATE_MAX_ADDRESS,
	EFI_ALLOCATE_ADDRESS,
};

#define EFI_PAGE_SHIFT 12
#define EFI_PAGE_SIZE  (1ULL << EFI_PAGE_SHIFT)

/* A memory attribute: the range is RAM that may be mapped write-back. */
#define EFI_MEMORY_WB (1ULL << 3)

/*
 * EFI_MEMORY_DESCRIPTOR, version 1. The map's descriptors are
 * descriptor_size bytes apart, which may exceed sizeof() (7.2, GetMemoryMap).
 */
struct efi_memory_desc {
	u32 type;
	u32 pad;
	u64 phys_start;
	u64 virt_start;
	u64 num_pages;
	u64 attribute;
};

struct efi_table_header {
	u64 signature;
	u32 revision, header_size, crc32, reserved;
};

struct efi_simple_text_output {
	void *reset;
	efi_status_t (*output_string)(struct efi_simple_text_output *self, efi_char16_t *s);
	/* ... the rest is not used */
};

struct efi_rng_protocol {
	void *get_info;
	/* algorithm NULL: the firmware's default */
	efi_status_t (*get_rng)(struct efi_rng_protocol *self, efi_guid_t *algorithm, size_t len,
				u8 *out);
};

/* The image's own view of its loading: LoadOptions is its command line. */
struct efi_loaded_image {
	u32 revision;
	efi_handle_t parent;
	struct efi_system_table *system_table;
	efi_handle_t device;
	void *file_path;
	void *reserved;
	u32 load_options_size; /* bytes */
	void *load_options;
	void *image_base;
	u64 image_size;
	u32 image_code_type, image_data_type;
	void *unload;
};

struct riscv_efi_boot_protocol {
	u64 revision;
	efi_status_t (*get_boot_hartid)(struct riscv_efi_boot_protocol *self, size_t *hartid);
};

/* EFI_BOOT_SERVICES (UEFI 2.10, 4.4), in the specification's order. */
struct efi_boot_services {
	struct efi_table_header hdr;
	void *raise_tpl;
	void *restore_tpl;
	efi_status_t (*allocate_pages)(u32 type, u32 memory_type, size_t pages, u64 *addr);
	efi_status_t (*free_pages)(u64 addr, size_t pages);
	efi_status_t (*get_memory_map)(size_t *map_size, void *map, size_t *map_key,
				       size_t *desc_size, u32 *desc_version);
	void *allocate_pool;
	void *free_pool;
	void *create_event;
	void *set_timer;
	void *wait_for_event;
	void *signal_event;
	void *close_event;
	void *check_event;
	void *install_protocol_interface;
	void *reinstall_protocol_interface;
	void *uninstall_protocol_interface;
	efi_status_t (*handle_protocol)(efi_handle_t handle, efi_guid_t *protocol, void **iface);
	void *reserved;
	void *register_protocol_notify;
	void *locate_handle;
	void *locate_device_path;
	void *install_configuration_table;
	void *load_image;
	void *start_image;
	void *exit;
	void *unload_image;
	efi_status_t (*exit_boot_services)(efi_handle_t image, size_t map_key);
	void *get_next_monotonic_count;
	void *stall;
	void *set_watchdog_timer;
	void *connect_controller;
	void *disconnect_controller;
	void *open_protocol;
	void *close_protocol;
	void *open_protocol_information;
	void *protocols_per_handle;
	void *locate_handle_buffer;
	efi_status_t (*locate_protocol)(efi_guid_t *protocol, void *registration, void **iface);
	/* ... the rest is not used */
};

struct efi_config_table {
	efi_guid_t guid;
	void *table;
};

/* EFI_SYSTEM_TABLE (UEFI 2.10, 4.3). */
struct efi_system_table {
	struct efi_table_header hdr;
	efi_char16_t *fw_vendor;
	u32 fw_revision;
	efi_handle_t con_in_handle;
	void *con_in;
	efi_handle_t con_out_handle;
	struct efi_simple_text_output *con_out;
	efi_handle_t stderr_handle;
	void *std_err;
	void *runtime_services;
	struct efi_boot_services *boot_services;
	size_t nr_tables;
	struct efi_config_table *tables;
};

/* The offsets the specification fixes, for the 64-bit tables. */
_Static_assert(__builtin_offsetof(struct efi_boot_services, allocate_pages) == 40, "");
_Static_assert(__builtin_offsetof(struct efi_boot_services, handle_protocol) == 152, "");
_Static_assert(__builtin_offsetof(struct efi_boot_services, exit_boot_services) == 232, "");
_Static_assert(__builtin_offsetof(struct efi_loaded_image, load_options_size) == 48, "");
_Static_assert(__builtin_offsetof(struct efi_boot_services, locate_protocol) == 320, "");
_Static_assert(__builtin_offsetof(struct efi_system_table, boot_services) == 96, "");
_Static_assert(__builtin_offsetof(struct efi_system_table, tables) == 112, "");
_Static_assert(sizeof(struct efi_memory_desc) == 40, "");

#endif
