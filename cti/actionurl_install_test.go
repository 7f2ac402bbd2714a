package cti_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/cti/phonesim"
	"github.com/gxptray/gxptray/cti/testkit"
)

const installToken = "Tok3n-for-install-tests"

// pushSink is a real push listener on loopback; events arrive on its channel.
func pushSink(t *testing.T) (base string, events <-chan cti.PushEvent) {
	t.Helper()
	ch := make(chan cti.PushEvent, 32)
	pl, err := cti.NewPushListener(cti.PushConfig{Token: installToken, OnPush: func(e cti.PushEvent) { ch <- e }})
	if err != nil {
		t.Fatal(err)
	}
	ln := testkit.Listen(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { _ = pl.Serve(ctx, ln); close(done) }()
	t.Cleanup(func() { cancel(); <-done })
	return "http://" + ln.Addr().String(), ch
}

func install(t *testing.T, c *cti.Client, fields []cti.ActionURLField, replace bool) (cti.ActionURLReport, error) {
	t.Helper()
	ctx := clSimCtx(t)
	var rep cti.ActionURLReport
	err := c.WithSession(ctx, cti.SessionOptions{}, func(s *cti.Session) error {
		var err error
		rep, err = s.InstallActionURLs(ctx, fields, installToken, replace)
		return err
	})
	return rep, err
}

func states(rep cti.ActionURLReport) map[string]cti.SlotState {
	m := map[string]cti.SlotState{}
	for _, s := range rep.Slots {
		m[s.PValue] = s.State
	}
	return m
}

var sevenPValues = []string{"P8310", "P8311", "P8312", "P8313", "P8314", "P8324", "P8325"}

func TestInstallActionURLsThenRingPushes(t *testing.T) {
	forEachFamily(t, func(t *testing.T, fam phonesim.WebFamily) {
		base, events := pushSink(t)
		p, c := newClSimClient(t, phonesim.Options{WebFamily: fam}, nil)
		p.SetValue("P8316", "http://crm.example/dnd") // not one of ours: untouched throughout
		fields := cti.ActionURLFields(base, installToken)
		rep, err := install(t, c, fields, false)
		if err != nil {
			t.Fatal(err)
		}
		if rep.Count(cti.SlotInstalled) != 7 || !rep.Complete() {
			t.Fatalf("report %v", states(rep))
		}
		for i, pv := range sevenPValues {
			if got := p.Value(pv); got != fields[i].URL {
				t.Fatalf("%s = %q, want %q", pv, got, fields[i].URL)
			}
		}
		if _, err := p.Ring("+74951234567", "Анна Смирнова"); err != nil {
			t.Fatal(err)
		}
		ev := <-events
		if ev.Event != cti.PushIncoming || ev.Remote != "+74951234567" {
			t.Fatalf("push %+v", ev)
		}
		// Installing again changes nothing.
		rep, err = install(t, c, fields, false)
		if err != nil || rep.Count(cti.SlotUnchanged) != 7 {
			t.Fatalf("second install: %v %v", states(rep), err)
		}
		// Uninstall removes ours only.
		ctx := clSimCtx(t)
		err = c.WithSession(ctx, cti.SessionOptions{}, func(s *cti.Session) error {
			rep, err = s.UninstallActionURLs(ctx, installToken)
			return err
		})
		if err != nil || rep.Count(cti.SlotRemoved) != 7 {
			t.Fatalf("uninstall: %v %v", states(rep), err)
		}
		for _, pv := range sevenPValues {
			if got := p.Value(pv); got != "" {
				t.Fatalf("%s = %q after uninstall", pv, got)
			}
		}
		if got := p.Value("P8316"); got != "http://crm.example/dnd" {
			t.Fatalf("someone else's P8316 became %q", got)
		}
	})
}

func TestInstallLeavesForeignFieldsUnlessReplace(t *testing.T) {
	p, c := newClSimClient(t, phonesim.Options{}, nil)
	crm := "http://crm.example/missed?n=$remote"
	old := "http://10.0.0.9:8765/" + installToken + "/incoming?remote=$remote" // ours, from another address
	p.SetValue("P8312", crm)
	p.SetValue("P8310", old)
	fields := cti.ActionURLFields("http://192.168.1.10:8765", installToken)
	rep, err := install(t, c, fields, false)
	if err != nil {
		t.Fatal(err)
	}
	st := states(rep)
	if st["P8312"] != cti.SlotForeign || st["P8310"] != cti.SlotInstalled || rep.Count(cti.SlotInstalled) != 6 {
		t.Fatalf("states %v", st)
	}
	if p.Value("P8312") != crm || p.Value("P8310") != fields[0].URL {
		t.Fatalf("P8312 %q, P8310 %q", p.Value("P8312"), p.Value("P8310"))
	}
	for _, sl := range rep.Slots {
		if sl.PValue == "P8312" && sl.Before != crm {
			t.Fatalf("the foreign value is not shown: %+v", sl)
		}
	}
	// Uninstall leaves it too.
	ctx := clSimCtx(t)
	_ = c.WithSession(ctx, cti.SessionOptions{}, func(s *cti.Session) error {
		rep, err = s.UninstallActionURLs(ctx, installToken)
		return err
	})
	if err != nil || states(rep)["P8312"] != cti.SlotForeign || p.Value("P8312") != crm {
		t.Fatalf("uninstall: %v %v, P8312 %q", states(rep), err, p.Value("P8312"))
	}
	// With replace, it is replaced.
	rep, err = install(t, c, fields, true)
	if err != nil || states(rep)["P8312"] != cti.SlotReplaced || p.Value("P8312") != fields[2].URL {
		t.Fatalf("replace: %v %v", states(rep), err)
	}
}

// A phone that answers success and keeps the old values: every field is
// reported not kept, on the challenge family after config_update too.
func TestInstallPhoneKeepsOldValue(t *testing.T) {
	forEachFamily(t, func(t *testing.T, fam phonesim.WebFamily) {
		p, c := newClSimClient(t, phonesim.Options{WebFamily: fam}, nil)
		p.SetIgnoreWrites(true)
		rep, err := install(t, c, cti.ActionURLFields("http://192.168.1.10:8765", installToken), false)
		if !errors.Is(err, cti.ErrActionURLNotKept) || rep.Count(cti.SlotIgnored) != 7 || rep.Complete() {
			t.Fatalf("err %v, states %v", err, states(rep))
		}
		for _, sl := range rep.Slots {
			if sl.After != "" {
				t.Fatalf("%s read back as %q", sl.PValue, sl.After)
			}
		}
		want := map[phonesim.WebFamily]int{phonesim.WebPlain: 0, phonesim.WebChallenge: 7}[fam]
		if n := countFn(p, "config_update"); n != want {
			t.Fatalf("%d config_update, want %d (one retry per field, no more)", n, want)
		}
	})
}

func TestInstallOverLengthLimitWritesNothing(t *testing.T) {
	p, c := newClSimClient(t, phonesim.Options{}, nil)
	host := "http://" + strings.Repeat("a", 63) + "." + strings.Repeat("b", 63) + "." + strings.Repeat("c", 63) + ".example:8765"
	rep, err := install(t, c, cti.ActionURLFields(host, installToken), false)
	var tl *cti.ValueTooLongError
	if !errors.As(err, &tl) || tl.Key != "P8310" || len(rep.Slots) != 0 {
		t.Fatalf("err = %v", err)
	}
	if countFn(p, "api.values.post") != 0 {
		t.Fatal("something was written")
	}
}

func TestInstallResumesAfterSessionExpiry(t *testing.T) {
	forEachFamily(t, func(t *testing.T, fam phonesim.WebFamily) {
		p, c := newClSimClient(t, phonesim.Options{WebFamily: fam}, nil)
		p.ExpireSessionsAfterWrites(3, "")
		fields := cti.ActionURLFields("http://192.168.1.10:8765", installToken)
		rep, err := install(t, c, fields, false)
		if err != nil || rep.Count(cti.SlotInstalled) != 7 {
			t.Fatalf("err %v, states %v", err, states(rep))
		}
		for i, pv := range sevenPValues {
			if p.Value(pv) != fields[i].URL {
				t.Fatalf("%s not written", pv)
			}
		}
		if n := countFn(p, "dologin"); n != 2 {
			t.Fatalf("%d logins, want 2 (one renewal)", n)
		}
	})
}

func TestInstallExpiryThenWrongPasswordSaysWhatIsWritten(t *testing.T) {
	p, c := newClSimClient(t, phonesim.Options{}, func(cfg *cti.Config) { cfg.Rejections = &cti.Rejections{} })
	p.ExpireSessionsAfterWrites(3, "changed-meanwhile")
	rep, err := install(t, c, cti.ActionURLFields("http://192.168.1.10:8765", installToken), false)
	var ae *cti.AuthError
	if !errors.As(err, &ae) || ae.TriesLeft != 4 {
		t.Fatalf("err = %v, want the rejected password with 4 tries left", err)
	}
	if !strings.Contains(err.Error(), "3 of 7 Action URL fields written, P8313 not") {
		t.Fatalf("message %q does not say what was written", err)
	}
	st := states(rep)
	if rep.Count(cti.SlotInstalled) != 3 || rep.Count(cti.SlotNotWritten) != 4 || st["P8313"] != cti.SlotNotWritten {
		t.Fatalf("states %v", st)
	}
	if n := countFn(p, "dologin"); n != 2 || p.FailedLogins() != 1 {
		t.Fatalf("%d logins, %d failed: want 2 and exactly 1", n, p.FailedLogins())
	}
}

// Newer firmware whose api.values.post keeps the old values: the fields go
// out again through config_update, and the phone keeps them then.
func TestInstallFallsBackToConfigUpdate(t *testing.T) {
	p, c := newClSimClient(t, phonesim.Options{WebFamily: phonesim.WebChallenge}, nil)
	p.SetIgnoreValuesPost(true)
	fields := cti.ActionURLFields("http://192.168.1.10:8765", installToken)
	rep, err := install(t, c, fields, false)
	if err != nil || rep.Count(cti.SlotInstalled) != 7 {
		t.Fatalf("err %v, states %v", err, states(rep))
	}
	if p.Value("P8310") != fields[0].URL || countFn(p, "config_update") != 7 {
		t.Fatalf("P8310 %q, %d config_update", p.Value("P8310"), countFn(p, "config_update"))
	}
	// The plain family has no config_update: the fields stay reported as not kept.
	p2, c2 := newClSimClient(t, phonesim.Options{}, nil)
	p2.SetIgnoreValuesPost(true)
	if _, err := install(t, c2, fields, false); !errors.Is(err, cti.ErrActionURLNotKept) || countFn(p2, "config_update") != 0 {
		t.Fatalf("plain family: %v", err)
	}
}

// A session that ends again after its one renewal (someone keeps logging in
// with the same account): the install stops, and both the report and the
// error say which fields were written and which not; nothing claims done.
func TestInstallSessionEndsTwiceSaysWhatIsWritten(t *testing.T) {
	forEachFamily(t, func(t *testing.T, fam phonesim.WebFamily) {
		p, c := newClSimClient(t, phonesim.Options{WebFamily: fam}, nil)
		p.ExpireSessionsEveryWrites(3)
		fields := cti.ActionURLFields("http://192.168.1.10:8765", installToken)
		rep, err := install(t, c, fields, false)
		var se *cti.SessionError
		if !errors.As(err, &se) || se.Reason != cti.SessionExpired {
			t.Fatalf("err = %v, want the ended session", err)
		}
		if !strings.Contains(err.Error(), "6 of 7 Action URL fields written, P8325 not") ||
			!strings.Contains(err.Error(), "(those written could not be read back)") {
			t.Fatalf("message %q does not say what was written", err)
		}
		if rep.Complete() || rep.Count(cti.SlotNotWritten) != 1 || states(rep)["P8325"] != cti.SlotNotWritten {
			t.Fatalf("states %v", states(rep))
		}
		for i, pv := range sevenPValues[:6] {
			if p.Value(pv) != fields[i].URL {
				t.Fatalf("%s = %q, reported written", pv, p.Value(pv))
			}
		}
		if p.Value("P8325") != "" {
			t.Fatalf("P8325 = %q, reported not written", p.Value("P8325"))
		}
		if n := countFn(p, "dologin"); n != 2 || p.FailedLogins() != 0 {
			t.Fatalf("%d logins, %d failed: want 2 (one renewal) and 0", n, p.FailedLogins())
		}
		// Run again once the phone is left alone: it finishes the rest.
		p.ExpireSessionsEveryWrites(0)
		rep, err = install(t, c, fields, false)
		if err != nil || rep.Count(cti.SlotUnchanged) != 6 || states(rep)["P8325"] != cti.SlotInstalled || p.Value("P8325") != fields[6].URL {
			t.Fatalf("second run: %v %v", err, states(rep))
		}
	})
}

// Uninstall on a phone that answers success and keeps the values: the
// report says so field by field, with what is still there.
func TestUninstallPhoneKeepsOldValue(t *testing.T) {
	p, c := newClSimClient(t, phonesim.Options{}, nil)
	fields := cti.ActionURLFields("http://192.168.1.10:8765", installToken)
	if _, err := install(t, c, fields, false); err != nil {
		t.Fatal(err)
	}
	p.SetIgnoreWrites(true)
	ctx := clSimCtx(t)
	var rep cti.ActionURLReport
	err := c.WithSession(ctx, cti.SessionOptions{}, func(s *cti.Session) error {
		var err error
		rep, err = s.UninstallActionURLs(ctx, installToken)
		return err
	})
	if !errors.Is(err, cti.ErrActionURLNotKept) || rep.Count(cti.SlotIgnored) != 7 || rep.Complete() {
		t.Fatalf("err %v, states %v", err, states(rep))
	}
	for i, sl := range rep.Slots[:7] {
		if sl.After != fields[i].URL {
			t.Fatalf("%s read back as %q, want the URL still there", sl.PValue, sl.After)
		}
	}
}

// The limit is the phone's: a URL of exactly MaxValueLen characters is
// written and kept, one character more is refused before anything is sent.
func TestInstallAtTheLengthLimit(t *testing.T) {
	longest := func(fields []cti.ActionURLField) int {
		n := 0
		for _, f := range fields {
			n = max(n, len(f.URL))
		}
		return n
	}
	base := "http://pc.example:8765"
	pad := cti.MaxValueLen - longest(cti.ActionURLFields(base, installToken))
	host := "http://" + strings.Repeat("h", pad+len("pc.example")) + ":8765"
	fields := cti.ActionURLFields(host, installToken)
	if longest(fields) != cti.MaxValueLen {
		t.Fatalf("test setup: longest URL %d", longest(fields))
	}
	p, c := newClSimClient(t, phonesim.Options{}, nil)
	rep, err := install(t, c, fields, false)
	if err != nil || rep.Count(cti.SlotInstalled) != 7 {
		t.Fatalf("at the limit: %v %v", err, states(rep))
	}
	_, err = install(t, c, cti.ActionURLFields("http://h"+host[len("http://"):], installToken), false)
	var tl *cti.ValueTooLongError
	if !errors.As(err, &tl) || tl.Len != cti.MaxValueLen+1 || !errors.Is(err, cti.ErrInvalidConfig) {
		t.Fatalf("one over: %v", err)
	}
	if !strings.Contains(err.Error(), "keeps at most 256") {
		t.Fatalf("message %q", err)
	}
	if p.Value("P8310") != fields[0].URL {
		t.Fatalf("P8310 = %q after the refused install", p.Value("P8310"))
	}
}
