package service

import (
	"strings"
	"testing"
	"time"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/cti/phonesim"
	"github.com/gxptray/gxptray/notify"
	"github.com/gxptray/gxptray/ui/localapi"
	"github.com/gxptray/gxptray/ui/settings"
)

// pushHarness is a started harness, online, whose push listener is on.
func pushHarness(t *testing.T, o hopts) *harness {
	t.Helper()
	o.push = true
	h := newHarness(t, o)
	h.online()
	h.waitState("push on", func(s localapi.State) bool { return s.PushURL != "" })
	return h
}

// Install from the tray process, then a ring: the push arrives and the tray says so.
func TestServiceInstallActionURLsChecksPushes(t *testing.T) {
	h := pushHarness(t, hopts{simOpts: phonesim.Options{WebFamily: phonesim.WebChallenge,
		Identity: phonesim.Identity{Product: "GXP2170", ProgramVersion: "1.0.11.79"}}})
	plan := h.svc.PlanActionURLs(h.ctx(), false)
	if !plan.OK || len(plan.Slots) != 9 || plan.Slots[8].PValue != "P8317" || plan.Slots[0].Words != "will be written" || h.phone.Value("P8310") != "" {
		t.Fatalf("plan %+v", plan)
	}
	res := h.svc.InstallActionURLs(h.ctx(), false)
	if !res.OK || len(res.Slots) != 9 || res.Slots[0].State != cti.SlotInstalled || res.Slots[0].Words != "written" {
		t.Fatalf("install %+v", res)
	}
	st := h.waitState("waiting for a push", func(s localapi.State) bool { return s.PushCheck == pushWaiting })
	if st.Identity == nil || st.Identity.Model != "GXP2170" || st.DND == nil || *st.DND {
		t.Fatalf("identity %+v, dnd %v", st.Identity, st.DND)
	}
	if h.phone.WebSessions() != 0 || h.phone.WebLogins() != 2 {
		t.Fatalf("%d sessions open, %d logins (plan + install)", h.phone.WebSessions(), h.phone.WebLogins())
	}
	h.ring("203", "Виталик")
	h.waitState("push arriving", func(s localapi.State) bool { return s.PushCheck == pushArriving })
	h.waitShown("push works", func(s notify.Shown) bool {
		return strings.Contains(s.Notification.Body, "Instant notifications work")
	})

	// DND switched on the phone itself: its push keeps the tray's state true.
	h.phone.SetDND(true)
	h.waitState("dnd from the phone", func(s localapi.State) bool { return s.DND != nil && *s.DND })

	res = h.svc.UninstallActionURLs(h.ctx())
	if !res.OK || res.Slots[0].State != cti.SlotRemoved || h.phone.Value("P8310") != "" {
		t.Fatalf("uninstall %+v", res)
	}
}

func TestServicePushMissingAfterInstall(t *testing.T) {
	h := pushHarness(t, hopts{})
	if res := h.svc.InstallActionURLs(h.ctx(), false); !res.OK {
		t.Fatalf("install %+v", res)
	}
	h.svc.mu.Lock()
	h.svc.cfg.Tuning.PushGrace = 50 * time.Millisecond
	h.svc.mu.Unlock()
	h.phone.SetValue("P8310", "") // someone emptied the field on the phone
	h.ring("203", "")
	h.waitState("push missing", func(s localapi.State) bool { return s.PushCheck == pushMissing })
	h.waitShown("push missing", func(s notify.Shown) bool { return strings.Contains(s.Notification.Body, "did not arrive") })
}

func TestServiceInstallWrongPasswordOnce(t *testing.T) {
	h := pushHarness(t, hopts{simOpts: phonesim.Options{WebFamily: phonesim.WebChallenge}})
	h.phone.SetPasscode("changed-on-the-phone") // CTI keeps working until the next poll
	res := h.svc.InstallActionURLs(h.ctx(), false)
	if res.OK || !strings.Contains(res.Hint, "attempts left before the phone locks the account") {
		t.Fatalf("result %+v", res)
	}
	res = h.svc.InstallActionURLs(h.ctx(), false)
	if res.OK || res.Problem == "" {
		t.Fatalf("second result %+v", res)
	}
	if n := h.phone.WebLogins(); n != 1 {
		t.Fatalf("%d login attempts, want exactly 1", n)
	}
}

func TestServiceDND(t *testing.T) {
	h := pushHarness(t, hopts{simOpts: phonesim.Options{WebFamily: phonesim.WebChallenge}})
	if r := h.svc.SetDND(h.ctx(), true); !r.OK || !r.On || !h.phone.Audio().DND {
		t.Fatalf("SetDND %+v", r)
	}
	h.waitState("dnd on", func(s localapi.State) bool { return s.DND != nil && *s.DND })
	h2 := pushHarness(t, hopts{})
	if r := h2.svc.SetDND(h2.ctx(), true); r.OK || !strings.Contains(r.Problem, "Do Not Disturb") {
		t.Fatalf("plain firmware: %+v", r)
	}
}

func TestServiceConnectionTestShowsIdentity(t *testing.T) {
	h := newHarness(t, hopts{simOpts: phonesim.Options{Identity: phonesim.Identity{Product: "GXP1625", ProgramVersion: "1.0.7.64", MAC: "000B82112233"}}})
	h.online()
	res, err := h.svc.TestConnection(h.ctx(), localapi.TestRequest{})
	if err != nil || !res.OK {
		t.Fatalf("test %+v, %v", res, err)
	}
	if res.Identity == nil || res.Identity.Model != "GXP1625" || res.Identity.MAC != "000B82112233" || len(res.Identity.Accounts) != 2 {
		t.Fatalf("identity %+v", res.Identity)
	}
	if len(res.Warnings) != 1 || !strings.Contains(res.Warnings[0], "CVE-2026-2329") {
		t.Fatalf("warnings %v", res.Warnings)
	}
	st := h.waitState("identity kept", func(s localapi.State) bool { return s.Identity != nil })
	if len(st.Warnings) != 1 || h.phone.WebSessions() != 0 {
		t.Fatalf("state warnings %v, %d sessions open", st.Warnings, h.phone.WebSessions())
	}
	if st.DND != nil || !st.NoDND {
		t.Fatalf("plain firmware: DND %v, none %v", st.DND, st.NoDND)
	}
}

func TestServiceConnectionTestWithoutWebSession(t *testing.T) {
	h := newHarness(t, hopts{simOpts: phonesim.Options{WebFamily: phonesim.WebNone}})
	h.online()
	res, err := h.svc.TestConnection(h.ctx(), localapi.TestRequest{})
	if err != nil || !res.OK || res.Identity != nil || !strings.Contains(res.IdentityProblem, "no web session") {
		t.Fatalf("test %+v, %v", res, err)
	}
}

// The identity read by a connection test is there again after a restart,
// warning included, without a login; another phone does not get it.
func TestServiceKeepsIdentityAcrossRestarts(t *testing.T) {
	h := newHarness(t, hopts{simOpts: phonesim.Options{Identity: phonesim.Identity{Product: "GXP1625", ProgramVersion: "1.0.7.64"}}})
	h.online()
	if res, err := h.svc.TestConnection(h.ctx(), localapi.TestRequest{}); err != nil || res.Identity == nil {
		t.Fatalf("test %+v, %v", res, err)
	}
	h.stop()
	logins := h.phone.WebLogins()
	again, err := New(Config{Paths: h.paths, Secrets: h.secrets})
	if err != nil {
		t.Fatal(err)
	}
	st := again.State(h.ctx())
	if st.Identity == nil || st.Identity.Model != "GXP1625" || len(st.Warnings) != 1 || h.phone.WebLogins() != logins {
		t.Fatalf("after a restart: identity %+v, warnings %v, %d new logins", st.Identity, st.Warnings, h.phone.WebLogins()-logins)
	}
	set, _, err := settings.Load(h.paths.ConfigFile)
	if err != nil {
		t.Fatal(err)
	}
	set.Phone = "http://192.0.2.99"
	h.saveSettings(set)
	other, err := New(Config{Paths: h.paths, Secrets: h.secrets})
	if err != nil {
		t.Fatal(err)
	}
	if st := other.State(h.ctx()); st.Identity != nil || len(st.Warnings) != 0 {
		t.Fatalf("another phone got the identity: %+v", st.Identity)
	}
}
