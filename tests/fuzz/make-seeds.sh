#!/bin/sh
# Write the seed corpora of the fuzz targets (tests/fuzz/corpus/TARGET/):
# a few valid inputs each, small and readable here, and the hand-written
# reproducers of the issue 9 findings the targets check
# (tests/fuzz/crashes/TARGET/, beside those the fuzzer finds).  The output
# is committed; run this again only to change them.  Op-sequence inputs are
# 16-byte operations: kind, cpu, size (log2 width), region, offset (u32),
# value (u64), little-endian (tests/fuzz/fuzz.h).
set -eu
cd "$(dirname "$0")"
C=corpus

# le VALUE NBYTES: VALUE as NBYTES little-endian bytes
le() {
	v=$1 n=$2 out=""
	while [ "$n" -gt 0 ]; do
		out="$out$(printf '\\%03o' $((v & 255)))"
		v=$((v >> 8))
		n=$((n - 1))
	done
	printf "$out"
}
op() { le "$1" 1; le "$2" 1; le "$3" 1; le "$4" 1; le "$5" 4; le "$6" 8; }
zeros() { head -c "$1" /dev/zero; }

R=crashes
rm -rf "$C"
mkdir -p "$C/fuzz_loader" "$C/fuzz_cli" "$C/fuzz_vgic" "$C/fuzz_pl011" \
	"$C/fuzz_hvc" "$R/fuzz_loader" "$R/fuzz_cli"

# ---- loader: ELF64 (header, program headers, segment bytes), arm64 Image,
# raw.  Code: mov x0, #1; hvc #0.
code() { le 0xd2800020 4; le 0xd4000002 4; }
ehdr() { # entry phnum
	printf '\177ELF\002\001\001'; zeros 9
	le 2 2; le 183 2; le 1 4           # ET_EXEC, EM_AARCH64, EV_CURRENT
	le "$1" 8; le 64 8; le 0 8          # e_entry, e_phoff, e_shoff
	le 0 4; le 64 2; le 56 2; le "$2" 2 # flags, ehsize, phentsize, phnum
	le 64 2; le 0 2; le 0 2             # shentsize, shnum, shstrndx
}
phdr() { # type offset paddr filesz memsz
	le "$1" 4; le 5 4; le "$2" 8; le "$3" 8; le "$3" 8
	le "$4" 8; le "$5" 8; le 4096 8
}
{ ehdr 0x40080000 1; phdr 1 120 0x40080000 8 8; code; } >"$C/fuzz_loader/elf-one-segment"
{ ehdr 0x40080000 2; phdr 1 176 0x40080000 8 0x1000; phdr 4 184 0 4 4
  code; le 0 4; } >"$C/fuzz_loader/elf-bss-and-note"
image() { # text_offset image_size
	le 0x14000010 4; le 0 4; le "$1" 8; le "$2" 8; le 0 8 # code0, code1, ...
	zeros 24; printf 'ARM\144'; le 0 4; code
}
image 0x80000 0x2000 >"$C/fuzz_loader/image-text-offset-80000"
image 0 0x1000 >"$C/fuzz_loader/image-text-offset-0"
image 0x12345 0 >"$C/fuzz_loader/image-size-0"
{ code; code; } >"$C/fuzz_loader/raw"
# Issue 9 finding 13: entry points that are not 4-byte aligned were loaded.
image 1 0x1000 >"$R/fuzz_loader/image-text-offset-1"
{ ehdr 0x40080002 1; phdr 1 120 0x40080000 8 8; code; } >"$R/fuzz_loader/elf-entry-unaligned"

# ---- cli: argv after "armvisor", NUL-separated
args() { printf '%s\0' "$@" | head -c -1; }
args run img >"$C/fuzz_cli/run"
args run --cpus 2 --mem 512M --timeout 10 img >"$C/fuzz_cli/cpus-mem-timeout"
args run --irqchip rvic --rvic-irqs 64,256 img >"$C/fuzz_cli/rvic"
args run --irqchip gicv2 --lrs 1 --vtimer-irq 20 --ptimer-irq 21 \
	--timer-irq-mode mask img >"$C/fuzz_cli/gicv2-timers"
args run --cntfrq=1000000 --append console=ttyAMA0 --initrd rd \
	--dump-dtb x.dtb --irqchip user img >"$C/fuzz_cli/user-files"
args --help >"$C/fuzz_cli/help"
args run --version >"$C/fuzz_cli/version"
# Issue 9 finding 14: accepted by the parser, refused by the library.
args run --cntfrq 500 img >"$R/fuzz_cli/cntfrq-below-core-minimum"
args run --irqchip rvic --rvic-irqs 40,64 img >"$R/fuzz_cli/rvic-irqs-not-multiple-of-32"
args run --irqchip rvic --ptimer-irq 40 --rvic-irqs 64,64 img >"$R/fuzz_cli/rvic-timer-irq-not-ppi"
args run --vtimer-irq 30 img >"$R/fuzz_cli/vtimer-irq-is-default-ptimer-irq"

# ---- vgic: header (bit 0 v2, bits 1-2 vCPUs-1, bits 3-6 LRs-1, bit 7 timer
# mask mode), then ops:
# kind 0 MMIO read, 1 MMIO write, 2 ICC read, 3 ICC write, 4 IRQ line, 5 exit,
# 6 run (to an HVC), 7 timer one-reg (value: bit 0 ENABLE, 1 IMASK, 2 CVAL 0)
# ICC index: 0 PMR, 14 IAR1, 15 EOIR1, 11 SGI1R, 21 IGRPEN1, 18 CTLR
{ le 0x18 1                                  # v3, 1 vCPU, 4 LRs
  op 1 0 2 0 0x0 0x12                        # GICD_CTLR: ARE, EnableGrp1NS
  op 1 0 2 0 0x104 0x2                       # GICD_ISENABLER1: INTID 33
  op 1 0 2 0 0x84 0x2                        # GICD_IGROUPR1: group 1
  op 3 0 3 0 21 1                            # ICC_IGRPEN1_EL1 = 1
  op 3 0 3 0 0 0xff                          # ICC_PMR_EL1 = 0xff
  op 4 0 0 0 33 1                            # SPI 33 high
  op 2 0 3 0 14 0                            # ICC_IAR1_EL1
  op 3 0 3 0 15 33                           # ICC_EOIR1_EL1
  op 4 0 0 0 33 0                            # SPI 33 low
  op 0 0 2 0 0xffe8 0                        # GICD_PIDR2
  op 5 0 0 0 0 0
} >"$C/fuzz_vgic/v3-spi-ack-eoi"
{ le 0x1a 1                                  # v3, 2 vCPUs, 4 LRs
  op 1 0 2 1 0x10100 0xffff                  # GICR0 ISENABLER0: SGIs
  op 1 1 2 1 0x30100 0xffff                  # GICR1 ISENABLER0
  op 1 1 2 1 0x30080 0xffffffff              # GICR1 IGROUPR0
  op 0 1 2 1 0x20008 0                       # GICR1 TYPER low
  op 3 1 3 0 21 1                            # vCPU1 IGRPEN1
  op 3 1 3 0 0 0xff                          # vCPU1 PMR
  op 3 0 3 0 11 $(((5 << 24) | 2))           # SGI 5 to vCPU 1
  op 2 1 3 0 14 0                            # vCPU1 IAR1
  op 3 1 3 0 15 5                            # vCPU1 EOIR1
  op 5 1 0 0 0 0
} >"$C/fuzz_vgic/v3-sgi-two-cpus"
{ le 0x19 1                                  # v2, 1 vCPU, 4 LRs
  op 1 0 2 0 0x0 0x1                         # GICD_CTLR
  op 1 0 2 1 0x0 0x1                         # GICC_CTLR
  op 1 0 2 1 0x4 0xff                        # GICC_PMR
  op 1 0 2 0 0x100 0xffff                    # GICD_ISENABLER0
  op 1 0 2 0 0xf00 $(((1 << 16) | 3))        # GICD_SGIR: SGI 3 to CPU 0
  op 0 0 2 1 0xc 0                           # GICC_IAR
  op 1 0 2 1 0x10 3                          # GICC_EOIR
  op 1 0 0 0 0x820 0xff                      # GICD_ITARGETSR8, one byte
  op 0 0 2 0 0x4 0                           # GICD_TYPER
  op 5 0 0 0 0 0
} >"$C/fuzz_vgic/v2-sgi-ack-eoi"

{ le 0x19 1                                  # v2: every GICC register
  for off in 0x0 0x4 0x8 0xc 0x10 0x14 0x18 0x1c 0x20 0x24 0x28 0xd0 \
	0xfc 0x1000; do
	op 0 0 2 1 "$off" 0
	op 1 0 2 1 "$off" 0x3
  done
  op 5 0 0 0 0 0
} >"$C/fuzz_vgic/v2-cpu-interface-all"
{ le 0x18 1                                  # v3, 1 vCPU, timers active
  op 6 0 0 0 0 0                             # run: maps the timer PPIs
  op 1 0 2 0 0x0 0x12                        # GICD_CTLR: ARE, EnableGrp1NS
  op 1 0 2 1 0x10080 0xffffffff              # GICR IGROUPR0
  op 1 0 2 1 0x10100 $((1 << 27))            # GICR ISENABLER0: vtimer
  op 1 0 2 1 0x10200 $((1 << 27))            # GICR ISPENDR0: vtimer
  op 1 0 2 1 0x10300 $((1 << 27))            # GICR ISACTIVER0
  op 3 0 3 0 21 1                            # IGRPEN1
  op 3 0 3 0 0 0xff                          # PMR
  op 2 0 3 0 14 0                            # IAR1
  op 6 0 0 0 0 0                             # run again
  op 1 0 2 1 0x10380 $((1 << 27))            # GICR ICACTIVER0
  op 3 0 3 0 15 27                           # EOIR1
  op 5 0 0 0 0 0
} >"$C/fuzz_vgic/v3-run-timer-ppi"

{ le 0x18 1                                  # v3, 1 vCPU, timers active
  op 6 0 0 0 0 0                             # run: maps the timer PPIs
  op 1 0 2 0 0x0 0x12                        # GICD_CTLR: ARE, EnableGrp1NS
  op 1 0 2 1 0x10080 0xffffffff              # GICR IGROUPR0
  op 1 0 2 1 0x10100 $((1 << 27))            # GICR ISENABLER0: vtimer
  op 3 0 3 0 21 1                            # IGRPEN1
  op 3 0 3 0 0 0xff                          # PMR
  op 7 0 0 0 0 5                             # CNTV_CTL = ENABLE, CVAL = 0
  op 6 0 0 0 0 0                             # run: the timer fires
  op 2 0 3 0 14 0                            # IAR1: 27, active
  op 0 0 2 1 0x10300 0                       # GICR ISACTIVER0
  op 6 0 0 0 0 0                             # run while active
  op 3 0 3 0 15 27                           # EOIR1: deactivate, resample
  op 7 0 0 0 0 0                             # timer off
  op 6 0 0 0 0 0
} >"$C/fuzz_vgic/v3-timer-fires-hw-mapped"

# ---- pl011: kind 0 read, 1 write, 2 receive a character, 3 close
{ op 1 0 2 0 0x38 0x50                       # UARTIMSC: RX, RT
  op 2 0 0 0 0 0x41                          # 'A' arrives
  op 0 0 2 0 0x18 0                          # UARTFR
  op 0 0 2 0 0x40 0                          # UARTMIS
  op 0 0 2 0 0x0 0                           # UARTDR
  op 1 0 2 0 0x0 0x42                        # send 'B'
  op 1 0 2 0 0x44 0x7ff                      # UARTICR
  op 0 0 0 0 0xfe0 0                         # PeriphID0, one byte
} >"$C/fuzz_pl011/rx-tx-irq"
{ op 1 0 2 0 0x2c 0x10                       # UARTLCR_H: FEN
  op 1 0 2 0 0x30 0x301                      # UARTCR
  op 1 0 3 0 0x24 0x0000000100000001         # IBRD, 8 bytes
  op 0 0 1 0 0x1a 0                          # UARTFR high half
} >"$C/fuzz_pl011/fifo-enable"

# ---- hvc: header (bits 0-1 vCPUs-1, bit 2 sizes 64,256), then ops:
# kind 0 PSCI (index: 2 VERSION, 5 CPU_ON, 6 AFFINITY_INFO, 4 CPU_OFF),
# 1 rVIC (0 VERSION, 1 INFO, 2 ENABLE, 5 CLEAR_MASKED, 7 SIGNAL,
# 9 ACKNOWLEDGE, 10 RESAMPLE, 12 rVID MAP), 2 SPI line, 3 enter, 4 exit
{ le 0x01 1                                  # 2 vCPUs
  op 0 0 0 0 2 0                             # PSCI_VERSION
  op 0 0 0 0 5 1                             # CPU_ON vCPU 1
  op 0 0 0 0 6 1                             # AFFINITY_INFO vCPU 1
  op 1 1 0 0 2 0                             # vCPU 1: rVIC ENABLE
  op 1 1 0 0 5 $(((5 << 16) | 1))            # CLEAR_MASKED vCPU 1 intid 5
  op 1 0 0 0 7 $(((5 << 16) | 1))            # vCPU 0 signals vCPU 1, 5
  op 1 1 0 0 9 0                             # vCPU 1 ACKNOWLEDGE
  op 1 1 0 0 10 5                            # RESAMPLE 5
  op 0 1 0 0 4 0                             # vCPU 1 CPU_OFF
} >"$C/fuzz_hvc/psci-rvic-ipi"
{ le 0x04 1                                  # 1 vCPU, sizes 64,256
  op 1 0 0 0 0 0                             # rVIC VERSION
  op 1 0 0 0 1 0                             # INFO trusted
  op 1 0 0 0 2 0                             # ENABLE
  op 1 0 0 0 12 $(((100 << 32) | 1))         # rVID MAP input 1 -> 100
  op 1 0 0 0 5 100                           # CLEAR_MASKED 100
  op 2 0 0 0 1 1                             # SPI 33 high
  op 1 0 0 0 9 0                             # ACKNOWLEDGE
  op 2 0 0 0 1 0                             # SPI 33 low
  op 0 0 0 0 7 0                             # SYSTEM_OFF
} >"$C/fuzz_hvc/rvid-uart"
