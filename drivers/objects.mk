# The console UARTs and the poweroff device: used with the MMU off too.
pi-obj-y	+= drivers/console.o drivers/pl011.o drivers/ns16550.o drivers/bcm2835_aux.o \
		   drivers/sifive_uart.o drivers/poweroff.o drivers/early_dev.o
