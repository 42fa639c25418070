# In-kernel KTAP suites, built when CONFIG_KTEST is set.
obj-$(CONFIG_KTEST)	+= tests/kernel/printk_ktest.o
