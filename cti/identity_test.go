package cti_test

import (
	"testing"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/cti/phonesim"
)

func TestIdentityBothFamilies(t *testing.T) {
	forEachFamily(t, func(t *testing.T, fam phonesim.WebFamily) {
		p, c := newClSimClient(t, phonesim.Options{WebFamily: fam,
			Identity: phonesim.Identity{Product: "GXP1625", ProgramVersion: "1.0.7.64", MAC: "000B82112233"}}, nil)
		id, err := c.Identity(clSimCtx(t), cti.SessionOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if id.Model != "GXP1625" || id.Firmware != "1.0.7.64" || id.MAC != "000B82112233" || id.Name != "Office" ||
			len(id.UserIDs) != 2 || id.UserIDs[1] != "2002" || len(id.Accounts) != 2 || id.Accounts[1].Name != "Support" {
			t.Fatalf("identity %+v", id)
		}
		adv := id.Advisories()
		if len(adv) != 1 || adv[0].ID != "CVE-2026-2329" || adv[0].FixedIn != "1.0.7.81" {
			t.Fatalf("advisories %+v", adv)
		}
		if p.WebSessions() != 0 {
			t.Fatal("the identity read left a session open")
		}
	})
}

func TestAdvisories(t *testing.T) {
	cases := []struct {
		model, fw string
		warn      bool
	}{
		{"GXP1625", "1.0.7.80", true},
		{"GXP1628", "1.0.4.138", true},
		{"GXP1610", "1.0.7.81", false},
		{"GXP1610", "1.0.7.100", false},
		{"GXP1610", "1.0.8.1", false},
		{"GXP2170", "1.0.7.1", false},
		{"GXP1625", "", false},
		{"", "1.0.1.1", false},
	}
	for _, tc := range cases {
		got := len(cti.PhoneIdentity{Model: tc.model, Firmware: tc.fw}.Advisories()) > 0
		if got != tc.warn {
			t.Errorf("%s %s: warning %v, want %v", tc.model, tc.fw, got, tc.warn)
		}
	}
}
