package tray

import (
	"context"
	"strings"
	"testing"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/cti/phonesim"
)

func TestPhoneSubmenu(t *testing.T) {
	st := online()
	m := BuildMenu(st, "", nil, en)
	if it := mustFind(t, m, "phone.identity"); it.Label != "Model and firmware: Settings → Test connection" || it.Enabled {
		t.Errorf("identity before any test: %+v", it)
	}
	if it := mustFind(t, m, "phone.dnd"); it.Label != "Do Not Disturb" || !it.Enabled || it.Action.Kind != ActDND || !it.Action.On {
		t.Errorf("DND unknown: %+v", it)
	}
	if it := mustFind(t, m, "phone.push"); it.Label != "Instant notifications: off (Settings)" {
		t.Errorf("push: %+v", it)
	}

	on := true
	st.Identity = &cti.PhoneIdentity{Model: "GXP1625", Firmware: "1.0.7.64", MAC: "000B82112233"}
	st.Warnings = []string{"GXP1625 firmware 1.0.7.64 has a publicly known security flaw (CVE-2026-2329)"}
	st.DND, st.PushURL, st.PushCheck = &on, "http://192.168.1.10:8765", "missing"
	m = BuildMenu(st, "", nil, en)
	if it := mustFind(t, m, "phone.identity"); it.Label != "GXP1625, firmware 1.0.7.64, MAC 000B82112233" {
		t.Errorf("identity: %+v", it)
	}
	if it := mustFind(t, m, "phone.warning"); !strings.HasPrefix(it.Label, "⚠ ") || !strings.Contains(it.Label, "CVE-2026-2329") {
		t.Errorf("warning: %+v", it)
	}
	if it := mustFind(t, m, "phone.dnd"); !it.Checked || it.Label != "Do Not Disturb: on (click to switch off)" || it.Action.On {
		t.Errorf("DND on: %+v", it)
	}
	if it := mustFind(t, m, "phone.push"); it.Label != "Instant notifications: the phone's requests do not arrive" {
		t.Errorf("push: %+v", it)
	}
	// The firmware has none.
	st.DND, st.NoDND = nil, true
	if it := mustFind(t, BuildMenu(st, "", nil, en), "phone.dnd"); it.Enabled || !strings.Contains(it.Label, "not offered") {
		t.Errorf("DND not offered: %+v", it)
	}
}

// A click on Do Not Disturb switches it on the phone (challenge firmware,
// through the web session) and the item follows; the phone's own key is
// seen through its DND Action URL once instant notifications are set up.
func TestMenuSwitchesDND(t *testing.T) {
	r := newPhoneRigWith(t, "en", phonesim.Options{WebFamily: phonesim.WebChallenge})
	m := startMenu(t, r.svc)
	m.wait(t, "online", func(s map[string]shownItem) bool { return s["phone.dnd"].enabled })
	m.click(t, "phone.dnd")
	waitPhone(t, r.phone, "DND on", func() bool { return r.phone.Audio().DND })
	m.waitLabel(t, "phone.dnd", "Do Not Disturb: on (click to switch off)")
	m.click(t, "phone.dnd")
	waitPhone(t, r.phone, "DND off", func() bool { return !r.phone.Audio().DND })
	m.waitLabel(t, "phone.dnd", "Do Not Disturb: off (click to switch on)")
	if r.phone.WebSessions() != 0 {
		t.Fatal("a web session stayed open")
	}
}

// On firmware without DND the click says so, and nothing else happens.
func TestMenuDNDOnFirmwareWithout(t *testing.T) {
	r := newPhoneRigWith(t, "en", phonesim.Options{})
	m := startMenu(t, r.svc)
	m.wait(t, "online", func(s map[string]shownItem) bool { return s["phone.dnd"].enabled })
	m.click(t, "phone.dnd")
	said := <-m.said
	if !strings.Contains(said, "does not let GXP Tray switch Do Not Disturb") || r.phone.Audio().DND {
		t.Fatalf("said %q", said)
	}
	if st := r.svc.State(context.Background()); st.DND != nil || !st.NoDND {
		t.Fatalf("DND state %v, none %v after a refusal", st.DND, st.NoDND)
	}
	m.waitLabel(t, "phone.dnd", "Do Not Disturb: not offered by this firmware")
}
