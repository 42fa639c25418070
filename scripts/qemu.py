#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Boot a lander Image under QEMU, the way "make run" and the tests do.

  qemu.py --arch arm64|riscv --image Image [--mem 1G] [--smp 1]
          [--firmware fw_dynamic|fw_jump|uboot|uboot-efi|edk2] [--append "opts"]
          [--rng] [--acpi]
          [--load-addr PA] [--dtb FILE] [--all-harts] [--timeout S]
          [--log FILE] [--extra "qemu args"]
  qemu.py --board raspi3b|sifive_u --image Image [--append "opts"] [--dtb FILE]

--board boots a model of a real board instead of the virt machine: the
machine, its CPUs, RAM and serial wiring, and (raspi3b) the board's own
device tree from --boards-dir (make board-dtbs); docs/boards.md.

--load-addr, --dtb or --all-harts put the Image (and the DTB) in RAM with QEMU's
loader device and start a small loader shim (tests/shim/) that enters
the kernel by the boot protocol, the way a bootloader would: so tests
can choose the physical address and hand over any DTB, even a broken
one. The guest ends QEMU with the status it wants (semihosting on arm64,
the SiFive test device on riscv); a timeout is reported as a hang with
the console's last lines, and exit status 124.

--firmware uboot-efi boots the Image as an EFI application with U-Boot's
bootefi; --firmware edk2 (arm64) with EDK2 (Debian's AAVMF) from a FAT
disk's default boot path, with the machine's ACPI tables off so that EDK2
hands over the device tree (--acpi keeps them: then there is none). With
--append, EDK2's shell starts the Image with that command line instead.
--rng adds a virtio RNG, which both firmwares offer as EFI_RNG_PROTOCOL.
docs/efi.md.
"""
import argparse
import os
import shlex
import subprocess
import sys
import tempfile
import time

OPENSBI = "/usr/lib/riscv64-linux-gnu/opensbi/generic"
UBOOT = {"arm64": "/usr/lib/u-boot/qemu_arm64/u-boot.bin",
         "riscv": "/usr/lib/u-boot/qemu-riscv64_smode/u-boot.bin"}
AAVMF = "/usr/share/AAVMF"
RAM_BASE = {"arm64": 0x40000000, "riscv": 0x80000000}
# Where tests/shim/shim-*.S read { image_pa, dtb_pa } (just above the shim).
SHIM_PARAMS = {"arm64": 0x40110000, "riscv": 0x80210000}
SRCTREE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# The real boards QEMU models (docs/boards.md). Their RAM and CPUs are the
# board's: -m and -smp are what the board has, not options.
#   dtb     the board's tree under --boards-dir, or None: QEMU's own
#   serial  QEMU's -serial list: the console UART's chardev on stdio
#   extra   raspi3b: semihosting for the exit status; sifive_u: a reset
#           (OpenSBI's gpio-restart, the only one this machine has)
#           ends QEMU instead of restarting the board
BOARDS = {
    "raspi3b": {"arch": "arm64", "machine": "raspi3b", "mem": "1G", "smp": 4,
                "dtb": "broadcom/bcm2837-rpi-3-b.dtb",
                "serial": ["null", "stdio"],  # serial1, the mini UART, is the console
                "extra": ["-semihosting", "-display", "none"]},
    "sifive_u": {"arch": "riscv", "machine": "sifive_u", "mem": "1G", "smp": 5,
                 "dtb": None, "serial": ["stdio"],
                 "extra": ["-no-reboot", "-display", "none"]},
}


def size_arg(s):
    units = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}
    if s[-1].upper() in units:
        return int(s[:-1], 0) * units[s[-1].upper()]
    return int(s, 0)


def machine_args(args):
    """The QEMU command line for args, without the kernel."""
    mem = size_arg(args.mem)
    if args.arch == "arm64":
        virt = "virt,acpi=off" if args.firmware == "edk2" and not getattr(args, "acpi", False) else "virt"
        cmd = ["qemu-system-aarch64", "-M", virt, "-cpu", args.cpu or "cortex-a57",
               "-nic", "none"]
        if not getattr(args, "no_semihosting", False):
            cmd += ["-semihosting"]
    else:
        cmd = ["qemu-system-riscv64", "-M", "virt"] + (["-cpu", args.cpu] if args.cpu else [])
        if args.firmware == "fw_jump":
            cmd += ["-bios", f"{OPENSBI}/fw_jump.elf"]
        elif args.firmware == "fw_dynamic_deb":
            cmd += ["-bios", f"{OPENSBI}/fw_dynamic.elf"]
    if mem > 16 << 30:
        # Larger than the host can back: allocate guest pages only when touched.
        cmd += ["-object", f"memory-backend-ram,id=m0,size={mem},reserve=off",
                "-machine", "memory-backend=m0"]
    cmd += ["-m", str(mem >> 20) + "M", "-smp", str(args.smp),
            "-nographic", "-monitor", "none", "-serial", "stdio"]
    if getattr(args, "rng", False):
        cmd += ["-device", "virtio-rng-device"]
    return cmd


def board_command(args):
    """The QEMU command line that boots args.image on args.board."""
    b = BOARDS[args.board]
    arch = {"arm64": "aarch64", "riscv": "riscv64"}[b["arch"]]
    cmd = [f"qemu-system-{arch}", "-M", b["machine"], "-m", b["mem"], "-smp", str(b["smp"]),
           "-monitor", "none"] + b["extra"]
    for chardev in (args.serial.split(",") if args.serial else b["serial"]):
        cmd += ["-serial", chardev]
    dtb = args.dtb or (os.path.join(args.boards_dir, b["dtb"]) if b["dtb"] else None)
    if dtb:
        if not os.path.exists(dtb):
            sys.exit(f"qemu.py: {dtb} is missing: run 'make board-dtbs' first")
        cmd += ["-dtb", dtb]
    cmd += ["-kernel", args.image]
    if args.append:
        cmd += ["-append", args.append]
    return cmd + initrd_args(args)


def initrd_args(args):
    """QEMU loads the initrd and names it in /chosen (linux,initrd-start/-end)."""
    return ["-initrd", args.initrd] if getattr(args, "initrd", None) else []


def build_command(args, tmp):
    if args.board:
        return board_command(args)
    cmd = machine_args(args)
    if (args.load_addr is None and args.dtb is None and not getattr(args, "entry_sp_el0", False)
            and not getattr(args, "all_harts", False)):
        if args.firmware in ("uboot", "uboot-efi"):
            return cmd + uboot_args(args, tmp)
        if args.firmware == "edk2":
            return cmd + edk2_args(args, tmp)
        cmd += ["-kernel", args.image]
        if args.append:
            cmd += ["-append", args.append]
        return cmd + initrd_args(args)
    if getattr(args, "initrd", None):
        sys.exit("qemu.py: --initrd needs QEMU's own loader (no --load-addr, --dtb or shim)")
    # The shim path: the Image and the DTB go where we say.
    base = RAM_BASE[args.arch]
    load = args.load_addr if args.load_addr is not None else base + 0x400000
    dtb = args.dtb
    dtb_addr = args.dtb_addr if args.dtb_addr is not None else base + 0x300000
    if dtb is None and args.arch == "riscv":
        # Pass on the DTB OpenSBI hands the shim: it reserves OpenSBI's memory.
        dtb_addr = 0
        if args.append:
            cmd += ["-append", args.append]
    elif dtb is None:
        dtb = os.path.join(tmp, "machine.dtb")
        dump = machine_args(args)
        dump[dump.index("virt")] = f"virt,dumpdtb={dtb}"
        subprocess.run(dump, check=True, capture_output=True)
        if args.append:
            subprocess.run(["fdtput", "-t", "s", dtb, "/chosen", "bootargs", args.append],
                           check=True)
    params = os.path.join(tmp, "params.bin")
    with open(params, "wb") as f:
        flags = 1 if getattr(args, "entry_sp_el0", False) else 0
        flags |= 2 if getattr(args, "all_harts", False) else 0
        f.write(load.to_bytes(8, "little") + dtb_addr.to_bytes(8, "little") +
                flags.to_bytes(8, "little"))
    shim = os.path.join(args.shim_dir,
                        "shim-arm64.elf" if args.arch == "arm64" else "shim-riscv.bin")
    cmd += ["-kernel", shim,
            "-device", f"loader,file={args.image},addr={load:#x},force-raw=on",
            "-device", f"loader,file={params},addr={SHIM_PARAMS[args.arch]:#x},force-raw=on"]
    if dtb is not None:
        cmd += ["-device", f"loader,file={dtb},addr={dtb_addr:#x},force-raw=on"]
    return cmd


def uboot_quote(s):
    """s as one word of U-Boot's hush, taken literally.

    Its quotes are not sh's (a backslash vanishes inside '...', a ' inside
    "..."), but a backslash before any character outside quotes keeps it.
    """
    if "\n" in s or "\r" in s:
        sys.exit("qemu.py: --append must be one line for U-Boot")
    return "".join(c if c.isascii() and (c.isalnum() or c in "_=.,:/+-") else "\\" + c
                   for c in s)


# After a failed boot, end QEMU with exit status 1 at once instead of
# falling through U-Boot's other boot targets to its prompt (a hang until
# --timeout). riscv: the SiFive test device's FAIL code with status 1.
# arm64: U-Boot has no semihosting command and its "go" hangs (2023.01's
# PL011 flush never ends), so write a tiny Image into RAM and booti it:
# header (b 0x40, image_size, flags 0xa, magic), then at 0x40
# movz x0, #0x18 (SYS_EXIT); adr x1, blk; hlt #0xf000; b .;
# blk: ADP_Stopped_ApplicationExit, status 1.
def _uboot_fail_arm64(at=0x40400000):
    words = {0x00: 0x14000010, 0x10: 0x1000, 0x18: 0xa, 0x38: 0x644d5241,
             0x40: 0xd2800300, 0x44: 0x10000061, 0x48: 0xd45e0000, 0x4c: 0x14000000,
             0x50: 0x20026, 0x58: 1}
    cmds = [f"mw.l {at:#x} 0 0x18"]  # zero the 0x60 bytes first
    cmds += [f"mw.l {at + off:#x} {val:#x}" for off, val in sorted(words.items())]
    return cmds + [f"booti {at:#x} - ${{fdtcontroladdr}}"]


UBOOT_FAIL = {"riscv": ["mw.l 0x100000 0x00013333"], "arm64": _uboot_fail_arm64()}


def uboot_args(args, tmp):
    """Boot through U-Boot: a disk with the Image and a boot script.

    make-boot-disk.sh puts the Image and boot.scr on an ext4 partition of
    a virtio disk; U-Boot's distro boot (bootcmd, after its 2 s bootdelay)
    finds virtio 0:1/boot.scr by itself. booti copies $bootargs into the
    DTB's /chosen. arm64 loads at a 2 MB aligned address, so booti runs the
    Image in place; riscv's booti may move it to RAM base + text_offset.
    With --initrd the disk also holds /initrd, loaded 128 MB into RAM and
    passed as booti's ADDR:SIZE, which U-Boot writes into /chosen as
    linux,initrd-start/-end.
    """
    disk = os.path.join(tmp, "disk.img")
    script = os.path.join(tmp, "boot.cmd")
    addr = RAM_BASE[args.arch] + (0x2000000 if args.arch == "arm64" else 0x4000000)
    initrd = getattr(args, "initrd", None)
    rd_addr = RAM_BASE[args.arch] + 0x8000000
    with open(script, "w") as f:
        f.write(f"setenv bootargs {uboot_quote(args.append)}\n" if args.append
                else "setenv bootargs\n")
        rd = "-"
        if initrd:
            f.write(f"load virtio 0:1 {rd_addr:#x} /initrd\n"
                    "setenv rd_size ${filesize}\n")
            rd = f"{rd_addr:#x}:${{rd_size}}"
        if args.firmware == "uboot-efi":
            # The Image as a PE/COFF application; bootefi installs the tree
            # (with $bootargs in /chosen) as its configuration table.
            boot = f"  bootefi {addr:#x} ${{fdtcontroladdr}}\n"
        else:
            boot = f"  booti {addr:#x} {rd} ${{fdtcontroladdr}}\n"
        f.write(f"if load virtio 0:1 {addr:#x} /Image; then\n" + boot +
                "fi\n"
                "echo 'boot.scr: booting /Image failed'\n")
        f.write("".join(c + "\n" for c in UBOOT_FAIL[args.arch]))
    subprocess.run([SRCTREE + "/scripts/make-boot-disk.sh", disk, args.image, script]
                   + ([initrd] if initrd else []), check=True)
    out = ["-drive", f"if=none,file={disk},format=raw,id=hd0",
           "-device", "virtio-blk-device,drive=hd0"]
    if args.arch == "arm64":
        return ["-bios", UBOOT["arm64"]] + out
    return ["-kernel", UBOOT["riscv"]] + out


# What EDK2's shell runs when booting the disk failed and it fell back to
# the shell: with --append, start the Image with it as its command line
# (its LoadOptions); then, if control comes back, say so and power the
# machine off (QEMU exits with status 0).
EDK2_BACK = "echo lander-test: back in the firmware\r\nreset -s\r\n"


def edk2_args(args, tmp):
    """Boot through EDK2: its code and a copy of its variables in pflash,
    and a FAT disk whose default boot path is the Image. EDK2 boots it
    from the disk by itself (its boot order tries removable media first).
    """
    disk = os.path.join(tmp, "esp.img")
    startup = os.path.join(tmp, "startup.nsh")
    variables = os.path.join(tmp, "vars.fd")
    with open(startup, "w") as f:
        if args.append:
            f.write(f"fs0:\\lander.efi {args.append}\r\n")
        f.write(EDK2_BACK)
    with open(f"{AAVMF}/AAVMF_VARS.fd", "rb") as src, open(variables, "wb") as dst:
        dst.write(src.read())
    subprocess.run([SRCTREE + "/scripts/make-efi-disk.sh", disk, args.image, startup]
                   + (["/lander.efi"] if args.append else []), check=True)
    return ["-drive", f"if=pflash,format=raw,readonly=on,file={AAVMF}/AAVMF_CODE.fd",
            "-drive", f"if=pflash,format=raw,file={variables}",
            "-drive", f"if=none,file={disk},format=raw,id=esp",
            "-device", "virtio-blk-device,drive=esp"]


def run(args):
    with tempfile.TemporaryDirectory() as tmp:
        cmd = build_command(args, tmp)
        if args.extra:
            cmd += shlex.split(args.extra)
        if args.verbose:
            print("+ " + " ".join(shlex.quote(c) for c in cmd), file=sys.stderr)
        log = open(args.log, "wb") if args.log else None
        start = time.monotonic()
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT)
        tail = b""
        timed_out = False
        try:
            os.set_blocking(proc.stdout.fileno(), False)
            while True:
                chunk = proc.stdout.read(65536)
                if chunk:
                    if log:
                        log.write(chunk)
                    if not args.quiet:
                        sys.stdout.buffer.write(chunk)
                        sys.stdout.flush()
                    tail = (tail + chunk)[-4096:]
                elif proc.poll() is not None:
                    break
                else:
                    time.sleep(0.02)
                if args.timeout and time.monotonic() - start > args.timeout:
                    timed_out = True
                    proc.kill()
                    proc.wait()
                    break
        finally:
            if log:
                log.close()
        if timed_out:
            lines = tail.decode(errors="replace").splitlines()[-15:]
            print(f"\nqemu.py: no exit after {args.timeout}s: the guest hung. "
                  "Console tail:", file=sys.stderr)
            for l in lines:
                print("  | " + l, file=sys.stderr)
            return 124
        return proc.returncode


def main():
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--arch", choices=["arm64", "riscv"])
    p.add_argument("--board", choices=sorted(BOARDS))
    p.add_argument("--serial", help="with --board: QEMU's -serial chardevs, comma-separated, "
                   "in place of the board's wiring (raspi3b: 'stdio,null' puts the PL011 on stdio)")
    p.add_argument("--boards-dir", default=os.environ.get(
        "BOARD_DTBS", os.path.join(SRCTREE, "build", "host", "boards")))
    p.add_argument("--image", required=True)
    p.add_argument("--mem", default="1G")
    p.add_argument("--smp", type=int, default=1)
    p.add_argument("--cpu")
    p.add_argument("--firmware", default="fw_dynamic",
                   choices=["fw_dynamic", "fw_dynamic_deb", "fw_jump", "uboot", "uboot-efi",
                            "edk2"])
    p.add_argument("--rng", action="store_true",
                   help="a virtio RNG device (the firmware's EFI_RNG_PROTOCOL)")
    p.add_argument("--acpi", action="store_true",
                   help="edk2: keep the machine's ACPI tables, so EDK2 gives no device tree")
    p.add_argument("--append", default="")
    p.add_argument("--load-addr", type=lambda s: int(s, 0))
    p.add_argument("--dtb")
    p.add_argument("--initrd", help="an initramfs (newc cpio) for QEMU's -initrd")
    p.add_argument("--entry-sp-el0", action="store_true",
                   help="arm64: the loader shim enters the kernel with SP_EL0 selected")
    p.add_argument("--all-harts", action="store_true",
                   help="riscv: the loader shim starts every hart at the kernel's entry, "
                   "as U-Boot SPL does (SBI HSM hart_start), not only the boot hart")
    p.add_argument("--no-semihosting", action="store_true",
                   help="arm64: no semihosting, as on hardware (the kernel ends through PSCI)")
    p.add_argument("--dtb-addr", type=lambda s: int(s, 0))
    p.add_argument("--shim-dir", default=os.environ.get("SHIM_DIR", "build/shim"))
    p.add_argument("--timeout", type=float, default=0)
    p.add_argument("--log")
    p.add_argument("--extra")
    p.add_argument("--quiet", action="store_true")
    p.add_argument("-v", "--verbose", action="store_true")
    args = p.parse_args()
    if args.board:
        board_arch = BOARDS[args.board]["arch"]
        if args.arch and args.arch != board_arch:
            p.error(f"--board {args.board} is a board for {board_arch}, not {args.arch}")
        if args.load_addr is not None or args.firmware != "fw_dynamic":
            p.error("--board boots through the board's own firmware path: "
                    "no --load-addr or --firmware")
        args.arch = board_arch
    elif not args.arch:
        p.error("--arch or --board is required")
    if args.firmware == "edk2" and (args.arch != "arm64" or args.initrd):
        p.error("--firmware edk2 is for arm64, with no --initrd")
    if args.all_harts and (args.arch != "riscv" or args.board or
                           args.firmware in ("uboot", "uboot-efi")):
        p.error("--all-harts is for riscv's virt machine, through the loader shim")
    sys.exit(run(args))


if __name__ == "__main__":
    main()
