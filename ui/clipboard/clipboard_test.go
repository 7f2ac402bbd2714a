package clipboard

import (
	"context"
	"errors"
	"strings"
	"testing"
)

func TestTextCleaning(t *testing.T) {
	if got := cleanText([]byte("Иван +7 495\xff")); got != "Иван +7 495\uFFFD" {
		t.Errorf("cleanText = %q", got)
	}
	if got := latin1([]byte{'c', 'a', 'f', 0xe9}); got != "café" {
		t.Errorf("latin1 = %q", got)
	}
	var got []string
	c := changes{fn: func(s string) { got = append(got, s) }}
	for _, s := range []string{"", "", "101", "101", "", "102"} {
		c.offer(s)
	}
	if strings.Join(got, "|") != "|101||102" {
		t.Errorf("delivered %q", got)
	}
}

func TestReadWithoutAnyDisplay(t *testing.T) {
	t.Setenv("DISPLAY", "")
	t.Setenv("WAYLAND_DISPLAY", "")
	if _, err := Read(context.Background()); !errors.Is(err, ErrUnavailable) {
		t.Errorf("Read = %v, want ErrUnavailable", err)
	}
	if err := Watch(context.Background(), func(string) { t.Error("fn called") }); !errors.Is(err, ErrUnavailable) {
		t.Errorf("Watch = %v, want ErrUnavailable", err)
	}
}
