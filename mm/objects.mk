# Memory management: the walker, the layout, the early tables.
pi-obj-y	+= mm/pgtable.o mm/early_map.o
obj-y		+= mm/layout.o mm/physaddr.o mm/kernel_pt.o mm/memblock.o mm/memory_init.o \
		   mm/paging.o mm/ptdump.o mm/vm_window.o
