# Memory management: the walker, the layout, the early tables.
pi-obj-y	+= mm/pgtable.o mm/early_map.o
# Physical KASLR's choice of where the image moves, made with the MMU off.
pi-obj-$(CONFIG_RANDOMIZE_PHYS) += mm/phys_place.o
obj-y		+= mm/layout.o mm/physaddr.o mm/kernel_pt.o mm/memblock.o mm/memory_init.o \
		   mm/paging.o mm/ptdump.o mm/vm_window.o
