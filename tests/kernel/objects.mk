# In-kernel KTAP suites, built when CONFIG_KTEST is set.
obj-$(CONFIG_KTEST)	+= tests/kernel/printk_ktest.o tests/kernel/trap_ktest.o \
			   tests/kernel/reloc_ktest.o tests/kernel/fdt_ktest.o \
			   tests/kernel/mm_ktest.o tests/kernel/fault_inject.o \
			   tests/kernel/early_dev_ktest.o tests/kernel/tlb_ktest.o \
			   tests/kernel/module_ktest.o tests/kernel/bpf_ktest.o \
			   tests/kernel/kaslr_ktest.o tests/kernel/seed_ktest.o \
			   tests/kernel/smp_ktest.o
