package assets

import (
	"bytes"
	"crypto/sha256"
	"image/png"
	"testing"
)

func TestIconsDecodeWithTheirSizes(t *testing.T) {
	seen := map[[32]byte]string{}
	for _, name := range Names() {
		data := Icon(name)
		if data == nil {
			t.Fatalf("Icon(%q) = nil", name)
		}
		img, err := png.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		want := 64
		if name == AppIcon {
			want = 256
		}
		if b := img.Bounds(); b.Dx() != want || b.Dy() != want {
			t.Errorf("%s is %dx%d, want %dx%d", name, b.Dx(), b.Dy(), want, want)
		}
		sum := sha256.Sum256(data)
		if other, dup := seen[sum]; dup {
			t.Errorf("%s and %s are the same picture", name, other)
		}
		seen[sum] = name
	}
}

func TestIconByFileNameAndUnknown(t *testing.T) {
	if !bytes.Equal(Icon("tray-idle.png"), Icon(TrayIdle)) {
		t.Error(`Icon("tray-idle.png") differs from Icon("tray-idle")`)
	}
	for _, bad := range []string{"", "nope", "../go.mod", "assets.go"} {
		if Icon(bad) != nil {
			t.Errorf("Icon(%q) returned data", bad)
		}
	}
}
