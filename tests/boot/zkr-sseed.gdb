# Zkr's success path by hand, where no firmware grants S-mode the seed CSR
# (OpenSBI 1.1 does not set mseccfg.SSEED). With QEMU stopped at its start:
#
#   qemu-system-riscv64 -M virt -cpu rv64,zkr=on,x-epmp=on -m 1G -nographic \
#       -kernel build/check/riscv/Image -S -gdb tcp::12345 &
#   gdb-multiarch -q -batch -x tests/boot/zkr-sseed.gdb
#
# this stops where OpenSBI enters the kernel, runs three M-mode
# instructions placed in free RAM (li t0, 0x200; csrs mseccfg, t0;
# csrr t1, mseccfg: SSEED is bit 9; QEMU 7.2 has mseccfg only with x-epmp),
# and resumes the kernel in S-mode, whose arch_seed KTAP suite then reports
# "arch seed source: Zkr" and reads changing values.
set architecture riscv:rv64
target remote :12345
break *0x80200000
continue
delete
set $savet0 = $t0
set {unsigned int}0x90000000 = 0x20000293
set {unsigned int}0x90000004 = 0x7472a073
set {unsigned int}0x90000008 = 0x74702373
set $priv = 3
set $pc = 0x90000000
stepi
stepi
stepi
printf "mseccfg = 0x%lx\n", $t1
set $priv = 1
set $t0 = $savet0
set $pc = 0x80200000
detach
