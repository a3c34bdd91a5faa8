# lvmgr - logical volume manager on the Linux device-mapper.
# Every .c under the module directories (and their sub-folders) is part of liblvmgr.a; cmd/main.c is
# the binary's entry point. tests/unit/test_*.c each become one cmocka binary,
# tests/fuzz/fuzz_*.c one libFuzzer target: adding a file needs no edit here.

CC      ?= gcc
O       ?= build
PKGS    := devmapper blkid yaml-0.1
CFLAGS  ?= -O2 -g
WARN    := -std=gnu11 -Wall -Wextra -Werror -Wno-unused-parameter -Wshadow \
           -Wstrict-prototypes -Wmissing-prototypes
CPPFLAGS += -I. -D_GNU_SOURCE -D_FILE_OFFSET_BITS=64
PKG_CFLAGS := $(shell pkg-config --cflags $(PKGS) 2>/dev/null)
# libdevmapper is not linked: activation/kernel.c loads it (dlopen) when
# device-mapper is first needed, which most commands never do.
PKG_LIBS   := $(shell pkg-config --libs $(filter-out devmapper,$(PKGS)) 2>/dev/null) -laio
# The lvmgr binary takes libblkid, libyaml and libaio from their static
# archives when the -dev packages ship them (Debian's do): three shared
# objects fewer for the dynamic loader, about 0.4 ms off every command.
# STATIC_LIBS= (empty) links them dynamically.
STATIC_LIBS ?= $(foreach l,blkid yaml aio,$(if $(wildcard $(shell $(CC) -print-file-name=lib$(l).a)),$(l)))
comma := ,
BIN_LIBS   := $(if $(STATIC_LIBS),-Wl$(comma)-Bstatic $(addprefix -l,$(STATIC_LIBS)) -Wl$(comma)-Bdynamic) \
              $(filter-out $(addprefix -l,$(STATIC_LIBS)),$(PKG_LIBS))
ALL_CFLAGS  = $(WARN) $(CPPFLAGS) $(PKG_CFLAGS) $(CFLAGS) $(EXTRA_CFLAGS)

MODULES := lvmgr metadata allocator activation cmd
# Sources and headers of the module folders and their sub-folders.
LIB_SRC := $(filter-out cmd/main.c,$(sort $(shell find $(MODULES) -name '*.c')))
LIB_OBJ := $(LIB_SRC:%.c=$(O)/obj/%.o)
UNIT_SRC := $(wildcard tests/unit/test_*.c)
UNIT_BIN := $(UNIT_SRC:tests/unit/%.c=$(O)/tests/%)
HDRS := $(sort $(shell find $(MODULES) -name '*.h')) cmd/args.def

.PHONY: all clean check check-layout check-unit check-image check-interop check-fuzz \
        check-kernel check-bench check-interop-cache-default check-unit-asan check-image-asan \
        check-tsan demo install install-links install-initrd install-shutdown uninstall uninstall-initrd uninstall-shutdown sanitize tsan fuzz tidy bench

all: $(O)/lvmgr $(UNIT_BIN)

$(O)/obj/%.o: %.c $(HDRS) Makefile
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -c $< -o $@

$(O)/liblvmgr.a: $(LIB_OBJ)
	@rm -f $@
	ar rcs $@ $^

$(O)/lvmgr: $(O)/obj/cmd/main.o $(O)/liblvmgr.a
	$(CC) $(CFLAGS) $(EXTRA_CFLAGS) -o $@ $^ $(BIN_LIBS) $(LDFLAGS)

$(O)/tests/%: tests/unit/%.c $(O)/liblvmgr.a $(HDRS) tests/unit/unit.h
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) -o $@ $< $(O)/liblvmgr.a $(PKG_LIBS) -lcmocka $(LDFLAGS)

# The test layers. tests/run prints one PASS/FAIL line per test and ends
# with "N passed, N failed[, N skipped]"; with CI=true a skipped layer fails.
# "all" is every layer (the list is in tests/run); ./check runs the same.
check: all fuzz sanitize tsan
	@tests/run $(O) all

# The kernel layer boots two qemu VMs at once, each once (one on a single
# core; tests/kernel/README).
check-layout check-unit check-image check-interop check-fuzz check-kernel check-bench \
check-interop-cache-default: all
	@tests/run $(O) $(@:check-%=%)
check-unit-asan check-image-asan: sanitize
	@tests/run $(O) $(@:check-%=%)
check-tsan: tsan
	@tests/run $(O) tsan

# Fuzz targets: clang + libFuzzer with ASan/UBSan, sources compiled fresh.
FUZZ_SRC := $(wildcard tests/fuzz/fuzz_*.c)
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/%.c=$(O)/fuzz/%)
FUZZ_FLAGS := -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=all -g -O1
fuzz: $(FUZZ_BIN)
$(O)/fuzz/%: tests/fuzz/%.c $(LIB_SRC) $(HDRS)
	@mkdir -p $(dir $@)
	clang $(WARN) $(CPPFLAGS) $(PKG_CFLAGS) $(FUZZ_FLAGS) -o $@ $< $(LIB_SRC) $(PKG_LIBS)

# Sanitizer builds for the test passes of tests/run: ASan+UBSan in
# build-san (layers unit-asan, image-asan), ThreadSanitizer in build-tsan
# (layer tsan). libblkid, libyaml and libaio stay static: not instrumented,
# but the runtimes intercept their allocations and system calls all the same.
# ASan+UBSan by clang: gcc's UBSan ignores log_path, where tests/run finds
# the reports (a report on the stderr of a command expected to fail is lost).
sanitize:
	$(MAKE) O=build-san CC=clang EXTRA_CFLAGS="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer" all
tsan:
	$(MAKE) O=build-tsan EXTRA_CFLAGS="-fsanitize=thread -fno-omit-frame-pointer" all

# Benchmarks side by side with LVM2 (root, loop devices; bench/README).
# QUICK=1: a smoke run of under a minute.
bench: $(O)/lvmgr
	@bench/run.sh --lvmgr $(O)/lvmgr $(if $(filter 1,$(QUICK)),--quick)

demo: $(O)/lvmgr
	@tests/demo.sh $(O)/lvmgr

PREFIX ?= /usr/local
# udev and systemd read their own directories, whatever PREFIX is (Debian's
# lvm2 puts its rules and units there too); the files name $(PREFIX)/sbin/lvmgr.
UDEVRULESDIR ?= /lib/udev/rules.d
SYSTEMDUNITDIR ?= /lib/systemd/system
# bash completion: where bash-completion looks for it
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions
BOOT_FILES := $(UDEVRULESDIR)/69-lvmgr.rules $(SYSTEMDUNITDIR)/lvmgr-activation.service
install: $(O)/lvmgr
	install -D -m 755 $(O)/lvmgr $(DESTDIR)$(PREFIX)/sbin/lvmgr
	for m in man/*.8; do install -D -m 644 $$m $(DESTDIR)$(PREFIX)/share/man/man8/$${m#man/}; done
	for m in man/*.5; do install -D -m 644 $$m $(DESTDIR)$(PREFIX)/share/man/man5/$${m#man/}; done
	mkdir -p $(DESTDIR)$(UDEVRULESDIR) $(DESTDIR)$(SYSTEMDUNITDIR)
	sed 's|@SBINDIR@|$(PREFIX)/sbin|g' conf/69-lvmgr.rules.in >$(DESTDIR)$(UDEVRULESDIR)/69-lvmgr.rules
	sed 's|@SBINDIR@|$(PREFIX)/sbin|g' conf/lvmgr-activation.service.in >$(DESTDIR)$(SYSTEMDUNITDIR)/lvmgr-activation.service
	chmod 644 $(addprefix $(DESTDIR),$(BOOT_FILES))
	install -D -m 644 conf/lvmgr.bash-completion $(DESTDIR)$(BASHCOMPDIR)/lvmgr

# What install and install-links put there (links only if they point to lvmgr).
uninstall:
	for c in $$(ls $(DESTDIR)$(PREFIX)/sbin 2>/dev/null); do \
		if [ "$$(readlink $(DESTDIR)$(PREFIX)/sbin/$$c)" = lvmgr ]; then rm -f $(DESTDIR)$(PREFIX)/sbin/$$c; fi; done
	rm -f $(DESTDIR)$(PREFIX)/sbin/lvmgr $(addprefix $(DESTDIR),$(BOOT_FILES)) $(DESTDIR)$(BASHCOMPDIR)/lvmgr
	for m in man/*.8; do rm -f $(DESTDIR)$(PREFIX)/share/man/man8/$${m#man/}; done
	for m in man/*.5; do rm -f $(DESTDIR)$(PREFIX)/share/man/man5/$${m#man/}; done

# The initramfs: initramfs-tools reads only its own directory, whatever
# PREFIX is; the files name $(PREFIX)/sbin/lvmgr and the udev rule's place.
INITRAMFSTOOLSDIR ?= /usr/share/initramfs-tools
INITRD_FILES := $(INITRAMFSTOOLSDIR)/hooks/lvmgr $(INITRAMFSTOOLSDIR)/scripts/local-top/lvmgr \
	$(INITRAMFSTOOLSDIR)/scripts/local-block/lvmgr
# dracut (Fedora) reads its modules from /usr/lib/dracut/modules.d.
DRACUTMODDIR ?= /usr/lib/dracut/modules.d
DRACUT_FILES := $(addprefix $(DRACUTMODDIR)/90lvmgr/,module-setup.sh lvmgr_scan.sh parse-lvmgr.sh 64-lvmgr.rules)
INITRD_SED := sed -e 's|@SBINDIR@|$(PREFIX)/sbin|g' -e 's|@UDEVRULESDIR@|$(UDEVRULESDIR)|g'
install: install-initrd
uninstall: uninstall-initrd
# Shutdown deactivation: the unit and the script it runs.
LIBEXECDIR ?= $(PREFIX)/lib/lvmgr
SHUTDOWN_FILES := $(SYSTEMDUNITDIR)/lvmgr-shutdown.service $(LIBEXECDIR)/lvmgr-shutdown
install: install-shutdown
uninstall: uninstall-shutdown
install-shutdown:
	mkdir -p $(DESTDIR)$(SYSTEMDUNITDIR) $(DESTDIR)$(LIBEXECDIR)
	sed 's|@LIBEXECDIR@|$(LIBEXECDIR)|g' conf/lvmgr-shutdown.service.in >$(DESTDIR)$(SYSTEMDUNITDIR)/lvmgr-shutdown.service
	sed 's|@SBINDIR@|$(PREFIX)/sbin|g' conf/lvmgr-shutdown.in >$(DESTDIR)$(LIBEXECDIR)/lvmgr-shutdown
	chmod 644 $(DESTDIR)$(SYSTEMDUNITDIR)/lvmgr-shutdown.service
	chmod 755 $(DESTDIR)$(LIBEXECDIR)/lvmgr-shutdown
uninstall-shutdown:
	rm -f $(addprefix $(DESTDIR),$(SHUTDOWN_FILES))
	-rmdir $(DESTDIR)$(LIBEXECDIR) 2>/dev/null
install-initrd:
	for f in $(INITRD_FILES); do mkdir -p $(DESTDIR)$${f%/*} && \
		$(INITRD_SED) conf/initramfs-tools/$${f#$(INITRAMFSTOOLSDIR)/}.in >$(DESTDIR)$$f && \
		chmod 755 $(DESTDIR)$$f || exit 1; done
	mkdir -p $(DESTDIR)$(DRACUTMODDIR)/90lvmgr
	for f in module-setup.sh lvmgr_scan.sh; do $(INITRD_SED) conf/dracut/90lvmgr/$$f.in \
		>$(DESTDIR)$(DRACUTMODDIR)/90lvmgr/$$f || exit 1; done
	install -m 755 conf/dracut/90lvmgr/parse-lvmgr.sh $(DESTDIR)$(DRACUTMODDIR)/90lvmgr/
	install -m 644 conf/dracut/90lvmgr/64-lvmgr.rules $(DESTDIR)$(DRACUTMODDIR)/90lvmgr/
	chmod 755 $(DESTDIR)$(DRACUTMODDIR)/90lvmgr/module-setup.sh $(DESTDIR)$(DRACUTMODDIR)/90lvmgr/lvmgr_scan.sh
uninstall-initrd:
	rm -f $(addprefix $(DESTDIR),$(INITRD_FILES) $(DRACUT_FILES))
	-rmdir $(DESTDIR)$(DRACUTMODDIR)/90lvmgr 2>/dev/null

# Links named like LVM2's commands (optional: both tools can coexist), and
# lvm itself (lvm CMD ..., lvm version).
install-links: install
	for c in $$($(O)/lvmgr --commands) lvm; do ln -sf lvmgr $(DESTDIR)$(PREFIX)/sbin/$$c; done

clean:
	rm -rf $(O) build-san build-tsan
