package cti

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
)

// clGRPOnly answers make_call like GRP firmware: the passcode= form works,
// the GXP password= form is an "Invalid Request".
func clGRPOnly(w http.ResponseWriter, r *http.Request) {
	if r.URL.Query().Has("password") {
		_, _ = w.Write([]byte(replyInvalidReq))
		return
	}
	_, _ = w.Write([]byte(replyTrue))
}

func TestDialAutoMakeCall(t *testing.T) {
	p := newClFakePhone(t, map[string]clReply{fnMakeCall: {body: replyTrue}, fnSendKey: {body: replyComplete}})
	c := newClTestClient(t, p.srv.URL, func(cfg *Config) { cfg.Account = 2 })
	ctx := context.Background()
	res, err := c.Dial(ctx, dialable(t, "+74951234567"))
	if err != nil || res.Method != DialMakeCall || res.Keys != nil {
		t.Fatalf("Dial = %+v, %v", res, err)
	}
	if c.DialMethodInUse() != DialMakeCall {
		t.Errorf("learned %q", c.DialMethodInUse())
	}
	if _, err := c.Dial(ctx, dialable(t, "203")); err != nil {
		t.Fatal(err)
	}
	reqs := p.requests(fnMakeCall)
	if len(reqs) != 2 {
		t.Fatalf("make_call requests: %+v", reqs)
	}
	// GXP form first: password=, account 2 -> 1.
	if reqs[0].RawQuery != "phonenumber=%2B74951234567&account=1&password=admin" {
		t.Errorf("first request %q", reqs[0].RawQuery)
	}
	if q := reqs[1].Query; q.Get("phonenumber") != "203" || q.Get("password") != "admin" {
		t.Errorf("second request %v", q)
	}
	if n := len(p.requests(fnSendKey)); n != 0 {
		t.Errorf("%d send_key requests", n)
	}
}

func TestDialAutoGRPForm(t *testing.T) {
	p := newClFakePhone(t, map[string]clReply{fnMakeCall: {handler: clGRPOnly}})
	c := newClTestClient(t, p.srv.URL, nil)
	ctx := context.Background()
	for _, n := range []string{"203", "204"} {
		if res, err := c.Dial(ctx, dialable(t, n)); err != nil || res.Method != DialMakeCall {
			t.Fatalf("Dial(%s) = %+v, %v", n, res, err)
		}
	}
	reqs := p.requests(fnMakeCall)
	var forms []string
	for _, r := range reqs {
		if r.Query.Has("password") {
			forms = append(forms, "GXP")
		} else {
			forms = append(forms, "GRP:"+r.RawQuery)
		}
	}
	want := []string{"GXP", "GRP:passcode=admin&phonenumber=203", "GRP:passcode=admin&phonenumber=204"}
	if !slices.Equal(forms, want) {
		t.Errorf("forms tried %q, want %q (second Dial straight to GRP)", forms, want)
	}
}

func TestDialFallbackToKeys(t *testing.T) {
	p := newClFakePhone(t, map[string]clReply{fnMakeCall: {body: replyInvalidReq}, fnSendKey: {body: replyComplete}})
	c := newClTestClient(t, p.srv.URL, nil)
	ctx := context.Background()
	res, err := c.Dial(ctx, dialable(t, "203"))
	if err != nil {
		t.Fatal(err)
	}
	if res.Method != DialKeys || !slices.Equal(res.Keys, []string{"2", "0", "3", "SEND"}) {
		t.Errorf("result %+v", res)
	}
	if n := len(p.requests(fnMakeCall)); n != 2 {
		t.Errorf("make_call tried %d times, want both forms once", n)
	}
	if c.DialMethodInUse() != DialKeys {
		t.Errorf("learned %q", c.DialMethodInUse())
	}
	res, err = c.Dial(ctx, dialable(t, "*72#"))
	if err != nil || !slices.Equal(res.Keys, []string{"STAR", "7", "2", "POUND", "SEND"}) {
		t.Fatalf("second Dial = %+v, %v", res, err)
	}
	if n := len(p.requests(fnMakeCall)); n != 2 {
		t.Errorf("second Dial tried make_call again (%d requests)", n)
	}
	keys := p.requests(fnSendKey)
	if len(keys) != 2 || keys[0].RawQuery != "passcode=admin&keys=2:0:3:SEND" || keys[1].Query.Get("keys") != "STAR:7:2:POUND:SEND" {
		t.Errorf("send_key requests %+v", keys)
	}
	// 404 (no make_call at all) falls back as well.
	p2 := newClFakePhone(t, map[string]clReply{fnSendKey: {body: replyComplete}})
	c2 := newClTestClient(t, p2.srv.URL, nil)
	if res, err := c2.Dial(ctx, dialable(t, "100")); err != nil || res.Method != DialKeys {
		t.Errorf("404: %+v, %v", res, err)
	}
}

func TestDialNoFallback(t *testing.T) {
	for name, reply := range map[string]clReply{
		"unauthorized": {status: 401},
		"unreachable":  {status: 503},
		"phone error":  {body: replyFailed},
		"bad reply":    {body: "<html>"},
	} {
		t.Run(name, func(t *testing.T) {
			p := newClFakePhone(t, map[string]clReply{fnMakeCall: reply, fnSendKey: {body: replyComplete}})
			c := newClTestClient(t, p.srv.URL, nil)
			if _, err := c.Dial(context.Background(), dialable(t, "203")); err == nil {
				t.Fatal("no error")
			}
			if n := len(p.requests(fnMakeCall)); n != 1 {
				t.Errorf("make_call sent %d times, want once", n)
			}
			if n := len(p.requests(fnSendKey)); n != 0 {
				t.Errorf("fell back to keys")
			}
			if c.DialMethodInUse() != DialAuto {
				t.Errorf("learned %q from a failure", c.DialMethodInUse())
			}
		})
	}
}

func TestDialForcedMethods(t *testing.T) {
	ctx := context.Background()
	p := newClFakePhone(t, map[string]clReply{fnMakeCall: {body: replyInvalidReq}, fnSendKey: {body: replyComplete}})
	keysOnly := newClTestClient(t, p.srv.URL, func(cfg *Config) { cfg.DialMethod = DialKeys })
	if res, err := keysOnly.Dial(ctx, dialable(t, "203")); err != nil || res.Method != DialKeys {
		t.Fatalf("keys: %+v %v", res, err)
	}
	if len(p.requests(fnMakeCall)) != 0 {
		t.Error("forced keys tried make_call")
	}
	mcOnly := newClTestClient(t, p.srv.URL, func(cfg *Config) { cfg.DialMethod = DialMakeCall })
	if _, err := mcOnly.Dial(ctx, dialable(t, "203")); !errors.Is(err, ErrNotSupported) {
		t.Errorf("forced make_call: %v, want ErrNotSupported", err)
	}
	if len(p.requests(fnSendKey)) != 1 {
		t.Error("forced make_call fell back to keys")
	}
	if mcOnly.DialMethodInUse() != DialMakeCall || keysOnly.DialMethodInUse() != DialKeys {
		t.Error("DialMethodInUse does not report the forced method")
	}
}

func TestDialPlusByKeys(t *testing.T) {
	ctx := context.Background()
	p := newClFakePhone(t, map[string]clReply{fnMakeCall: {body: replyInvalidReq}, fnSendKey: {body: replyComplete}})
	c := newClTestClient(t, p.srv.URL, func(cfg *Config) { cfg.DialMethod = DialKeys })
	_, err := c.Dial(ctx, dialable(t, "+74951234567"))
	if !errors.Is(err, ErrInvalidNumber) || !strings.Contains(err.Error(), "+ replacement") {
		t.Errorf("keys with +: %v", err)
	}
	auto := newClTestClient(t, p.srv.URL, nil)
	_, err = auto.Dial(ctx, dialable(t, "+74951234567"))
	if !errors.Is(err, ErrInvalidNumber) || !strings.Contains(err.Error(), "+ replacement") || !strings.Contains(err.Error(), "Click-To-Dial") {
		t.Errorf("auto with +: %v", err)
	}
	if n := len(p.requests(fnSendKey)); n != 0 {
		t.Errorf("%d send_key requests for an undialable number", n)
	}
}

func TestDialPendingExtension(t *testing.T) {
	p := newClFakePhone(t, map[string]clReply{fnSendKey: {body: replyComplete}})
	c := newClTestClient(t, p.srv.URL, func(cfg *Config) { cfg.DialMethod = DialKeys })
	res, err := c.Dial(context.Background(), dialable(t, "5550100,12"))
	if err != nil {
		t.Fatal(err)
	}
	if res.Pending != "12" || res.Keys[len(res.Keys)-1] != "SEND" {
		t.Errorf("result %+v", res)
	}
	if got := p.requests(fnSendKey)[0].Query.Get("keys"); got != "5:5:5:0:1:0:0:SEND" {
		t.Errorf("keys %q", got)
	}
}

func TestDialInvalid(t *testing.T) {
	p := newClFakePhone(t, map[string]clReply{fnMakeCall: {body: replyTrue}})
	c := newClTestClient(t, p.srv.URL, nil)
	if _, err := c.Dial(context.Background(), Dialable{}); !errors.Is(err, ErrInvalidNumber) {
		t.Errorf("Dial of no number = %v, want ErrInvalidNumber", err)
	}
	if len(p.requests("")) != 0 {
		t.Error("no number reached the phone")
	}
}
