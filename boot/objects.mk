# The generic boot: early_boot() (early subset), then start_kernel().
pi-obj-y	+= boot/early.o boot/cmdline.o boot/relocate.o boot/milestones.o boot/kaslr.o
obj-y		+= boot/main.o
