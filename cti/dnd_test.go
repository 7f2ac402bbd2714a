package cti_test

import (
	"errors"
	"testing"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/cti/phonesim"
)

func TestDNDOnChallengeFirmware(t *testing.T) {
	p, c := newClSimClient(t, phonesim.Options{WebFamily: phonesim.WebChallenge}, nil)
	ctx := clSimCtx(t)
	if err := c.SetDND(ctx, cti.SessionOptions{}, true); err != nil {
		t.Fatal(err)
	}
	if !p.Audio().DND {
		t.Fatal("DND not switched on at the phone")
	}
	p.SetDND(false) // on the phone itself
	on, err := c.DND(ctx, cti.SessionOptions{})
	if err != nil || on {
		t.Fatalf("DND = %v, %v; want off", on, err)
	}
	p.SetIgnoreWrites(true)
	if err := c.SetDND(ctx, cti.SessionOptions{}, true); !errors.Is(err, cti.ErrNotKept) {
		t.Fatalf("ignored write: %v", err)
	}
	if p.WebSessions() != 0 {
		t.Fatal("session left open")
	}
}

func TestDNDMissingOnPlainFirmware(t *testing.T) {
	p, c := newClSimClient(t, phonesim.Options{}, nil)
	err := c.SetDND(clSimCtx(t), cti.SessionOptions{}, true)
	if !errors.Is(err, cti.ErrNotSupported) || p.Audio().DND {
		t.Fatalf("err = %v", err)
	}
}
