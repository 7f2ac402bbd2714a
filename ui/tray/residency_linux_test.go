package tray

import (
	"os"
	"testing"
)

func TestProgramMappingsAreTheProgramsReadOnlyOnes(t *testing.T) {
	maps := []byte(`00400000-00402000 r--p 00000000 fe:00 9986461                            /opt/gxp tray/gxptray
00402000-00a52000 r-xp 00002000 fe:00 9986461                            /opt/gxp tray/gxptray
00a52000-012c7000 r--p 00652000 fe:00 9986461                            /opt/gxp tray/gxptray
012c8000-03270000 rw-p 00ec7000 fe:00 9986461                            /opt/gxp tray/gxptray
03270000-052b5000 rw-p 00000000 00:00 0
7f85b868a000-7f85b87e0000 r-xp 00026000 fe:00 326269                     /usr/lib/x86_64-linux-gnu/libc.so.6
7f85b87e0000-7f85b8833000 r--p 0017c000 fe:00 326269                     /opt/gxp tray/gxptray-other
`)
	got := programMappings(maps, "/opt/gxp tray/gxptray")
	want := []mapping{{0x400000, 0x402000}, {0x402000, 0xa52000}, {0xa52000, 0x12c7000}}
	if len(got) != len(want) {
		t.Fatalf("mappings %x, want %x", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("mapping %d = %x, want %x", i, got[i], want[i])
		}
	}
}

// The test binary's own pages: handed back without an error, and the
// process runs on (the pages fault in again).
func TestPageOutProgram(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	maps, err := os.ReadFile("/proc/self/maps")
	if err != nil {
		t.Fatal(err)
	}
	if len(programMappings(maps, exe)) == 0 {
		t.Fatalf("no mapping of %s in /proc/self/maps", exe)
	}
	n, err := pageOutProgram()
	if err != nil || n == 0 {
		t.Fatalf("pageOutProgram = %d, %v", n, err)
	}
	if residentKiB() <= 0 {
		t.Error("no resident size after the page-out")
	}
}
