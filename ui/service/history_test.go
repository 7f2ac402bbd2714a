package service

import (
	"os"
	"testing"
	"time"

	"github.com/gxptray/gxptray/cti"
	"github.com/gxptray/gxptray/ui/localapi"
)

func TestClearHistory(t *testing.T) {
	h := newHarness(t, hopts{actions: true})
	h.online()
	line, _ := h.ringShown("203", "Виталик")
	h.remoteHangup(line)
	m := h.waitShown("missed call notification", isMissed)
	h.waitHistory("missed call", func(c cti.Call) bool { return c.Number == "203" })
	h.waitState("one unseen missed call", func(s localapi.State) bool { return s.UnseenMissed == 1 })

	if err := h.svc.ClearHistory(h.ctx()); err != nil {
		t.Fatal(err)
	}
	if calls, err := h.svc.History(h.ctx(), 10); err != nil || len(calls) != 0 {
		t.Errorf("history after the clear: %+v, %v", calls, err)
	}
	if b, err := os.ReadFile(h.svc.cfg.Paths.HistoryFile); err != nil || len(b) != 0 {
		t.Errorf("history file after the clear: %q, %v", b, err)
	}
	h.waitClosed(m.ID)
	// Subscribers learn that what they read of the history is gone.
	h.waitState("the clear announced", func(s localapi.State) bool { return s.HistoryCleared == 1 && s.UnseenMissed == 0 })
}

func TestStateSaysWhenACallWasAnswered(t *testing.T) {
	h := newHarness(t, hopts{actions: true})
	h.online()
	before := time.Now()
	line, _ := h.ringShown("203", "Виталик")
	if err := h.svc.AnswerLine(h.ctx(), line); err != nil {
		t.Fatal(err)
	}
	st := h.waitState("the answer time", func(s localapi.State) bool { return !s.AnsweredAt[line].IsZero() })
	if at := st.AnsweredAt[line]; at.Before(before) || at.After(time.Now()) {
		t.Errorf("answered at %v, the call started ringing after %v", at, before)
	}
	h.remoteHangup(line)
	h.waitState("no answer time after the call", func(s localapi.State) bool { return s.AnsweredAt == nil })
}
